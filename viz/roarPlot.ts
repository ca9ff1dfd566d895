/**
 * ROAR curves (Hooker, Erhan, Kindermans, Kim, "A Benchmark for Interpretability Methods in Deep
 * Neural Networks", NeurIPS 2019): test accuracy after removing the top k% of features and
 * retraining, one line per method and the random control dashed, with ±SE bands over repeats.
 */
import { Chart } from './Chart';
import { dense, type Numbers1D } from './internal/arrays';
import { errors } from './internal/errors';
import { linePlot, type LineSeries } from './linePlot';
import { checkOptionKeys } from './internal/optionKeys';

/** What explain's removeAndRetrain returns has these fields. */
export interface RoarLike {
  fractions: Numbers1D;
  curves: { method: string; score: Numbers1D; standardError: Numbers1D }[];
}

/** Options of {@link roarPlot}. */
export interface RoarPlotOptions {
  /** y-axis title. Default: `Test accuracy`. */
  yTitle?: string;
  /** Chart title. Default: `Remove and retrain (ROAR): a steeper fall means a better ranking`. */
  title?: string;
  /** Plot width in pixels. Default: 420. */
  width?: number;
}

const FN = 'roarPlot';

/** Test score against the share of features removed, per method and for the random control. */
export function roarPlot(result: RoarLike, options: RoarPlotOptions = {}): Chart {
  checkOptionKeys('roarPlot', options);
  if (typeof result !== 'object' || result === null || !Array.isArray(result.curves)) {
    throw new Error(errors.notNumeric('result', FN, 'a ROAR result {fractions, curves}', result));
  }
  if (result.curves.length === 0) throw new Error(errors.empty('result.curves', FN));
  const x = dense(result.fractions, 'result.fractions', FN, [1], 'a 1-D array of numbers').values;
  const series: LineSeries[] = result.curves.map((c, i) => {
    const y = dense(c.score, `result.curves[${i}].score`, FN, [1], 'a 1-D array of numbers').values;
    const se = dense(c.standardError, `result.curves[${i}].standardError`, FN, [1], 'a 1-D array of numbers').values;
    if (y.length !== x.length)
      throw new Error(errors.lengthMismatch(`result.curves[${i}].score`, FN, x.length, 'one per fraction', y.length));
    const banded = se.some((v) => v > 0);
    return {
      name: c.method === 'random' ? 'random (control)' : c.method,
      x: Array.from(x, (v) => v * 100),
      y,
      ...(banded ? { lower: Array.from(y, (v, k) => v - se[k]), upper: Array.from(y, (v, k) => v + se[k]) } : {}),
    };
  });
  const chart = linePlot(series, {
    xTitle: 'Features removed per row (%)',
    yTitle: options.yTitle ?? 'Test accuracy',
    title: options.title ?? 'Remove and retrain (ROAR): a steeper fall means a better ranking',
    width: options.width,
  });
  return new Chart(chart.spec, `${FN}: ${result.curves.map((c) => c.method).join(', ')} at ${x.length} shares`);
}
