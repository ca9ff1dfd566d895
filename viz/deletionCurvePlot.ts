/**
 * Deletion and insertion curves per method (Petsiuk, Das, Saenko, "RISE", BMVC 2018): the
 * explained output against the share of features removed (or inserted) in attribution order,
 * with each curve's area in the legend.
 */
import { Chart } from './Chart';
import { dense, type Numbers1D } from './internal/arrays';
import { errors } from './internal/errors';
import { linePlot } from './linePlot';
import { checkOptionKeys } from './internal/optionKeys';

/** One method's curve: what explain's deletionCurve/insertionCurve return has these fields. */
export interface CurveLike {
  /** Share of features removed at each step, 0 … 1. */
  fractions: Numbers1D;
  /** The output at each step, averaged over rows. */
  meanCurve: Numbers1D;
  /** The area under the curve (mean over rows). */
  mean: number;
}

/** Options of {@link deletionCurvePlot}. */
export interface DeletionCurvePlotOptions {
  /** 'deletion' or 'insertion': the axis titles and which area is better. Default: 'deletion'. */
  kind?: 'deletion' | 'insertion';
  /** y-axis title. Default: `Output`. */
  yTitle?: string;
  /** Chart title. Default: `Deletion curves (lower AUC is better)` or the insertion counterpart. */
  title?: string;
  /** Plot width in pixels. Default: 420. */
  width?: number;
}

const FN = 'deletionCurvePlot';

/**
 * One line per method of the output against the share of features removed (inserted), legend
 * `method (AUC x)`.
 * @param curves An object mapping each method's name to its curve.
 */
export function deletionCurvePlot(curves: Record<string, CurveLike>, options: DeletionCurvePlotOptions = {}): Chart {
  checkOptionKeys('deletionCurvePlot', options);
  if (typeof curves !== 'object' || curves === null || Array.isArray(curves)) {
    throw new Error(errors.notNumeric('curves', FN, 'an object mapping method names to curves', curves));
  }
  const entries = Object.entries(curves);
  if (entries.length === 0) throw new Error(errors.empty('curves', FN));
  const kind = options.kind ?? 'deletion';
  if (kind !== 'deletion' && kind !== 'insertion')
    throw new Error(errors.badOption('kind', FN, "'deletion' or 'insertion'", kind));
  const series = entries.map(([name, c]) => {
    const arg = `curves[${JSON.stringify(name)}]`;
    if (typeof c !== 'object' || c === null || typeof c.mean !== 'number')
      throw new Error(errors.notNumeric(arg, FN, 'a curve {fractions, meanCurve, mean}', c));
    const x = dense(c.fractions, `${arg}.fractions`, FN, [1], 'a 1-D array of numbers').values;
    const y = dense(c.meanCurve, `${arg}.meanCurve`, FN, [1], 'a 1-D array of numbers').values;
    if (x.length !== y.length)
      throw new Error(errors.lengthMismatch(`${arg}.meanCurve`, FN, x.length, 'one per fraction', y.length));
    return { name: `${name} (AUC ${c.mean.toFixed(3)})`, x, y };
  });
  const chart = linePlot(series, {
    xTitle:
      kind === 'deletion'
        ? 'Share of features removed (most important first)'
        : 'Share of features inserted (most important first)',
    yTitle: options.yTitle ?? 'Output',
    title:
      options.title ??
      (kind === 'deletion' ? 'Deletion curves (lower AUC is better)' : 'Insertion curves (higher AUC is better)'),
    width: options.width,
  });
  return new Chart(chart.spec, `${FN}: ${kind} curves — ${entries.map(([n, c]) => `${n} AUC ${c.mean.toFixed(3)}`).join(', ')}`);
}
