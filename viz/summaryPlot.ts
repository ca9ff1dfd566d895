/**
 * The summary plot of path_explain (Janizek, Sturmfels & Lee, "Explaining Explanations:
 * Axiomatic Feature Interactions for Deep Networks", JMLR 22(104), 2021), after SHAP's: one row
 * per feature, one dot per example at its attribution, coloured by the feature's value.
 */
import { Chart } from './Chart';
import {
  defaultNames,
  dense,
  featureIndex,
  labels,
  positiveInteger,
  positiveNumber,
  robustBounds,
  round,
  type Numbers2D,
  uniqueLabels,
  type Numbers3D,
} from './internal/arrays';
import { errors, warnings, warnOnce } from './internal/errors';
import {
  interactionMatrices,
  isAttributionsResult,
  isInteractionsResult,
  resultWithValues,
  type AttributionsResultLike,
  type InteractionsResultLike,
} from './internal/results';
import { GREEN_GOLD, labelLookup, topLevel } from './internal/spec';
import { checkOptionKeys } from './internal/optionKeys';

/** Options of {@link summaryPlot}. */
export interface SummaryPlotOptions {
  /** One name per feature (column). Default: `Feature 0`, `Feature 1`, …. */
  featureNames?: string[];
  /** How many features to show: those with the largest mean |attribution|; more than there are is clamped with a warning. Default: all features. */
  topK?: number;
  /** Interactions that set each dot's vertical offset instead of the jitter: `[examples, features]` (each feature's interaction with one feature) or `[examples, features, features]` (or an interaction result) together with `interactionFeature`. Default: none (beeswarm jitter). */
  interactions?: Numbers2D | Numbers3D | InteractionsResultLike;
  /** The feature (index or name) whose interactions `interactions[:, i, interactionFeature]` a 3-D `interactions` is read at. Default: none (required with 3-D interactions). */
  interactionFeature?: number | string;
  /** Chart title. Default: `Feature attributions`. */
  title?: string;
  /** Plot width in pixels. Default: 480. */
  width?: number;
  /** Height of one feature's row in pixels. Default: 26. */
  rowHeight?: number;
  /**
   * Most dots drawn (shown features × examples). Above it every m-th example is drawn, with a
   * warning, so that the chart stays a few MB (each dot is ≈ 180 bytes of SVG in every display
   * bundle); the feature order and the colour bounds still come from all examples. Default: 150,000.
   */
  maxDots?: number;
}

const DEFAULTS = {
  title: 'Feature attributions',
  width: 480,
  rowHeight: 26,
  /** Dots of one row stay within ±this many row units of its centre line. */
  spread: 0.4,
  /** Attribution bins used to stack overlapping dots (path_explain uses 100). */
  bins: 100,
  maxDots: 150_000,
} as const;

const FN = 'summaryPlot';

/** Options of {@link summaryPlot} drawn from an attribution result. */
export interface SummaryPlotResultOptions extends SummaryPlotOptions {
  /** `[examples, features]` the inputs the result explains (they colour the dots). Required. */
  featureValues: Numbers2D;
}

/**
 * Beeswarm offsets for one feature: dots whose attributions fall in the same bin alternate above
 * and below the centre line, so dense regions look wide; deterministic (no random draw).
 */
export function beeswarmOffsets(phi: ArrayLike<number>, bins: number, spread: number): Float64Array {
  const n = phi.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, phi[i]);
    hi = Math.max(hi, phi[i]);
  }
  const bin = new Int32Array(n);
  for (let i = 0; i < n; i++) bin[i] = Math.round((bins * (phi[i] - lo)) / (hi - lo + 1e-8));
  // Dots by bin, then by index: a counting sort, since bins are 0 … bins.
  const start = new Int32Array(bins + 2);
  for (let i = 0; i < n; i++) start[bin[i] + 1]++;
  for (let b = 1; b < start.length; b++) start[b] += start[b - 1];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[bin[i]]++] = i;
  const offsets = new Float64Array(n);
  let layer = 0;
  let maxLayer = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (r > 0 && bin[i] !== bin[order[r - 1]]) layer = 0;
    offsets[i] = layer === 0 ? 0 : Math.ceil(layer / 2) * (layer % 2 === 1 ? 1 : -1);
    maxLayer = Math.max(maxLayer, Math.abs(offsets[i]));
    layer++;
  }
  const scale = spread / (maxLayer + 1);
  for (let i = 0; i < n; i++) offsets[i] *= scale;
  return offsets;
}

/**
 * Summary plot: features ordered by mean |attribution| (top `topK`), each example a dot at its
 * attribution, vertically jittered (or offset by its interaction with `interactionFeature`) and
 * coloured from green (low) to gold (high) by the feature's value clipped to that feature's
 * 5th–95th percentile. Tooltips give the values; clicking a dot, or choosing in the drop-down,
 * highlights that feature.
 *
 * @param attributions `[examples, features]` attributions φ.
 * @param featureValues `[examples, features]` the inputs they explain.
 */
