/**
 * The force plot of one prediction, as shap draws it (Lundberg et al., "Explainable machine-learning
 * predictions for the prevention of hypoxaemia during surgery", Nature Biomedical Engineering
 * 2018; shap.plots.force): one horizontal stack where features pushing the output up (red) meet
 * those pushing it down (blue) at f(x), each side ordered with the largest next to f(x).
 */
import { Chart } from './Chart';
import { positiveNumber, round, type Numbers1D } from './internal/arrays';
import { additiveBars, additiveEncoding, signed } from './internal/additive';
import { topLevel } from './internal/spec';
import { additiveRow, isAttributionsResult, resultNames, type AttributionsResultLike } from './internal/results';
import { SHAP_BLUE, SHAP_RED } from './waterfallPlot';
import { checkOptionKeys } from './internal/optionKeys';

/** Options of {@link forcePlot}. */
export interface ForcePlotOptions {
  /** Feature names, one per attribution. Default: `Feature i`. */
  featureNames?: string[];
  /** The feature values of the row, shown as `name = value`. Default: none. */
  featureValues?: Numbers1D;
  /** f(x); a gap segment makes up any difference from base + Σφ. Default: base + Σφ. */
  outputValue?: number;
  /** Segments at most, the smallest features merged into one. Default: 12. */
  maxDisplay?: number;
  /** Plot width in pixels. Default: 640. */
  width?: number;
  /** Chart title. Default: none. */
  title?: string;
}

const DEFAULTS = { maxDisplay: 12, width: 640 } as const;
const FN = 'forcePlot';

/** Options of {@link forcePlot} drawn from an attribution result. */
export interface ForcePlotResultOptions extends ForcePlotOptions {
  /** The explained row. Default: 0. */
  row?: number;
}

/**
 * The force plot of one row's attributions from `baseValue` to f(x). Positive segments tile
 * [f(x) − Σφ⁺, f(x)], negative ones [f(x), f(x) + Σ|φ⁻|]; the signed segment sizes sum to
 * f(x) − base value exactly.
 */
export function forcePlot(attributions: Numbers1D, baseValue: number, options?: ForcePlotOptions): Chart;
/**
 * The force plot of one explained row of an attribution result: its φ from f(x') (the base
 * value) to f(x), named by the result's `featureNames` unless the options give names.
 *
 * @param result An attribution result explaining one output per row.
 */
export function forcePlot(result: AttributionsResultLike, options?: ForcePlotResultOptions): Chart;
export function forcePlot(
  first: Numbers1D | AttributionsResultLike,
  second?: number | ForcePlotResultOptions,
  third: ForcePlotOptions = {},
): Chart {
  if (!isAttributionsResult(first)) return drawForce(first, second as number, third);
  checkOptionKeys('forcePlot result', second, 'options', FN);
  const { row, ...rest } = (second ?? {}) as ForcePlotResultOptions;
  const r = additiveRow(first, row, FN);
  return drawForce(r.attributions, r.baseValue, {
    ...resultNames(first),
    ...(r.outputValue === undefined ? {} : { outputValue: r.outputValue }),
    ...rest,
  });
}

function drawForce(attributions: Numbers1D, baseValue: number, options: ForcePlotOptions): Chart {
  checkOptionKeys('forcePlot', options);
  const { bars, output } = additiveBars(attributions, baseValue, options, FN, DEFAULTS.maxDisplay);
  const width = positiveNumber(options.width ?? DEFAULTS.width, 'width', FN);
  const seg: Record<string, unknown>[] = [];
  const label = (b: (typeof bars)[number]) =>
    b.featureValue === undefined ? b.label : `${b.label} = ${round(b.featureValue, 4)}`;
  // Largest next to f(x): walk outward from f(x) on each side.
  let left = output;
  for (const b of bars.filter((q) => q.value > 0)) {
    seg.push({
      label: label(b),
      start: left - b.value,
      end: left,
      value: b.value,
      text: signed(b.value),
      sign: 'positive',
      kind: b.kind,
    });
    left -= b.value;
  }
  let right = output;
  for (const b of bars.filter((q) => q.value < 0)) {
    seg.push({
      label: label(b),
      start: right,
      end: right - b.value,
      value: b.value,
      text: signed(b.value),
      sign: 'negative',
      kind: b.kind,
    });
    right -= b.value;
  }
  const span = right - left || 1;
  const spec = topLevel({
    ...(options.title ? { title: options.title } : {}),
    width,
    height: 70,
    layer: [
      {
        data: { values: seg },
        mark: { type: 'bar', height: 26, stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          ...additiveEncoding(output, baseValue, { title: null, orient: 'top' }, SHAP_RED, SHAP_BLUE),
          tooltip: [
            { field: 'label', type: 'nominal', title: 'Feature' },
            { field: 'value', type: 'quantitative', title: 'φ', format: '.4f' },
          ],
        },
      },
      {
        // Labels only under segments wide enough to hold one; the tooltip names every segment.
        data: { values: seg.filter((q) => (q.end as number) - (q.start as number) >= 0.1 * span) },
        transform: [{ calculate: '(datum.start + datum.end) / 2', as: 'middle' }],
        mark: { type: 'text', dy: 26, fontSize: 10, angle: 0, limit: 120 },
        encoding: { x: { field: 'middle', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: {
          values: [
            { at: output, what: 'f(x)' },
            { at: baseValue, what: 'base value' },
          ],
        },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#444444' },
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
  return new Chart(spec, `${FN}: base value ${round(baseValue, 4)} → f(x) ${round(output, 4)}; ${seg.length} segments`);
}
