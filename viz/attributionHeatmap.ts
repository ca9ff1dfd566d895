/**
 * The heatmap of attributions (shap.plots.heatmap; Lundberg et al., Nature Machine Intelligence
 * 2020): rows × features on a diverging scale, rows ordered by a hierarchical clustering of their
 * attributions or by the model output, with f(x) drawn above the map.
 */
import { Chart } from './Chart';
import {
  dense,
  defaultNames,
  labels,
  positiveInteger,
  positiveNumber,
  robustBounds,
  round,
  type Numbers1D,
  type Numbers2D,
} from './internal/arrays';
import { errors, warnings, warnOnce } from './internal/errors';
import { divergingScale, topLevel } from './internal/spec';
import { isAttributionsResult, resultNames, type AttributionsResultLike } from './internal/results';
import { checkOptionKeys } from './internal/optionKeys';

/** How rows are ordered. */
export const HEATMAP_ORDERS = {
  cluster: 'leaf order of an average-linkage clustering of the rows (Euclidean distance between attribution rows)',
  output: 'by f(x), largest first (needs outputs)',
  none: 'as given',
} as const;
/** A row order name. */
export type HeatmapOrder = keyof typeof HEATMAP_ORDERS;

/** Options of {@link attributionHeatmap}. */
export interface AttributionHeatmapOptions {
  /** Feature names. Default: `Feature i`. */
  featureNames?: string[];
  /** f(x) per row: drawn as a line above the map, and used by order 'output'. Default: none. */
  outputs?: Numbers1D;
  /** Row order, one of {@link HEATMAP_ORDERS}. Default: 'output' when outputs are given, else 'cluster'. */
  order?: HeatmapOrder;
  /** Features shown, largest mean |φ| first (top to bottom). Default: 20. */
  topK?: number;
  /** Plot width in pixels. Default: 520. */
  width?: number;
  /** Chart title. Default: none. */
  title?: string;
}

const DEFAULTS = { topK: 20, width: 520, cellHeight: 18 } as const;
const FN = 'attributionHeatmap';

/** Leaf order of average-linkage agglomerative clustering of the rows of `v` ([n, d]). */
export function clusterOrder(v: Float64Array, n: number, d: number): number[] {
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (v[i * d + k] - v[j * d + k]) ** 2;
      dist[i * n + j] = dist[j * n + i] = Math.sqrt(s);
    }
  let clusters = Array.from({ length: n }, (_, i) => ({ members: [i], order: [i] }));
  // Average linkage: the mean pairwise distance between members; O(n³), for the hundreds of rows a heatmap shows.
  while (clusters.length > 1) {
    let best = Infinity;
    let bi = 0;
    let bj = 1;
    for (let i = 0; i < clusters.length; i++)
      for (let j = i + 1; j < clusters.length; j++) {
        let s = 0;
        for (const p of clusters[i].members) for (const q of clusters[j].members) s += dist[p * n + q];
        s /= clusters[i].members.length * clusters[j].members.length;
        if (s < best) {
          best = s;
          bi = i;
          bj = j;
        }
      }
    const merged = {
      members: [...clusters[bi].members, ...clusters[bj].members],
      order: [...clusters[bi].order, ...clusters[bj].order],
    };
    clusters = clusters.filter((_, k) => k !== bi && k !== bj);
    clusters.splice(bi, 0, merged);
  }
  return clusters[0]?.order ?? [];
}

/** Attributions of many rows as a heatmap, rows ordered by clustering or by f(x). */
export function attributionHeatmap(attributions: Numbers2D, options?: AttributionHeatmapOptions): Chart;
/**
 * Heatmap of an attribution result: named by its `featureNames` and with f(x) per row (rows
 * ordered by it) from its diagnostics, unless the options give others.
 *
 * @param result An attribution result of `[rows, features]` inputs.
 */
export function attributionHeatmap(result: AttributionsResultLike, options?: AttributionHeatmapOptions): Chart;
export function attributionHeatmap(input: Numbers2D | AttributionsResultLike, options: AttributionHeatmapOptions = {}): Chart {
  if (!isAttributionsResult(input)) return drawHeatmap(input, options);
  const out = input.diagnostics?.outputAtInput;
  return drawHeatmap(input.attributions, { ...resultNames(input), ...(out ? { outputs: Array.from(out) } : {}), ...options });
}

