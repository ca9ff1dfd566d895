/**
 * The bars of one additive explanation, shared by the waterfall and force plots: features by
 * |φ|, the rest merged into one bar, and a completeness-gap bar when f(x) is given and the
 * attributions do not add up to it — so the bars always sum to f(x) − base value exactly.
 */
import { dense, defaultNames, labels, positiveInteger, round, type Numbers1D } from './arrays';
import { errors } from './errors';

/** One bar: its label, signed size and the feature's value (if given). */
export interface AdditiveBar {
  label: string;
  value: number;
  featureValue?: number;
  /** 'feature', 'rest' (merged features) or 'gap' (f(x) − base − Σφ). */
  kind: 'feature' | 'rest' | 'gap';
}

/** What the plot functions take besides φ and the base value. */
export interface AdditiveOptions {
  featureNames?: string[];
  featureValues?: Numbers1D;
  outputValue?: number;
  maxDisplay?: number;
}

/** The bars largest |φ| first, and the end value f(x) (given, or base + Σφ). */
export function additiveBars(
  phi: Numbers1D,
  baseValue: number,
  o: AdditiveOptions,
  fn: string,
  defaultMax: number,
): { bars: AdditiveBar[]; output: number } {
  const v = dense(phi, 'attributions', fn, [1], 'a 1-D array [features] (one prediction)').values;
  const d = v.length;
  if (typeof baseValue !== 'number' || !Number.isFinite(baseValue))
    throw new Error(errors.notNumeric('baseValue', fn, 'a finite number', baseValue));
  const names =
    o.featureNames === undefined ? defaultNames(d) : labels(o.featureNames, 'featureNames', fn, d, 'one per attribution');
  const fv =
    o.featureValues === undefined ? undefined : dense(o.featureValues, 'featureValues', fn, [1], 'a 1-D array [features]').values;
  if (fv && fv.length !== d) throw new Error(errors.lengthMismatch('featureValues', fn, d, 'one per attribution', fv.length));
  if (o.outputValue !== undefined && (typeof o.outputValue !== 'number' || !Number.isFinite(o.outputValue))) {
    throw new Error(errors.notNumeric('outputValue', fn, 'a finite number', o.outputValue));
  }
  const max = positiveInteger(o.maxDisplay ?? defaultMax, 'maxDisplay', fn);
  const order = Array.from({ length: d }, (_, j) => j).sort((a, b) => Math.abs(v[b]) - Math.abs(v[a]) || a - b);
  const shown = d > max ? order.slice(0, max - 1) : order;
  const bars: AdditiveBar[] = shown.map((j) => ({
    label: names[j],
    value: v[j],
    ...(fv ? { featureValue: fv[j] } : {}),
    kind: 'feature' as const,
  }));
  if (d > max) {
    const rest = order.slice(max - 1);
    bars.push({ label: `${rest.length} other features`, value: rest.reduce((s, j) => s + v[j], 0), kind: 'rest' });
  }
  let sum = 0;
  for (let j = 0; j < d; j++) sum += v[j];
  const output = o.outputValue ?? baseValue + sum;
  const gap = output - baseValue - sum;
  if (o.outputValue !== undefined && Math.abs(gap) > 1e-12 * Math.max(1, Math.abs(output))) {
    bars.push({ label: 'not attributed (completeness gap)', value: gap, kind: 'gap' });
  }
  return { bars, output };
}

/** Formats a number for a bar label: up to 3 decimals, sign shown. */
export function signed(v: number): string {
  const s = Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : String(Number(v.toFixed(3)));
  return v > 0 ? `+${s}` : s;
}

/**
 * The x, x2 and colour channels of a bar running from a segment's `start` to its `end`, coloured
 * by its sign as shap draws it (red raises f(x), blue lowers it), with f(x) and the base value in
 * the axis title; shared by the waterfall and force plots.
 */
export function additiveEncoding(
  output: number,
  baseValue: number,
  legend: Record<string, unknown> | null,
  red: string,
  blue: string,
) {
  return {
    x: {
      field: 'start',
      type: 'quantitative',
      title: `f(x) = ${round(output, 4)}   (base value ${round(baseValue, 4)})`,
      scale: { zero: false },
    },
    x2: { field: 'end' },
    color: {
      field: 'sign',
      type: 'nominal',
      scale: { domain: ['positive', 'negative'], range: [red, blue] },
      legend,
    },
  };
}
