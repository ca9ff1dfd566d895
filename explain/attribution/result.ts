/**
 * What every attribution method returns: plain arrays (nothing to dispose), diagnostics and a
 * readable text table for notebooks.
 */

import type { MethodRun } from '../internal/output';
import { errors } from '../internal/errors';
import { checkFiniteRows } from '../internal/finiteResult';
import { fmt, formatParams, nest, table as alignTable } from '../internal/textTable';

/** Nested arrays of numbers of any depth, as returned by {@link AttributionResult.nested}. */
export type NestedNumbers = number[] | NestedNumbers[];

/** Checks that come with every attribution. */
export interface AttributionDiagnostics {
  /**
   * Per explained row, Σφ − (f(x) − f(x')): how far the attributions are from summing to the
   * output difference (completeness; Sundararajan et al. 2017). f(x') is averaged over the
   * references drawn for Expected Gradients. Rows are the inputs, or input-major
   * (input × output) when every output of a multi-output model is explained. Methods that
   * have no baseline (saliency, gradient, gradient×input, ε-LRP) measure it against a zero input.
   */
  completenessGap: number[];
  /** Per explained row, the explained output f(x). */
  outputAtInput: number[];
  /** Per explained row, f(x') (the mean over drawn references for Expected Gradients). */
  outputAtBaseline: number[];
  /**
   * Expected Gradients only: the Monte-Carlo standard error of each attribution, √(var/n) with
   * the sample variance over the n draws; same layout as `attributions`.
   */
  standardError?: number[][];
  /**
   * Expected Gradients only: per explained row, the Monte-Carlo standard error of the
   * completeness gap (the gap should lie within a few of these).
   */
  completenessStandardError?: number[];
  /** Path points (or permutations, or windows) evaluated per input and output. */
  evaluations?: number;
  /** LIME only: per explained row, the weighted R² of the surrogate linear model on its samples. */
  surrogateR2?: number[];
  /** LIME only: per explained row, the surrogate's intercept (its prediction with every feature absent). */
  surrogateIntercept?: number[];
}

/** Attributions for a batch of inputs. */
export interface AttributionResult {
  /** The method that produced them, e.g. `expectedGradients`. */
  method: string;
  /**
   * Shape of the attributions: the inputs' shape [N, ...featureShape], or
   * [N, K, ...featureShape] when every output of a K-output model is explained.
   */
  shape: number[];
  /** The feature shape of one input (for the embedding explainer: [T]). */
  featureShape: number[];
  /** K when every output of a multi-output model is explained, else null. */
  outputs: number | null;
  /**
   * One row per input: its attributions flattened row-major (over [K, ...featureShape] when
   * every output is explained). For tabular inputs [N, d] this is the [N][d] matrix.
   */
  attributions: number[][];
  /** Completeness and sampling diagnostics. */
  diagnostics: AttributionDiagnostics;
  /**
   * One name per feature (per entry of a row of `attributions`), set by
   * {@link AttributionResult.withFeatureNames}; plots and tables read them. Default: none.
   */
  featureNames?: string[];
  /** The attributions nested in `shape`. */
  nested(): NestedNumbers;
  /**
   * Mean |φ| over the rows, one value per feature (per entry of a row, so per output and
   * feature when every output is explained): the global importance of shap's `sv.abs.mean(0)`.
   */
  meanAbs(): number[];
  /** Mean over the explained rows of |completeness gap| (see `diagnostics.completenessGap`). */
  meanAbsGap(): number;
  /** The same result carrying `names` (one per entry of a row) as its `featureNames`. */
  withFeatureNames(names: readonly string[]): AttributionResult;
  /** A readable table: the first rows and features, Σφ, f(x) − f(x') and the gap. */
  toText(): string;
}

/** Parameters shown in the text header, e.g. `{ numSamples: 200, seed: 0 }`. */
export type ResultParams = Record<string, string | number | boolean | undefined>;

/** Builds an {@link AttributionResult} from flat values ([N, (K,) d] row-major). */
export function makeResult(args: {
  method: string;
  values: ArrayLike<number>;
  numInputs: number;
  featureShape: number[];
  outputs: number | null;
  diagnostics: AttributionDiagnostics;
  standardError?: ArrayLike<number> | null;
  params?: ResultParams;
  featureNames?: readonly string[];
}): AttributionResult {
  const { numInputs, featureShape, outputs } = args;
  const rowLen = featureShape.reduce((a, b) => a * b, 1) * (outputs ?? 1);
  const rows = (src: ArrayLike<number>): number[][] => {
    const out: number[][] = [];
    // A plain loop: Array.from with a map callback costs about 1 ms per 16k values.
    for (let i = 0; i < numInputs; i++) {
      const row = new Array<number>(rowLen);
      for (let j = 0, o = i * rowLen; j < rowLen; j++) row[j] = src[o + j];
      out.push(row);
    }
    return out;
  };
  const attributions = rows(args.values);
  checkFiniteRows(args.method, numInputs, args.diagnostics.outputAtInput, (i) => attributions[i], 'attributions');
  const diagnostics: AttributionDiagnostics = { ...args.diagnostics };
  if (args.standardError) diagnostics.standardError = rows(args.standardError);
  const shape = outputs === null ? [numInputs, ...featureShape] : [numInputs, outputs, ...featureShape];
  return buildResult(
    args.method,
    shape,
    [...featureShape],
    outputs,
    attributions,
    diagnostics,
    args.params ?? {},
    args.featureNames,
  );
}