function drawHeatmap(attributions: Numbers2D, options: AttributionHeatmapOptions): Chart {
  checkOptionKeys('attributionHeatmap', options);
  const a = dense(attributions, 'attributions', FN, [2], 'a 2-D array [rows, features]');
  const [n, d] = a.shape;
  const names =
    options.featureNames === undefined ? defaultNames(d) : labels(options.featureNames, 'featureNames', FN, d, 'one per feature');
  const out = options.outputs === undefined ? null : dense(options.outputs, 'outputs', FN, [1], 'a 1-D array [rows]').values;
  if (out && out.length !== n) throw new Error(errors.lengthMismatch('outputs', FN, n, 'one per row', out.length));
  const order = options.order ?? (out ? 'output' : 'cluster');
  if (!(order in HEATMAP_ORDERS))
    throw new Error(
      errors.badOption(
        'order',
        FN,
        `one of ${Object.keys(HEATMAP_ORDERS)
          .map((k) => `'${k}'`)
          .join(', ')}`,
        order,
      ),
    );
  if (order === 'output' && !out) throw new Error(errors.requires('order', FN, 'outputs'));
  let k = positiveInteger(options.topK ?? DEFAULTS.topK, 'topK', FN);
  if (k > d) {
    if (options.topK !== undefined) warnOnce(warnings.topKClamped(FN, 'topK', k, d, 'features'));
    k = d;
  }
  const width = positiveNumber(options.width ?? DEFAULTS.width, 'width', FN);
  const importance = names.map((_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a.values[i * d + j]);
    return s / n;
  });
  const features = names
    .map((_, j) => j)
    .sort((p, q) => importance[q] - importance[p] || p - q)
    .slice(0, k);
  const rowsOrder =
    order === 'output' && out
      ? Array.from({ length: n }, (_, i) => i).sort((p, q) => out[q] - out[p] || p - q)
      : order === 'cluster'
        ? clusterOrder(a.values, n, d)
        : Array.from({ length: n }, (_, i) => i);
  const cells: Record<string, unknown>[] = [];
  rowsOrder.forEach((i, pos) => {
    for (const j of features) cells.push({ position: pos, row: i, feature: names[j], value: round(a.values[i * d + j]) });
  });
  const [lo, hi] = robustBounds(a.values);
  const bound = Math.max(Math.abs(lo), Math.abs(hi));
  const heat = {
    width,
    height: DEFAULTS.cellHeight * features.length,
    data: { values: cells },
    mark: { type: 'rect' },
    encoding: {
      x: {
        field: 'position',
        type: 'ordinal',
        title: `Rows (${order === 'cluster' ? 'clustered' : order === 'output' ? 'by f(x)' : 'as given'})`,
        axis: n > 40 ? null : { labels: false, ticks: false },
      },
      y: { field: 'feature', type: 'nominal', title: null, sort: features.map((j) => names[j]) },
      color: { field: 'value', type: 'quantitative', title: 'φ', scale: divergingScale(-bound, bound) },
      tooltip: [
        { field: 'row', type: 'quantitative', title: 'Row' },
        { field: 'feature', type: 'nominal', title: 'Feature' },
        { field: 'value', type: 'quantitative', title: 'φ', format: '.4f' },
      ],
    },
  };
  const body = out
    ? {
        vconcat: [
          {
            width,
            height: 60,
            data: { values: rowsOrder.map((i, pos) => ({ position: pos, row: i, output: round(out[i]) })) },
            mark: { type: 'line', color: '#333333', point: n <= 60 },
            encoding: {
              x: { field: 'position', type: 'ordinal', axis: null },
              y: { field: 'output', type: 'quantitative', title: 'f(x)', scale: { zero: false } },
              tooltip: [
                { field: 'row', type: 'quantitative', title: 'Row' },
                { field: 'output', type: 'quantitative', title: 'f(x)', format: '.4f' },
              ],
            },
          },
          heat,
        ],
        spacing: 4,
      }
    : heat;
  const spec = topLevel({ ...(options.title ? { title: options.title } : {}), ...body });
  return new Chart(
    spec,
    `${FN}: ${n} rows × ${features.length} features, rows ${order === 'cluster' ? 'clustered' : order === 'output' ? 'by f(x)' : 'as given'}`,
  );
}
