/**
 * Explain results handed to a plot directly (`summaryPlot(eg, { featureValues })`). viz/ must not
 * import explain/, so results are recognised by their fields, like tensors in arrays.ts.
 */
import { errors } from './errors';
import { checkOptionKeys, type OPTION_KEYS } from './optionKeys';
import type { Numbers2D } from './arrays';

/** What a plot reads of an attribution result: its rows, feature names and standard errors. */
export interface AttributionsResultLike {
  /** One row of attributions per input, `[examples, features]`. */
  attributions: ArrayLike<ArrayLike<number>>;
  /** One name per feature. */
  featureNames?: readonly string[];
  /** K when every output of a K-output model is explained (rows then hold K × features), else null. */
  outputs?: number | null;
  /**
   * Monte-Carlo standard errors (Expected Gradients), laid out as `attributions`, and f(x) and
   * f(x') per row.
   */
  diagnostics?: {
    standardError?: ArrayLike<ArrayLike<number>>;
    outputAtInput?: ArrayLike<number>;
    outputAtBaseline?: ArrayLike<number>;
  };
}

/** What a plot reads of an interaction result: its rows (R × R flattened), axis shape and names. */
export interface InteractionsResultLike {
  /** One flattened R × R matrix (or one row of R, with `interactionIndex`) per explained row. */
  interactions: ArrayLike<ArrayLike<number>>;
  /** The interaction axis shape (its product is R). */
  featureShape: readonly number[];
  /** The row of the matrix held, for single-row results; null or absent for full matrices. */
  interactionIndex?: number | null;
  /** One name per entry of the interaction axis. */
  featureNames?: readonly string[];
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/** Whether `x` is an attribution result (an object with an `attributions` array of rows). */
export function isAttributionsResult(x: unknown): x is AttributionsResultLike {
  return isObject(x) && Array.isArray(x.attributions);
}

/** Whether `x` is an interaction result (an object with `interactions` rows and a `featureShape`). */
export function isInteractionsResult(x: unknown): x is InteractionsResultLike {
  return isObject(x) && Array.isArray(x.interactions) && Array.isArray(x.featureShape);
}

const names = (r: { featureNames?: readonly string[] }) => (r.featureNames ? [...r.featureNames] : undefined);

/** The result's feature names, as a plot's `featureNames` option (absent when it has none). */
export function resultNames(r: { featureNames?: readonly string[] }): { featureNames?: string[] } {
  const n = names(r);
  return n ? { featureNames: n } : {};
}

/**
 * The options of a plot called as `plot(result, { featureValues, ...options })` (summary,
 * scatter): checked against `keys`, `featureValues` required, and the result's feature names
 * filled in unless the options give their own.
 */
export function resultWithValues<O extends { featureValues: Numbers2D }>(
  result: AttributionsResultLike,
  options: O | undefined,
  keys: keyof typeof OPTION_KEYS,
  fn: string,
): { featureValues: Numbers2D; rest: Omit<O, 'featureValues'> & { featureNames?: string[] } } {
  checkOptionKeys(keys, options, 'options', fn);
  const { featureValues, ...rest } = (options ?? {}) as Partial<O>;
  if (featureValues === undefined) {
    throw new Error(errors.badOption('featureValues', fn, 'the [examples, features] inputs the result explains', featureValues));
  }
  return { featureValues, rest: { ...resultNames(result), ...(rest as Omit<O, 'featureValues'>) } };
}

/**
 * One explained row of an attribution result for the additive plots (waterfall, force): its φ,
 * f(x') as the base value and f(x) as the output value.
 */
export function additiveRow(
  r: AttributionsResultLike,
  row: number | undefined,
  fn: string,
): { attributions: number[]; baseValue: number; outputValue: number | undefined } {
  if (r.outputs !== undefined && r.outputs !== null) throw new Error(errors.everyOutputResult(fn, r.outputs));
  const i = row ?? 0;
  if (!Number.isInteger(i) || i < 0 || i >= r.attributions.length)
    throw new Error(errors.resultRow(fn, r.attributions.length, row));
  const base = r.diagnostics?.outputAtBaseline?.[i];
  if (base === undefined) throw new Error(errors.noBaseValue(fn));
  return { attributions: Array.from(r.attributions[i]), baseValue: base, outputValue: r.diagnostics?.outputAtInput?.[i] };
}

/** The full R × R matrices of an interaction result, `[rows][R][R]`. */
export function interactionMatrices(r: InteractionsResultLike, fn: string): number[][][] {
  if (r.interactionIndex !== undefined && r.interactionIndex !== null) throw new Error(errors.singleRowResult(fn));
  const R = r.featureShape.reduce((a, b) => a * b, 1);
  return Array.from(r.interactions, (v) =>
    Array.from({ length: R }, (_, i) => Array.from({ length: R }, (_, j) => v[i * R + j])),
  );
}

/**
 * The R × R matrix an interaction plot draws from a result: explained row `row`, or with no row
 * the only row, or the mean |Γ| over the rows when there are several.
 */
export function interactionMatrix(r: InteractionsResultLike, row: number | undefined, fn: string): number[][] {
  const all = interactionMatrices(r, fn);
  if (row !== undefined) {
    if (!Number.isInteger(row) || row < 0 || row >= all.length) throw new Error(errors.resultRow(fn, all.length, row));
    return all[row];
  }
  if (all.length === 1) return all[0];
  return all[0].map((line, i) => line.map((_, j) => all.reduce((s, m) => s + Math.abs(m[i][j]), 0) / all.length));
}