export function summaryPlot(attributions: Numbers2D, featureValues: Numbers2D, options?: SummaryPlotOptions): Chart;
/**
 * Summary plot of an attribution result (`summaryPlot(eg, { featureValues: x })`): the same chart
 * as from `eg.attributions`, named by the result's `featureNames` unless `featureNames` is given.
 *
 * @param result An attribution result of `[examples, features]` inputs.
 */
export function summaryPlot(result: AttributionsResultLike, options: SummaryPlotResultOptions): Chart;
export function summaryPlot(
  first: Numbers2D | AttributionsResultLike,
  second?: Numbers2D | SummaryPlotResultOptions,
  third: SummaryPlotOptions = {},
): Chart {
  if (!isAttributionsResult(first)) return drawSummary(first, second as Numbers2D, third);
  const { featureValues, rest } = resultWithValues(
    first,
    second as SummaryPlotResultOptions | undefined,
    'summaryPlot result',
    FN,
  );
  return drawSummary(first.attributions, featureValues, rest);
}

function drawSummary(attributions: Numbers2D, featureValues: Numbers2D, options: SummaryPlotOptions): Chart {
  checkOptionKeys('summaryPlot', options);
  const phi = dense(attributions, 'attributions', FN, [2], 'a 2-D array [examples, features]');
  const [n, d] = phi.shape;
  const x = dense(featureValues, 'featureValues', FN, [2], 'a 2-D array [examples, features]');
  if (x.shape[0] !== n || x.shape[1] !== d) {
    throw new Error(errors.shapeMismatch('featureValues', FN, phi.shape, 'attributions', x.shape));
  }
  // Names identify the rows (and the highlight selection): a repeated one would merge two rows.
  const names =
    options.featureNames === undefined
      ? defaultNames(d)
      : uniqueLabels(labels(options.featureNames, 'featureNames', FN, d, 'one per feature'), 'featureNames', FN, 'feature name');
  let k = options.topK === undefined ? d : positiveInteger(options.topK, 'topK', FN);
  if (k > d) {
    warnOnce(warnings.topKClamped(FN, 'topK', k, d, 'features'));
    k = d;
  }
  const width = positiveNumber(options.width ?? DEFAULTS.width, 'width', FN);
  const rowHeight = positiveNumber(options.rowHeight ?? DEFAULTS.rowHeight, 'rowHeight', FN);
  const maxDots = positiveInteger(options.maxDots ?? DEFAULTS.maxDots, 'maxDots', FN);

  const meanAbs = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) meanAbs[j] += Math.abs(phi.values[i * d + j]) / n;
  const order = Array.from({ length: d }, (_, j) => j)
    .sort((a, b) => meanAbs[b] - meanAbs[a] || a - b)
    .slice(0, k);

  // Above maxDots, every stride-th example is drawn (deterministic, spread over the whole set).
  const stride = n * k > maxDots ? Math.ceil((n * k) / maxDots) : 1;
  const drawn = stride === 1 ? null : Int32Array.from({ length: Math.ceil(n / stride) }, (_, i) => i * stride);
  if (drawn) warnOnce(warnings.dotsSampled(FN, n * k, maxDots, drawn.length, n));
  const pick = (col: Float64Array): Float64Array => (drawn ? Float64Array.from(drawn, (i) => col[i]) : col);
  const offsets = verticalOffsets(phi.values, n, d, order, options, pick);
  // Plain loops: these columns hold up to 150,000 dots each, and per-element callbacks showed.
  const rounded = (values: ArrayLike<number>, f: (v: number) => number): number[] => {
    const out = new Array<number>(values.length);
    for (let i = 0; i < values.length; i++) out[i] = f(values[i]);
    return out;
  };
  const rows = order.map((j, rank) => {
    const all = column(x.values, n, d, j);
    const [lo, hi] = robustBounds(all);
    const value = pick(all);
    const row: Record<string, unknown> = {
      feature: names[j],
      rank,
      attribution: rounded(pick(column(phi.values, n, d, j)), (v) => round(v)),
      value: rounded(value, (v) => round(v)),
      color: rounded(value, (v) => round(hi > lo ? (Math.min(Math.max(v, lo), hi) - lo) / (hi - lo) : 0.5, 4)),
      // The vertical position, computed here rather than by a vega transform: at 150,000 dots
      // every per-dot expression costs. Positive offsets (interactions) point up.
      row: rounded(offsets.offsets[rank], (v) => round(rank - v, 5)),
    };
    if (offsets.interaction) row.interaction = rounded(offsets.interaction[rank], (v) => round(v));
    return row;
  });
  const shown = order.map((j) => names[j]);
  const flattened = ['attribution', 'value', 'color', 'row', ...(offsets.interaction ? ['interaction'] : [])];
  const tooltip: Record<string, unknown>[] = [
    { field: 'feature', type: 'nominal', title: 'Feature' },
    // No number format: data are already rounded, and formatting every dot's tooltip is slow.
    { field: 'value', type: 'quantitative', title: 'Value' },
    { field: 'attribution', type: 'quantitative', title: 'Attribution' },
  ];
  if (offsets.interaction) {
    tooltip.push({ field: 'interaction', type: 'quantitative', title: `Interaction with ${offsets.with}` });
  }

  const spec = topLevel({
    title: options.title ?? DEFAULTS.title,
    width,
    height: k * rowHeight,
    layer: [
      {
        // One row of its own: without data the layer would inherit nothing and draw no line.
        data: { values: [{}] },
        mark: { type: 'rule', color: '#888888', strokeWidth: 1 },
        encoding: { x: { datum: 0, type: 'quantitative' } },
      },
      {
        data: { values: rows },
        // Columns per feature, flattened to one row per dot by vega: a third of the JSON size.
        transform: [{ flatten: flattened }],
        params: [
          {
            name: 'feature',
            select: { type: 'point', fields: ['feature'], on: 'click', clear: 'dblclick' },
            bind: { input: 'select', options: [null, ...shown], labels: ['(all)', ...shown], name: 'Highlight ' },
          },
        ],
        // Per-dot ARIA labels would make up most of a 150,000-dot SVG.
        mark: { type: 'circle', size: 14, stroke: null, aria: false },
        encoding: {
          x: { field: 'attribution', type: 'quantitative', title: 'Attribution value', scale: { zero: false } },
          y: {
            field: 'row',
            type: 'quantitative',
            title: null,
            scale: { domain: [-0.5, k - 0.5], reverse: true, nice: false, zero: false },
            axis: {
              values: order.map((_, r) => r),
              labelExpr: labelLookup(shown),
              grid: true,
              gridColor: '#e6e6e6',
              ticks: false,
              domain: false,
              labelFontSize: 11,
            },
          },
          color: {
            field: 'color',
            type: 'quantitative',
            title: 'Feature value',
            scale: { domain: [0, 1], range: GREEN_GOLD },
            legend: {
              values: [0, 1],
              labelExpr: "datum.value < 0.5 ? 'Low' : 'High'",
              gradientLength: Math.max(40, Math.min(200, k * rowHeight - 20)),
            },
          },
          opacity: { condition: { param: 'feature', empty: true, value: 0.85 }, value: 0.08 },
          tooltip,
        },
      },
    ],
  });
  const desc = `${FN}: ${n} examples${drawn ? ` (${drawn.length} drawn)` : ''} × ${d} features; ${k === d ? 'all' : `top ${k}`} by mean |attribution|: ${shown.join(', ')}`;
  return new Chart(spec, desc);
}

