/**
 * The bar interaction plot of path_explain (Janizek, Sturmfels & Lee, "Explaining Explanations:
 * Axiomatic Feature Interactions for Deep Networks", JMLR 22(104), 2021): the token pairs that
 * interact most strongly.
 */
import { Chart } from './Chart';
import { dense, labels, positiveInteger, positiveNumber, round, type Numbers2D } from './internal/arrays';
import { errors, warnings, warnOnce } from './internal/errors';
import { divergingScale, maxAbs, topLevel } from './internal/spec';
import { interactionMatrix, isInteractionsResult, type InteractionsResultLike } from './internal/results';
import { checkOptionKeys } from './internal/optionKeys';

/** Options of {@link barInteractionPlot}. */
export interface BarInteractionPlotOptions {
  /** How many pairs to show, largest |interaction| first; more than there are pairs is clamped with a warning. Default: 5. */
  topK?: number;
  /** Exactly these `[i, j]` pairs, in this order, instead of the top k. Default: none. */
  pairIndices?: [number, number][];
  /** Leave out self-interactions (i = j) when ranking pairs, and from the colour range. Default: true. */
  zeroDiagonal?: boolean;
  /** Plot width in pixels. Default: 360. */
  width?: number;
  /** Chart title. Default: `Strongest interacting pairs`. */
  title?: string;
}

/** Options of {@link barInteractionPlot} drawn from an interaction result. */
export interface BarInteractionPlotResultOptions extends BarInteractionPlotOptions {
  /** The explained row to plot. Default: the only row; for several, the mean |Γ| over them. */
  row?: number;
  /** The token (or feature) names. Default: the result's `featureNames`, else `0`, `1`, …. */
  tokens?: string[];
}

const DEFAULTS = { topK: 5, zeroDiagonal: true, width: 360, title: 'Strongest interacting pairs', barHeight: 24 } as const;

const FN = 'barInteractionPlot';

/** One ranked pair of a {@link barInteractionPlot}. */
export interface InteractionPair {
  i: number;
  j: number;
  value: number;
}

/**
 * The top-k pairs i ≤ j of an interaction matrix by |Γ[i][j]| (upper triangle, as path_explain;
 * the diagonal excluded when `zeroDiagonal`), ties broken by position.
 */
export function topInteractionPairs(values: Float64Array, t: number, k: number, includeDiagonal: boolean): InteractionPair[] {
  const pairs: InteractionPair[] = [];
  for (let i = 0; i < t; i++)
    for (let j = includeDiagonal ? i : i + 1; j < t; j++) pairs.push({ i, j, value: values[i * t + j] });
  pairs.sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.i - b.i || a.j - b.j);
  return pairs.slice(0, k);
}

/**
 * Horizontal bars for the token pairs with the largest |interaction|, strongest on top, each
 * labelled `tokenI, tokenJ (i, j)` and coloured on the diverging maroon–white–aqua scale.
 *
 * @param interactions `[tokens, tokens]` interactions Γ.
 * @param tokens The token (or feature) names, one per row.
 */
export function barInteractionPlot(interactions: Numbers2D, tokens: string[], options?: BarInteractionPlotOptions): Chart;
/**
 * Bar interaction plot of an interaction result (full matrices): one explained row (`row`), or
 * the mean |Γ| over its rows; labelled by its `featureNames` unless `tokens` are given.
 *
 * @param result An interaction result (Integrated or Expected Hessians, …).
 */
export function barInteractionPlot(result: InteractionsResultLike, options?: BarInteractionPlotResultOptions): Chart;
export function barInteractionPlot(
  first: Numbers2D | InteractionsResultLike,
  second?: string[] | BarInteractionPlotResultOptions,
  third: BarInteractionPlotOptions = {},
): Chart {
  if (!isInteractionsResult(first)) return drawBars(first, second as string[], third);
  checkOptionKeys('barInteractionPlot result', second, 'options', FN);
  const { row, tokens, ...rest } = (second ?? {}) as BarInteractionPlotResultOptions;
  const m = interactionMatrix(first, row, FN);
  return drawBars(m, tokens ?? (first.featureNames ? [...first.featureNames] : m.map((_, i) => String(i))), rest);
}

function drawBars(interactions: Numbers2D, tokens: string[], options: BarInteractionPlotOptions): Chart {
  checkOptionKeys('barInteractionPlot', options);
  const m = dense(interactions, 'interactions', FN, [2], 'a 2-D array [tokens, tokens]');
  const [t, t2] = m.shape;
  if (t !== t2) throw new Error(errors.wrongRank('interactions', FN, 'a square 2-D array [tokens, tokens]', m.shape));
  const words = labels(tokens, 'tokens', FN, t, 'one per row of the interaction matrix');
  const zeroDiagonal = options.zeroDiagonal ?? DEFAULTS.zeroDiagonal;
  const values = Float64Array.from(m.values);
  if (zeroDiagonal) for (let i = 0; i < t; i++) values[i * t + i] = 0;
  let pairs: InteractionPair[];
  if (options.pairIndices !== undefined) {
    if (!Array.isArray(options.pairIndices) || options.pairIndices.length === 0) throw new Error(errors.empty('pairIndices', FN));
    pairs = options.pairIndices.map((p, r) => {
      const ok = Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0 && v < t);
      if (!ok) throw new Error(errors.badOption(`pairIndices[${r}]`, FN, `a pair [i, j] of token indices in [0, ${t})`, p));
      return { i: p[0], j: p[1], value: values[p[0] * t + p[1]] };
    });
    if (options.topK !== undefined) warnOnce(warnings.ignored(FN, 'topK', "'pairIndices' were given"));
  } else {
    const available = zeroDiagonal ? (t * (t - 1)) / 2 : (t * (t + 1)) / 2;
    if (available === 0) throw new Error(errors.badOption('tokens', FN, 'at least two tokens (one pair)', words));
    let k = positiveInteger(options.topK ?? DEFAULTS.topK, 'topK', FN);
    if (k > available) {
      warnOnce(warnings.topKClamped(FN, 'topK', k, available, 'token pairs'));
      k = available;
    }
    pairs = topInteractionPairs(values, t, k, !zeroDiagonal);
  }
  const width = positiveNumber(options.width ?? DEFAULTS.width, 'width', FN);
  const bound = maxAbs(values);
  const data = pairs.map((p, rank) => ({
    rank,
    pair: `${words[p.i]}, ${words[p.j]} (${p.i}, ${p.j})`,
    i: p.i,
    j: p.j,
    value: round(p.value),
  }));
  const spec = topLevel({
    title: options.title ?? DEFAULTS.title,
    width,
    height: pairs.length * DEFAULTS.barHeight,
    data: { values: data },
    layer: [
      {
        mark: { type: 'bar', stroke: '#555555', strokeWidth: 0.5 },
        encoding: {
          y: { field: 'pair', type: 'nominal', title: null, sort: { field: 'rank', order: 'ascending' } },
          x: { field: 'value', type: 'quantitative', title: 'Interaction value' },
          fill: { field: 'value', type: 'quantitative', scale: divergingScale(-bound, bound), legend: null },
          tooltip: [
            { field: 'pair', type: 'nominal', title: 'Pair' },
            { field: 'value', type: 'quantitative', title: 'Interaction' },
          ],
        },
      },
      { data: { values: [{}] }, mark: { type: 'rule', color: '#333333' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
    ],
  });
  return new Chart(
    spec,
    `${FN}: top ${pairs.length} of ${t} tokens' pairs: ${data.map((d) => `${d.pair} ${round(d.value, 3)}`).join('; ')}`,
  );
}
