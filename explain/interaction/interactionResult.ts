/**
 * What Integrated and Expected Hessians return: plain arrays (nothing to dispose), the checks
 * computed from the same draws, and a readable text table for notebooks.
 */
import { checkFeatureNames, meanAbsOf, type NestedNumbers } from '../attribution/result';
import { errors } from '../internal/errors';
import { fmt, formatParams, nest, table } from '../internal/textTable';
import { checkFiniteRows } from '../internal/finiteResult';

/** Checks that come with every interaction result. Layouts are per explained row (see `rows`). */
export interface InteractionDiagnostics {
  /**
   * φ of the matching attribution method (Integrated Gradients for IH, Expected Gradients for
   * EH) computed from the same draws, one array of R per explained row.
   */
  attributions: number[][];
  /** Σⱼ Γᵢⱼ − φᵢ per explained row and interaction axis entry i (completeness of each row). */
  rowSumGap: number[][];
  /** Monte-Carlo standard error of `rowSumGap` (random draws only), else null. */
  rowSumGapStandardError: number[][] | null;
  /** ΣᵢⱼΓᵢⱼ − (f(x) − f(x')) per explained row (f(x') averaged over the drawn references). */
  totalGap: number[];
  /** Monte-Carlo standard error of `totalGap` (random draws only), else null. */
  totalGapStandardError: number[] | null;
  /** max |Γᵢⱼ − Γⱼᵢ| per explained row; null for a single row (it needs the whole matrix). */
  maxAsymmetry: number[] | null;
  /** f(x) per explained row. */
  outputAtInput: number[];
  /** f(x') per explained row, averaged over the drawn references. */
  outputAtBaseline: number[];
  /** Path points (α, β, reference) per input and output. */
  evaluations: number;
  /** How the second derivatives were computed: closed form for a dense stack, else autodiff; 'none' for Shapley interaction values (model outputs only). */
  hessian: 'dense' | 'autodiff' | 'none';
}

/** Interactions for a batch of inputs. */
export interface InteractionResult {
  /** `integratedHessians` or `expectedHessians`. */
  method: string;
  /**
   * Shape of the interactions: [N, (K,) ...A, ...A] for the full matrices or [N, (K,) ...A] for the
   * row of `interactionIndex`, where A is the interaction axis shape (the input's feature shape,
   * or [T] for token-level interactions) and K is present when every output of a K-output model
   * is explained.
   */
  shape: number[];
  /** The interaction axis shape A. */
  featureShape: number[];
  /** K when every output of a multi-output model is explained, else null. */
  outputs: number | null;
  /** The requested row as a flat index into A, or null for full matrices. */
  interactionIndex: number | null;
  /**
   * One array per explained row (input, or input × output): the R × R matrix flattened row-major
   * (R = product of A), or the single row of length R.
   */
  interactions: number[][];
  /** Monte-Carlo standard errors in the layout of `interactions` (Expected Hessians), else null. */
  standardError: number[][] | null;
  /** Completeness, symmetry and sampling diagnostics. */
  diagnostics: InteractionDiagnostics;
  /** Warnings raised for this call (e.g. a vanishing Hessian), also written to stderr once per model. */
  warnings: string[];
  /**
   * One name per entry of the interaction axis (R names), set by
   * {@link InteractionResult.withFeatureNames}; plots and `topPairs` read them. Default: none.
   */
  featureNames?: string[];
  /** Explained row `row` as an R × R matrix (full results) or a 1 × R matrix (a single row). */
  matrix(row: number): number[][];
  /** The interactions nested in `shape`. */
  nested(): NestedNumbers;
  /** Mean |Γᵢⱼ| over the explained rows, laid out as {@link InteractionResult.matrix} (R × R, or 1 × R). */
  meanAbs(): number[][];
  /**
   * The k strongest pairs (i, j), i ≠ j, strongest first. Full matrices rank Γᵢⱼ + Γⱼᵢ (the whole
   * interaction of i and j), a single row (`interactionIndex`) ranks Γ_kj. With `row`, `value`
   * is that explained row's signed interaction and pairs are ranked by its magnitude; without,
   * `value` is its mean magnitude over the explained rows (mean |Γᵢⱼ + Γⱼᵢ|). k larger than the
   * number of pairs (or `Infinity`) gives them all.
   */
  topPairs(k: number, options?: TopPairsOptions): InteractionPairSummary[];
  /** Mean over the explained rows of |ΣᵢⱼΓᵢⱼ − (f(x) − f(x'))| (see `diagnostics.totalGap`). */
  meanAbsGap(): number;
  /** The same result carrying `names` (R of them) as its `featureNames`. */
  withFeatureNames(names: readonly string[]): InteractionResult;
  /** A readable summary: strongest pairs and the completeness and symmetry checks per row. */
  toText(): string;
}

