/**
 * The global importance bar plot (shap.plots.bar; Lundberg et al., "From local explanations to
 * global understanding with explainable AI for trees", Nature Machine Intelligence 2020): mean
 * |φ| per feature over the rows, largest on top, with error bars.
 */
import { Chart } from './Chart';
import { dense, defaultNames, labels, positiveInteger, positiveNumber, round, type Numbers2D } from './internal/arrays';
import { errors, warnings, warnOnce } from './internal/errors';
import { topLevel } from './internal/spec';
import { isAttributionsResult, resultNames, type AttributionsResultLike } from './internal/results';
import { checkOptionKeys } from './internal/optionKeys';

/** Options of {@link globalBarPlot}. */
export interface GlobalBarPlotOptions {
  /** Feature names. Default: `Feature i`. */
  featureNames?: string[];
  /**
   * Monte-Carlo standard errors of the attributions, [rows, features] like them (Expected
   * Gradients' `diagnostics.standardError`): the error bars become ±2 SE of the mean |φ| from the
   * sampling error, √(Σᵢ SEᵢⱼ²)/N. Default: none — the error bars are ±2 standard errors of the
   * mean |φ| across rows.
   */
  standardError?: Numbers2D;
  /** Features shown, largest first; more than there are is clamped with a warning. Default: 20. */
  topK?: number;
  /** Plot width in pixels. Default: 380. */
  width?: number;
  /** Chart title. Default: `Mean |attribution|`. */
  title?: string;
}

const DEFAULTS = { topK: 20, width: 380, title: 'Mean |attribution|', barHeight: 20 } as const;
const FN = 'globalBarPlot';

/**
 * Mean |φ| per feature over `[rows, features]` attributions, with ±2 SE error bars across rows
 * (or from the Monte-Carlo standard errors when given).
 */
export function globalBarPlot(attributions: Numbers2D, options?: GlobalBarPlotOptions): Chart;
/**
 * Global bar plot of an attribution result: its mean |φ| per feature, named by its
 * `featureNames` and with Monte-Carlo error bars from its `diagnostics.standardError` when it
 * has them (Expected Gradients), unless the options give others.
 *
 * @param result An attribution result of `[rows, features]` inputs.
 */
export function globalBarPlot(result: AttributionsResultLike, options?: GlobalBarPlotOptions): Chart;
export function globalBarPlot(input: Numbers2D | AttributionsResultLike, options: GlobalBarPlotOptions = {}): Chart {
  if (!isAttributionsResult(input)) return drawGlobalBar(input, options);
  const se = input.diagnostics?.standardError;
  return drawGlobalBar(input.attributions, { ...resultNames(input), ...(se ? { standardError: se } : {}), ...options });
}

function drawGlobalBar(attributions: Numbers2D, options: GlobalBarPlotOptions): Chart {
  checkOptionKeys('globalBarPlot', options);
  const a = dense(attributions, 'attributions', FN, [2], 'a 2-D array [rows, features]');
  const [n, d] = a.shape;
  const names =
    options.featureNames === undefined ? defaultNames(d) : labels(options.featureNames, 'featureNames', FN, d, 'one per feature');
  let se: Float64Array | null = null;
  if (options.standardError !== undefined) {
    const s = dense(options.standardError, 'standardError', FN, [2], 'a 2-D array [rows, features]');
    if (s.shape[0] !== n || s.shape[1] !== d)
      throw new Error(errors.shapeMismatch('standardError', FN, [n, d], 'attributions', s.shape));
    se = s.values;
  }
  let k = positiveInteger(options.topK ?? DEFAULTS.topK, 'topK', FN);
  if (k > d) {
    if (options.topK !== undefined) warnOnce(warnings.topKClamped(FN, 'topK', k, d, 'features'));
    k = d;
  }
  const width = positiveNumber(options.width ?? DEFAULTS.width, 'width', FN);
  const rows = names.map((name, j) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += Math.abs(a.values[i * d + j]) / n;
    let err = 0;
    if (se) {
      let ss = 0;
      for (let i = 0; i < n; i++) ss += se[i * d + j] ** 2;
      err = Math.sqrt(ss) / n;
    } else if (n > 1) {
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (Math.abs(a.values[i * d + j]) - m) ** 2;
      err = Math.sqrt(ss / (n - 1) / n);
    }
    return { feature: name, index: j, mean: m, se: err };
  });
  rows.sort((p, q) => q.mean - p.mean || p.index - q.index);
  const shown = rows.slice(0, k).map((r) => ({
    feature: r.feature,
    mean: round(r.mean),
    se: round(r.se),
    lower: round(Math.max(0, r.mean - 2 * r.se)),
    upper: round(r.mean + 2 * r.se),
  }));
  const y = { field: 'feature', type: 'nominal', title: null, sort: shown.map((r) => r.feature), axis: { labelLimit: 240 } };
  const spec = topLevel({
    title: options.title ?? DEFAULTS.title,
    width,
    height: DEFAULTS.barHeight * shown.length,
    data: { values: shown },
    layer: [
      {
        mark: { type: 'bar', color: '#008bfb' },
        encoding: {
          y,
          x: { field: 'mean', type: 'quantitative', title: `mean |φ| over ${n} rows (±2 SE${se ? ', Monte-Carlo' : ''})` },
          tooltip: [
            { field: 'feature', type: 'nominal', title: 'Feature' },
            { field: 'mean', type: 'quantitative', title: 'mean |φ|', format: '.4f' },
            { field: 'se', type: 'quantitative', title: 'SE', format: '.4f' },
          ],
        },
      },
      {
        mark: { type: 'rule', color: '#333333' },
        encoding: { y, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } },
      },
    ],
  });
  return new Chart(spec, `${FN}: mean |φ| of ${shown.length} of ${d} features over ${n} rows; top ${shown[0].feature}`);
}
