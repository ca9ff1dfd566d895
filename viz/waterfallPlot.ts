/**
 * The waterfall plot of one prediction, as shap draws it (Lundberg & Lee, "A Unified Approach to
 * Interpreting Model Predictions", NeurIPS 2017; shap.plots.waterfall): from the base value
 * E[f(x)] at the bottom, one bar per feature ordered by |φ| (largest on top), each starting where
 * the previous ended, up to f(x).
 */
import { Chart } from './Chart';
import { positiveNumber, round, type Numbers1D } from './internal/arrays';
import { additiveBars, additiveEncoding, signed } from './internal/additive';
import { topLevel } from './internal/spec';
import { additiveRow, isAttributionsResult, resultNames, type AttributionsResultLike } from './internal/results';
import { checkOptionKeys } from './internal/optionKeys';

/** shap's colours: positive contributions red, negative blue. */
export const SHAP_RED = '#ff0051';
export const SHAP_BLUE = '#008bfb';

/** Options of {@link waterfallPlot}. */
export interface WaterfallPlotOptions {
  /** Feature names, one per attribution. Default: `Feature i`. */
  featureNames?: string[];
  /** The feature values of the row, shown as `name = value`. Default: none. */
  featureValues?: Numbers1D;
  /** f(x); when the attributions do not sum to f(x) − base, a gap bar makes up the difference. Default: base + Σφ. */
  outputValue?: number;
  /** Bars at most, the smallest features merged into one. Default: 10. */
  maxDisplay?: number;
  /** Plot width in pixels. Default: 420. */
  width?: number;
  /** Chart title. Default: none. */
  title?: string;
}

const DEFAULTS = { maxDisplay: 10, width: 420, barHeight: 26 } as const;
const FN = 'waterfallPlot';

/** Options of {@link waterfallPlot} drawn from an attribution result. */
export interface WaterfallPlotResultOptions extends WaterfallPlotOptions {
  /** The explained row. Default: 0. */
  row?: number;
}

/**
 * The waterfall of one row's attributions φ from `baseValue` (E f, or f(x')) to f(x). Each bar
 * spans [start, end] with end − start = φ, consecutive bars share their ends, and the last one
 * ends at f(x), so the bars sum to f(x) − base value exactly.
 */
export function waterfallPlot(attributions: Numbers1D, baseValue: number, options?: WaterfallPlotOptions): Chart;
/**
 * The waterfall plot of one explained row of an attribution result: its φ from f(x') (the base
 * value) to f(x), named by the result's `featureNames` unless the options give names.
 *
 * @param result An attribution result explaining one output per row.
 */
export function waterfallPlot(result: AttributionsResultLike, options?: WaterfallPlotResultOptions): Chart;
export function waterfallPlot(
  first: Numbers1D | AttributionsResultLike,
  second?: number | WaterfallPlotResultOptions,
  third: WaterfallPlotOptions = {},
): Chart {
  if (!isAttributionsResult(first)) return drawWaterfall(first, second as number, third);
  checkOptionKeys('waterfallPlot result', second, 'options', FN);
  const { row, ...rest } = (second ?? {}) as WaterfallPlotResultOptions;
  const r = additiveRow(first, row, FN);
  return drawWaterfall(r.attributions, r.baseValue, {
    ...resultNames(first),
    ...(r.outputValue === undefined ? {} : { outputValue: r.outputValue }),
    ...rest,
  });
}

function drawWaterfall(attributions: Numbers1D, baseValue: number, options: WaterfallPlotOptions): Chart {
  checkOptionKeys('waterfallPlot', options);
  const { bars, output } = additiveBars(attributions, baseValue, options, FN, DEFAULTS.maxDisplay);
  const width = positiveNumber(options.width ?? DEFAULTS.width, 'width', FN);
  // Drawn bottom-up from the base value: the smallest bar first, the largest ends at f(x).
  const upward = [...bars].reverse();
  let at = baseValue;
  const rows = upward.map((b, k) => {
    const start = at;
    const end = k === upward.length - 1 ? output : start + b.value;
    at = end;
    const name = b.featureValue === undefined ? b.label : `${b.label} = ${round(b.featureValue, 4)}`;
    return {
      rank: upward.length - k,
      label: name,
      start,
      end,
      value: b.value,
      text: signed(b.value),
      sign: b.value >= 0 ? 'positive' : 'negative',
      kind: b.kind,
    };
  });
  const order = [...rows].sort((a, b) => a.rank - b.rank).map((r) => r.label);
  const y = { field: 'label', type: 'nominal', title: null, sort: order, axis: { labelLimit: 240 } };
  const spec = topLevel({
    ...(options.title ? { title: options.title } : {}),
    width,
    height: DEFAULTS.barHeight * rows.length,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', height: DEFAULTS.barHeight * 0.7 },
        encoding: {
          y,
          ...additiveEncoding(output, baseValue, null, SHAP_RED, SHAP_BLUE),
          tooltip: [
            { field: 'label', type: 'nominal', title: 'Feature' },
            { field: 'value', type: 'quantitative', title: 'φ', format: '.4f' },
            { field: 'end', type: 'quantitative', title: 'Running total', format: '.4f' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: { y, x: { field: 'end', type: 'quantitative' }, text: { field: 'text' } },
      },
      {
        data: {
          values: [
            { at: baseValue, what: 'base value' },
            { at: output, what: 'f(x)' },
          ],
        },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#888888' },
        encoding: {
          x: { field: 'at', type: 'quantitative' },
          tooltip: [
            { field: 'what', type: 'nominal' },
            { field: 'at', type: 'quantitative', format: '.4f' },
          ],
        },
      },
    ],
  });
  return new Chart(spec, `${FN}: base value ${round(baseValue, 4)} → f(x) ${round(output, 4)} in ${rows.length} bars`);
}