/** Options of {@link InteractionResult.topPairs}. */
export interface TopPairsOptions {
  /** Rank the pairs of this explained row only. Default: none (mean magnitude over all rows). */
  row?: number;
}

/** One pair of {@link InteractionResult.topPairs}. */
export interface InteractionPairSummary {
  /** `name_i × name_j` (feature names, or indices when the result has none). */
  pair: string;
  /** Flat index of the first feature (i < j; for a single-row result, `interactionIndex`). */
  i: number;
  /** Flat index of the second feature. */
  j: number;
  /** Γᵢⱼ + Γⱼᵢ of the row asked for, or its mean magnitude over the explained rows. */
  value: number;
}

/**
 * The pairs i < j of one explained row with their interaction: Γᵢⱼ + Γⱼᵢ of a full R × R row,
 * Γ_kj of the row of interactionIndex k. In (i, j) order.
 */
function rowPairs(v: readonly number[], R: number, interactionIndex: number | null): [number, number, number][] {
  const pairs: [number, number, number][] = [];
  if (interactionIndex === null) {
    for (let i = 0; i < R; i++) for (let j = i + 1; j < R; j++) pairs.push([i, j, v[i * R + j] + v[j * R + i]]);
  } else {
    for (let j = 0; j < R; j++) if (j !== interactionIndex) pairs.push([interactionIndex, j, v[j]]);
  }
  return pairs;
}

/** Strongest |value| first; ties keep (i, j) order. */
const byMagnitude = (x: [number, number, number], y: [number, number, number]) => Math.abs(y[2]) - Math.abs(x[2]);

function label(flat: number, shape: readonly number[]): string {
  if (shape.length <= 1) return String(flat);
  const idx: number[] = [];
  let rest = flat;
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(rest % shape[a]);
    rest = Math.floor(rest / shape[a]);
  }
  return `(${idx.join(',')})`;
}

