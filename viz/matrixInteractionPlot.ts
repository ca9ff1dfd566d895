/**
 * The matrix interaction plot of path_explain (Janizek, Sturmfels & Lee, "Explaining
 * Explanations: Axiomatic Feature Interactions for Deep Networks", JMLR 22(104), 2021): a
 * token × token heatmap of interactions on a diverging scale.
 */
import { Chart } from './Chart';
import { dense, labels, positiveNumber, round, type Numbers2D } from './internal/arrays';
import { errors } from './internal/errors';
import { divergingScale, labelLookup, maxAbs, topLevel } from './internal/spec';
import { interactionMatrix, isInteractionsResult, type InteractionsResultLike } from './internal/results';
import { checkOptionKeys } from './internal/optionKeys';

/** Options of {@link matrixInteractionPlot}. */
export interface MatrixInteractionPlotOptions {
  /** Set the diagonal (self-interactions, which dwarf the rest) to 0. Default: true. */
  zeroDiagonal?: boolean;
  /** Write each cell's value in it. Default: true for at most 12 tokens. */
  showValues?: boolean;
  /** Side of one cell in pixels. Default: 36. */
  cellSize?: number;
  /** Title of the colour legend. Default: `Interaction value`. */
  legendTitle?: string;
  /** Chart title. Default: none. */
  title?: string;
}

/** Options of {@link matrixInteractionPlot} drawn from an interaction result. */
export interface MatrixInteractionPlotResultOptions extends MatrixInteractionPlotOptions {
  /** The explained row to plot. Default: the only row; for several, the mean |Γ| over them. */
  row?: number;
  /** The token (or feature) names. Default: the result's `featureNames`, else `0`, `1`, …. */
  tokens?: string[];
}

const DEFAULTS = { zeroDiagonal: true, showValuesUpTo: 12, cellSize: 36, legendTitle: 'Interaction value' } as const;

const FN = 'matrixInteractionPlot';

/**
 * Heatmap of a `[tokens, tokens]` interaction matrix, maroon (negative) to aqua (positive),
 * symmetric around 0 at ±max |entry| (after zeroing the diagonal).
 *
 * @param interactions `[tokens, tokens]` interactions Γ.
 * @param tokens The token (or feature) names, one per row.
 */
export function matrixInteractionPlot(interactions: Numbers2D, tokens: string[], options?: MatrixInteractionPlotOptions): Chart;
/**
 * Matrix interaction plot of an interaction result (full matrices): one explained row (`row`),
 * or the mean |Γ| over its rows; labelled by its `featureNames` unless `tokens` are given.
 *
 * @param result An interaction result (Integrated or Expected Hessians, …).
 */
export function matrixInteractionPlot(result: InteractionsResultLike, options?: MatrixInteractionPlotResultOptions): Chart;
export function matrixInteractionPlot(
  first: Numbers2D | InteractionsResultLike,
  second?: string[] | MatrixInteractionPlotResultOptions,
  third: MatrixInteractionPlotOptions = {},
): Chart {
  if (!isInteractionsResult(first)) return drawMatrix(first, second as string[], third);
  checkOptionKeys('matrixInteractionPlot result', second, 'options', FN);
  const { row, tokens, ...rest } = (second ?? {}) as MatrixInteractionPlotResultOptions;
  const m = interactionMatrix(first, row, FN);
  return drawMatrix(m, tokens ?? (first.featureNames ? [...first.featureNames] : m.map((_, i) => String(i))), rest);
}

function drawMatrix(interactions: Numbers2D, tokens: string[], options: MatrixInteractionPlotOptions): Chart {
  checkOptionKeys('matrixInteractionPlot', options);
  const m = dense(interactions, 'interactions', FN, [2], 'a 2-D array [tokens, tokens]');
  const [t, t2] = m.shape;
  if (t !== t2) throw new Error(errors.wrongRank('interactions', FN, 'a square 2-D array [tokens, tokens]', m.shape));
  const words = labels(tokens, 'tokens', FN, t, 'one per row of the interaction matrix');
  const values = Float64Array.from(m.values);
  if (options.zeroDiagonal ?? DEFAULTS.zeroDiagonal) for (let i = 0; i < t; i++) values[i * t + i] = 0;
  const bound = maxAbs(values);
  const cell = positiveNumber(options.cellSize ?? DEFAULTS.cellSize, 'cellSize', FN);
  const showValues = options.showValues ?? t <= DEFAULTS.showValuesUpTo;
  const data = [];
  for (let i = 0; i < t; i++) {
    for (let j = 0; j < t; j++) {
      const v = values[i * t + j];
      data.push({ i, j, rowToken: words[i], columnToken: words[j], value: round(v), dark: Math.abs(v) > 0.6 * bound });
    }
  }
  const axis = (angle: number) => ({
    labelExpr: labelLookup(words),
    title: null,
    labelAngle: angle,
    ticks: false,
    domain: false,
  });
  const xy = {
    x: { field: 'j', type: 'ordinal', axis: { ...axis(-45), orient: 'bottom' } },
    y: { field: 'i', type: 'ordinal', axis: axis(0) },
  };
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
      encoding: {
        ...xy,
        fill: {
          field: 'value',
          type: 'quantitative',
          title: options.legendTitle ?? DEFAULTS.legendTitle,
          scale: divergingScale(-bound, bound),
        },
        tooltip: [
          { field: 'rowToken', type: 'nominal', title: 'Row token' },
          { field: 'i', type: 'quantitative', title: 'Row' },
          { field: 'columnToken', type: 'nominal', title: 'Column token' },
          { field: 'j', type: 'quantitative', title: 'Column' },
          { field: 'value', type: 'quantitative', title: 'Interaction' },
        ],
      },
    },
  ];
  if (showValues) {
    layers.push({
      mark: { type: 'text', fontSize: Math.max(8, Math.min(11, cell / 4)) },
      encoding: {
        ...xy,
        text: { field: 'value', type: 'quantitative', format: '.2~g' },
        color: { condition: { test: 'datum.dark', value: '#ffffff' }, value: '#222222' },
      },
    });
  }
  const body: Record<string, unknown> = {
    width: t * cell,
    height: t * cell,
    data: { values: data },
    layer: layers,
    view: { stroke: null },
  };
  if (options.title !== undefined) body.title = options.title;
  return new Chart(
    topLevel(body),
    `${FN}: ${t} × ${t} interactions${(options.zeroDiagonal ?? DEFAULTS.zeroDiagonal) ? ', diagonal zeroed' : ''}; max |interaction| ${round(bound, 4)}`,
  );
}