/** Column `j` of a row-major `[n, d]` matrix. */
function column(values: Float64Array, n: number, d: number, j: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i * d + j];
  return out;
}

interface Offsets {
  offsets: Float64Array[];
  interaction?: Float64Array[];
  with?: string;
}

/** Vertical offsets per shown feature: beeswarm jitter, or the scaled interaction values. */
function verticalOffsets(
  phi: Float64Array,
  n: number,
  d: number,
  order: number[],
  options: SummaryPlotOptions,
  pick: (col: Float64Array) => Float64Array,
): Offsets {
  if (options.interactions === undefined) {
    if (options.interactionFeature !== undefined) {
      warnOnce(warnings.ignored(FN, 'interactionFeature', "no 'interactions' were given"));
    }
    return {
      offsets: order.map((j) => beeswarmOffsets(pick(column(phi, n, d, j)), DEFAULTS.bins, DEFAULTS.spread)),
    };
  }
  const inter = dense(
    isInteractionsResult(options.interactions) ? interactionMatrices(options.interactions, FN) : options.interactions,
    'interactions',
    FN,
    [2, 3],
    'a 2-D array [examples, features] or a 3-D array [examples, features, features]',
  );
  const expected = inter.shape.length === 2 ? [n, d] : [n, d, d];
  if (inter.shape.some((s, i) => s !== expected[i])) {
    throw new Error(errors.shapeMismatch('interactions', FN, expected, 'attributions', inter.shape));
  }
  const names = options.featureNames ?? defaultNames(d);
  let at: (i: number, j: number) => number;
  let withName: string | undefined;
  if (inter.shape.length === 3) {
    if (options.interactionFeature === undefined) throw new Error(errors.requires('interactions', FN, 'interactionFeature'));
    const c = featureIndex(options.interactionFeature, names, 'interactionFeature', FN);
    withName = names[c];
    at = (i, j) => inter.values[(i * d + j) * d + c];
  } else {
    if (options.interactionFeature !== undefined)
      withName = names[featureIndex(options.interactionFeature, names, 'interactionFeature', FN)];
    at = (i, j) => inter.values[i * d + j];
  }
  const interaction = order.map((j) => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = at(i, j);
    return pick(col);
  });
  let maxAbs = 0;
  for (const col of interaction) for (const v of col) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = maxAbs > 0 ? DEFAULTS.spread / maxAbs : 0;
  return {
    offsets: interaction.map((col) => col.map((v) => v * scale)),
    interaction,
    with: withName ?? 'the chosen feature',
  };
}