/** Mean |v| per column of `rows` (0 for no rows). */
export function meanAbsColumns(rows: readonly (readonly number[])[], width: number): number[] {
  const out = new Array<number>(width).fill(0);
  for (const r of rows) for (let j = 0; j < width; j++) out[j] += Math.abs(r[j]);
  return rows.length === 0 ? out : out.map((v) => v / rows.length);
}

/** Mean |v| of `values` (NaN for none). */
export function meanAbsOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + Math.abs(b), 0) / values.length;
}

/** Checks `names` as the feature names of a result whose rows have `width` entries. */
export function checkFeatureNames(names: unknown, width: number, fn: string): string[] {
  if (!Array.isArray(names) || names.length !== width || !names.every((n) => typeof n === 'string')) {
    throw new Error(errors.badFeatureNames(fn, width, names));
  }
  return [...(names as string[])];
}

function buildResult(
  method: string,
  shape: number[],
  featureShape: number[],
  outputs: number | null,
  attributions: number[][],
  diagnostics: AttributionDiagnostics,
  params: ResultParams,
  names: readonly string[] | undefined,
): AttributionResult {
  const numInputs = shape[0];
  const rowLen = featureShape.reduce((a, b) => a * b, 1) * (outputs ?? 1);
  const featureNames = names === undefined ? undefined : checkFeatureNames(names, rowLen, 'withFeatureNames');
  return {
    method,
    shape,
    featureShape,
    outputs,
    attributions,
    diagnostics,
    ...(featureNames ? { featureNames } : {}),
    nested() {
      return nest(attributions.flat(), shape, 0);
    },
    meanAbs() {
      return meanAbsColumns(attributions, rowLen);
    },
    meanAbsGap() {
      return meanAbsOf(diagnostics.completenessGap);
    },
    withFeatureNames(next) {
      return buildResult(method, shape, featureShape, outputs, attributions, diagnostics, params, next);
    },
    toText() {
      const p = formatParams(params);
      const lines = [`${method}: attributions of shape [${shape.join(', ')}]${p ? ` (${p})` : ''}`];
      const k = outputs ?? 1;
      const d = rowLen / k;
      const showF = Math.min(d, 6);
      const header = ['row', ...(outputs !== null ? ['output'] : [])];
      for (let j = 0; j < showF; j++) header.push(featureNames && outputs === null ? featureNames[j] : `φ[${j}]`);
      if (d > showF) header.push('…');
      header.push('Σφ', "f(x)−f(x')", 'gap');
      if (diagnostics.standardError) header.push('max SE');
      const table: string[][] = [header];
      const showRows = Math.min(numInputs, 10);
      for (let i = 0; i < showRows; i++) {
        for (let o = 0; o < k; o++) {
          const r = i * k + o;
          const vals = attributions[i].slice(o * d, (o + 1) * d);
          const line = [String(i), ...(outputs !== null ? [String(o)] : [])];
          for (let j = 0; j < showF; j++) line.push(fmt(vals[j]));
          if (d > showF) line.push('…');
          line.push(
            fmt(vals.reduce((a, b) => a + b, 0)),
            fmt(diagnostics.outputAtInput[r] - diagnostics.outputAtBaseline[r]),
            fmt(diagnostics.completenessGap[r]),
          );
          if (diagnostics.standardError) {
            line.push(fmt(Math.max(...diagnostics.standardError[i].slice(o * d, (o + 1) * d))));
          }
          table.push(line);
        }
      }
      lines.push(...alignTable(table));
      if (numInputs > showRows) lines.push(`… ${numInputs - showRows} more rows`);
      return lines.join('\n');
    },
  };
}

/**
 * Builds the {@link AttributionResult} of a finished run: `evaluations` per input and output,
 * `params` for the text header, `featureShape` when the result's differs from the run's.
 */
export function resultFromRun(
  method: string,
  run: MethodRun,
  evaluations: number,
  params?: ResultParams,
  featureShape: number[] = run.featureShape,
): AttributionResult {
  return makeResult({
    method,
    values: run.values,
    numInputs: run.numInputs,
    featureShape,
    outputs: run.outputs,
    standardError: run.standardError,
    diagnostics: {
      completenessGap: run.completenessGap,
      outputAtInput: run.outputAtInput,
      outputAtBaseline: run.outputAtBaseline,
      ...(run.completenessStandardError ? { completenessStandardError: run.completenessStandardError } : {}),
      evaluations,
    },
    params,
  });
}