/** Builds an {@link InteractionResult} from per-row flat arrays. */
export function makeInteractionResult(
  args: Pick<
    InteractionResult,
    'method' | 'featureShape' | 'outputs' | 'interactionIndex' | 'interactions' | 'standardError' | 'diagnostics' | 'warnings'
  > & {
    numInputs: number;
    params: Record<string, string | number | boolean | undefined>;
    featureNames?: readonly string[];
  },
): InteractionResult {
  const { method, numInputs, featureShape, outputs, interactionIndex, interactions, diagnostics } = args;
  const R = featureShape.reduce((a, b) => a * b, 1);
  const perInput = Math.max(1, Math.floor(interactions.length / Math.max(1, numInputs)));
  checkFiniteRows(
    method,
    numInputs,
    diagnostics.outputAtInput,
    (i) => interactions.slice(i * perInput, (i + 1) * perInput).flat(),
    'interactions',
  );
  const lead = outputs === null ? [numInputs] : [numInputs, outputs];
  const shape = interactionIndex === null ? [...lead, ...featureShape, ...featureShape] : [...lead, ...featureShape];
  const featureNames = args.featureNames === undefined ? undefined : checkFeatureNames(args.featureNames, R, 'withFeatureNames');
  const name = (flat: number) => (featureNames ? featureNames[flat] : label(flat, featureShape));
  return {
    method,
    ...(featureNames ? { featureNames } : {}),
    shape,
    featureShape: [...featureShape],
    outputs,
    interactionIndex,
    interactions,
    standardError: args.standardError,
    diagnostics,
    warnings: args.warnings,
    matrix(row) {
      const v = interactions[row];
      if (!v) throw new RangeError(`row ${row} is out of range [0, ${interactions.length - 1}]`);
      const h = interactionIndex === null ? R : 1;
      return Array.from({ length: h }, (_, i) => v.slice(i * R, (i + 1) * R));
    },
    nested() {
      const flat: number[] = [];
      for (const r of interactions) for (const v of r) flat.push(v);
      return nest(flat, shape, 0);
    },
    meanAbs() {
      const h = interactionIndex === null ? R : 1;
      const out = Array.from({ length: h }, () => new Array<number>(R).fill(0));
      for (const v of interactions) for (let i = 0; i < h; i++) for (let j = 0; j < R; j++) out[i][j] += Math.abs(v[i * R + j]);
      return interactions.length === 0 ? out : out.map((r) => r.map((x) => x / interactions.length));
    },
    topPairs(k, options = {}) {
      const fn = 'topPairs';
      if (!(Number.isInteger(k) || k === Infinity) || k < 1) throw new Error(errors.topPairsCount(fn, k));
      const { row } = options;
      let pairs: [number, number, number][];
      if (row !== undefined) {
        if (!Number.isInteger(row) || row < 0 || row >= interactions.length) {
          throw new Error(errors.topPairsRow(fn, interactions.length, row));
        }
        pairs = rowPairs(interactions[row], R, interactionIndex);
      } else {
        pairs = rowPairs(new Array<number>(interactions[0]?.length ?? 0).fill(0), R, interactionIndex);
        for (const v of interactions) rowPairs(v, R, interactionIndex).forEach((p, q) => (pairs[q][2] += Math.abs(p[2])));
        for (const p of pairs) p[2] /= Math.max(1, interactions.length);
      }
      return pairs
        .sort(byMagnitude)
        .slice(0, k)
        .map(([i, j, value]) => ({ pair: `${name(i)} × ${name(j)}`, i, j, value }));
    },
    meanAbsGap() {
      return meanAbsOf(diagnostics.totalGap);
    },
    withFeatureNames(next) {
      return makeInteractionResult({ ...args, featureNames: next });
    },
    toText() {
      const p = formatParams(args.params);
      const what =
        interactionIndex === null ? 'interactions' : `row ${label(interactionIndex, featureShape)} of the interactions`;
      const lines = [`${method}: ${what}, shape [${shape.join(', ')}]${p ? ` (${p})` : ''}, ${diagnostics.hessian} Hessians`];
      const k = outputs ?? 1;
      const head = ['row', ...(outputs !== null ? ['output'] : []), 'strongest pairs (i×j: Γᵢⱼ)', 'max |row gap|', 'total gap'];
      if (diagnostics.maxAsymmetry) head.push('max |Γᵢⱼ−Γⱼᵢ|');
      const body: string[][] = [head];
      const show = Math.min(interactions.length, 10);
      for (let r = 0; r < show; r++) {
        const top = rowPairs(interactions[r], R, interactionIndex)
          .sort(byMagnitude)
          .slice(0, 3)
          .map(([i, j, g]) => `${name(i)}×${name(j)}: ${fmt(g)}`)
          .join('; ');
        const line = [String(Math.floor(r / k)), ...(outputs !== null ? [String(r % k)] : []), top || '—'];
        line.push(fmt(Math.max(...diagnostics.rowSumGap[r].map(Math.abs))), fmt(diagnostics.totalGap[r]));
        if (diagnostics.maxAsymmetry) line.push(fmt(diagnostics.maxAsymmetry[r]));
        body.push(line);
      }
      lines.push(...table(body));
      if (interactions.length > show) lines.push(`… ${interactions.length - show} more rows`);
      if (interactionIndex === null && R <= 8 && interactions.length > 0) {
        lines.push(`Γ of row 0:`);
        const m = [['', ...Array.from({ length: R }, (_, j) => label(j, featureShape))]];
        for (let i = 0; i < R; i++) m.push([label(i, featureShape), ...interactions[0].slice(i * R, (i + 1) * R).map(fmt)]);
        lines.push(...table(m));
      }
      if (interactionIndex === null) lines.push('pairs show Γᵢⱼ + Γⱼᵢ (the whole interaction of i and j)');
      for (const w of args.warnings) lines.push(`warning: ${w}`);
      return lines.join('\n');
    },
  };
}
