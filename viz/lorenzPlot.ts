/**
 * Lorenz curves and Gini coefficients of attributions per method or model: how concentrated the
 * attribution is on few features, the sparsity measure of Erion et al., "Improving performance of
 * deep learning models with axiomatic attribution priors and expected gradients", Nature Machine
 * Intelligence 2021.
 */
import { Chart } from './Chart';
import { dense, positiveNumber, round, type Numbers1D, type Numbers2D } from './internal/arrays';
import { errors } from './internal/errors';
import { CATEGORY_SCHEME, topLevel } from './internal/spec';
import { checkOptionKeys } from './internal/optionKeys';

/** Options of {@link lorenzPlot}. */
export interface LorenzPlotOptions {
  /** Add a bar chart of the Gini coefficients beside the curves. Default: true. */
  showGini?: boolean;
  /** Side of the (square) Lorenz panel in pixels. Default: 300. */
  size?: number;
  /** Chart title. Default: `Concentration of mean |attribution|`. */
  title?: string;
}

const DEFAULTS = { showGini: true, size: 300, title: 'Concentration of mean |attribution|' } as const;

const FN = 'lorenzPlot';

/**
 * Gini coefficient G(v) = Σᵢⱼ |vᵢ − vⱼ| / (2 n² mean(v)) of non-negative values, from the sorted
 * form 2 Σ i·v₍ᵢ₎ / (n Σ v) − (n + 1)/n; 0 for an all-zero vector.
 */
export function giniCoefficient(values: ArrayLike<number>): number {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += v[i];
    weighted += (i + 1) * v[i];
  }
  return total > 0 ? (2 * weighted) / (n * total) - (n + 1) / n : 0;
}

/** The Lorenz curve of non-negative values: (share of features, share of the total) from (0,0) to (1,1). */
export function lorenzCurve(values: ArrayLike<number>): { x: number; y: number }[] {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  const total = v.reduce((a, b) => a + b, 0);
  const points = [{ x: 0, y: 0 }];
  let cum = 0;
  for (let i = 0; i < n; i++) {
    cum += v[i];
    points.push({ x: (i + 1) / n, y: total > 0 ? cum / total : (i + 1) / n });
  }
  return points;
}

/**
 * Lorenz curves of the mean |attribution| per feature, one per method (or model), with the line
 * of equality, and the Gini coefficients in the legend and (by default) as bars. A method's
 * values are `[examples, features]` attributions (averaged in absolute value over examples) or
 * one importance per feature (absolute values taken).
 *
 * @param methods An object mapping each method's name to its attributions.
 */
export function lorenzPlot(methods: Record<string, Numbers1D | Numbers2D>, options: LorenzPlotOptions = {}): Chart {
  checkOptionKeys('lorenzPlot', options);
  if (typeof methods !== 'object' || methods === null || Array.isArray(methods)) {
    throw new Error(errors.notNumeric('methods', FN, 'an object mapping method names to attributions', methods));
  }
  const entries = Object.entries(methods);
  if (entries.length === 0) throw new Error(errors.empty('methods', FN));
  let features: number | undefined;
  let firstName = '';
  const curves: Record<string, unknown>[] = [];
  const ginis: { method: string; label: string; gini: number }[] = [];
  for (const [name, values] of entries) {
    const arg = `methods[${JSON.stringify(name)}]`;
    const d = dense(values, arg, FN, [1, 2], 'a 1-D array [features] or a 2-D array [examples, features]');
    const nf = d.shape[d.shape.length - 1];
    if (features === undefined) {
      features = nf;
      firstName = name;
    } else if (nf !== features) {
      throw new Error(errors.lengthMismatch(arg, FN, features, `features, as methods[${JSON.stringify(firstName)}]`, nf));
    }
    const importance = new Float64Array(nf);
    const rows = d.shape.length === 2 ? d.shape[0] : 1;
    for (let i = 0; i < d.values.length; i++) importance[i % nf] += Math.abs(d.values[i]) / rows;
    const g = giniCoefficient(importance);
    const label = `${name} (Gini ${g.toFixed(3)})`;
    ginis.push({ method: name, label, gini: round(g) });
    for (const p of lorenzCurve(importance)) curves.push({ method: label, x: round(p.x), y: round(p.y) });
  }
  const size = positiveNumber(options.size ?? DEFAULTS.size, 'size', FN);
  const labelsInOrder = ginis.map((g) => g.label);
  // Both panels share one colour scale and so one legend; identical legend settings avoid a
  // vega-lite merge warning.
  const legend = { orient: 'top-left', labelLimit: 400 };
  const lorenz = {
    width: size,
    height: size,
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999999' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: curves },
        mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'Share of features (least important first)', scale: { domain: [0, 1] } },
          y: { field: 'y', type: 'quantitative', title: 'Share of total |attribution|', scale: { domain: [0, 1] } },
          color: {
            field: 'method',
            type: 'nominal',
            title: null,
            scale: { domain: labelsInOrder, scheme: CATEGORY_SCHEME },
            legend,
          },
          tooltip: [
            { field: 'method', type: 'nominal', title: 'Method' },
            { field: 'x', type: 'quantitative', title: 'Share of features', format: '.1%' },
            { field: 'y', type: 'quantitative', title: 'Share of attribution', format: '.1%' },
          ],
        },
      },
    ],
  };
  const bars = {
    width: Math.max(120, 40 * ginis.length),
    height: size,
    data: { values: ginis },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'method', type: 'nominal', title: null, sort: null, axis: { labelAngle: -30 } },
      y: { field: 'gini', type: 'quantitative', title: 'Gini coefficient', scale: { domain: [0, 1] } },
      color: { field: 'label', type: 'nominal', title: null, scale: { domain: labelsInOrder, scheme: CATEGORY_SCHEME }, legend },
      tooltip: [
        { field: 'method', type: 'nominal', title: 'Method' },
        { field: 'gini', type: 'quantitative', title: 'Gini', format: '.3f' },
      ],
    },
  };
  const title = options.title ?? DEFAULTS.title;
  const spec =
    (options.showGini ?? DEFAULTS.showGini)
      ? topLevel({ title, hconcat: [lorenz, bars], resolve: { scale: { color: 'shared' } } })
      : topLevel({ title, ...lorenz });
  return new Chart(
    spec,
    `${FN}: Gini of mean |attribution| — ${ginis.map((g) => `${g.method} ${g.gini.toFixed(3)}`).join(', ')}`,
  );
}
