/**
 * Model-parameter randomisation curves (Adebayo et al., "Sanity Checks for Saliency Maps",
 * NeurIPS 2018, Fig. 2): similarity of each method's maps to the original model's as layers are
 * re-initialised from the top, one line per method and similarity measure.
 */
import { Chart } from './Chart';
import { dense, positiveNumber, round, type Numbers1D } from './internal/arrays';
import { errors } from './internal/errors';
import { CATEGORY_SCHEME, labelLookup, topLevel } from './internal/spec';
import { checkOptionKeys } from './internal/optionKeys';

/** What explain's modelRandomization returns has these fields. */
export interface RandomizationLike {
  method: string;
  steps: string[];
  spearman: Numbers1D;
  ssim: Numbers1D | null;
}

/** Options of {@link sanityCheckPlot}. */
export interface SanityCheckPlotOptions {
  /** Chart title. Default: `Model randomisation: similarity to the original maps`. */
  title?: string;
  /** Plot width in pixels. Default: 460. */
  width?: number;
  /** Plot height in pixels. Default: 260. */
  height?: number;
}

const FN = 'sanityCheckPlot';

/** Spearman (solid) and SSIM (dashed) per method against the layers re-initialised so far. */
export function sanityCheckPlot(results: RandomizationLike[], options: SanityCheckPlotOptions = {}): Chart {
  checkOptionKeys('sanityCheckPlot', options);
  if (!Array.isArray(results) || results.length === 0) throw new Error(errors.empty('results', FN));
  const steps = results[0].steps;
  const data: Record<string, unknown>[] = [];
  results.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || !Array.isArray(r.steps))
      throw new Error(errors.notNumeric(`results[${i}]`, FN, 'a randomisation result', r));
    if (r.steps.length !== steps.length)
      throw new Error(errors.lengthMismatch(`results[${i}].steps`, FN, steps.length, 'steps, as results[0]', r.steps.length));
    const add = (values: Numbers1D, measure: string) => {
      const v = dense(
        values,
        `results[${i}].${measure === 'Spearman |φ|' ? 'spearman' : 'ssim'}`,
        FN,
        [1],
        'a 1-D array of numbers',
      ).values;
      v.forEach((y, k) => data.push({ method: r.method, measure, step: k, layer: r.steps[k], value: round(y) }));
    };
    add(r.spearman, 'Spearman |φ|');
    if (r.ssim) add(r.ssim, 'SSIM');
  });
  const width = positiveNumber(options.width ?? 460, 'width', FN);
  const height = positiveNumber(options.height ?? 260, 'height', FN);
  const methods = results.map((r) => r.method);
  const spec = topLevel({
    title: options.title ?? 'Model randomisation: similarity to the original maps',
    width,
    height,
    data: { values: data },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'step',
        type: 'quantitative',
        title: 'Layers re-initialised (cascading, from the output)',
        scale: { domain: [0, steps.length - 1] },
        axis: { tickMinStep: 1, values: steps.map((_, k) => k), labelExpr: labelLookup(steps), labelAngle: -30 },
      },
      y: { field: 'value', type: 'quantitative', title: 'Similarity to the original maps', scale: { domain: [-0.2, 1] } },
      color: { field: 'method', type: 'nominal', title: null, scale: { domain: methods, scheme: CATEGORY_SCHEME } },
      strokeDash: { field: 'measure', type: 'nominal', title: null },
      tooltip: [
        { field: 'method', type: 'nominal', title: 'Method' },
        { field: 'measure', type: 'nominal', title: 'Measure' },
        { field: 'layer', type: 'nominal', title: 'Last re-initialised' },
        { field: 'value', type: 'quantitative', title: 'Similarity', format: '.3f' },
      ],
    },
  });
  return new Chart(spec, `${FN}: ${methods.join(', ')} over ${steps.length - 1} re-initialised layers`);
}
