/**
 * Line charts of several series: training curves (loss or accuracy per epoch) and accuracy
 * versus noise, as in the MNIST experiment of Erion et al., "Improving performance of deep
 * learning models with axiomatic attribution priors and expected gradients", Nature Machine
 * Intelligence 2021.
 */
import { Chart } from './Chart';
import { dense, positiveNumber, round, type Numbers1D } from './internal/arrays';
import { errors } from './internal/errors';
import { CATEGORY_SCHEME, topLevel } from './internal/spec';
import { checkOptionKeys } from './internal/optionKeys';

/** One named series of a {@link linePlot}. */
export interface LineSeries {
  /** Legend label. */
  name: string;
  /** The y values. */
  y: Numbers1D;
  /** The x values, one per y. Default: 1, 2, …, n (epochs). */
  x?: Numbers1D;
  /** Lower edge of a shaded band (e.g. mean − standard error), one per y. Default: no band. */
  lower?: Numbers1D;
  /** Upper edge of the band, one per y. Default: no band. */
  upper?: Numbers1D;
}

/** Options of {@link linePlot}. */
export interface LinePlotOptions {
  /** x-axis title. Default: `Epoch`. */
  xTitle?: string;
  /** y-axis title. Default: `Value`. */
  yTitle?: string;
  /** Chart title. Default: none. */
  title?: string;
  /** Draw a dot at each point. Default: true when no series has more than 60 points. */
  points?: boolean;
  /** Fixed y range `[min, max]`, e.g. `[0, 1]` for accuracy. Default: fitted to the data. */
  yDomain?: [number, number];
  /** Plot width in pixels. Default: 420. */
  width?: number;
  /** Plot height in pixels. Default: 260. */
  height?: number;
}

const DEFAULTS = { xTitle: 'Epoch', yTitle: 'Value', pointsUpTo: 60, width: 420, height: 260 } as const;

const FN = 'linePlot';

/**
 * Several series as coloured lines (optionally with shaded bands), legend in the given order,
 * tooltips with each point's values.
 *
 * @param series The series, or an object mapping each name to its y values.
 */
export function linePlot(series: LineSeries[] | Record<string, Numbers1D>, options: LinePlotOptions = {}): Chart {
  checkOptionKeys('linePlot', options);
  const list: LineSeries[] = Array.isArray(series)
    ? series
    : typeof series === 'object' && series !== null
      ? Object.entries(series).map(([name, y]) => ({ name, y }))
      : [];
  if (!Array.isArray(series) && (typeof series !== 'object' || series === null)) {
    throw new Error(errors.notNumeric('series', FN, 'an array of series or an object of name → values', series));
  }
  if (list.length === 0) throw new Error(errors.empty('series', FN));
  const data: Record<string, unknown>[] = [];
  let longest = 0;
  let banded = false;
  let integerX = true;
  const names: string[] = [];
  list.forEach((s, k) => {
    const arg = `series[${k}]`;
    if (typeof s !== 'object' || s === null || typeof s.name !== 'string') {
      throw new Error(errors.notNumeric(arg, FN, 'a series {name, y}', s));
    }
    checkOptionKeys('lineSeries', s, arg, FN);
    const previous = names.indexOf(s.name);
    // Two series of one name would be drawn as one zig-zag line through both.
    if (previous >= 0) throw new Error(errors.duplicate('series', FN, 'series name', s.name, previous, k));
    const y = dense(s.y, `${arg}.y`, FN, [1], 'a 1-D array of numbers').values;
    const n = y.length;
    const column = (v: Numbers1D | undefined, part: string) => {
      if (v === undefined) return undefined;
      const c = dense(v, `${arg}.${part}`, FN, [1], 'a 1-D array of numbers').values;
      if (c.length !== n) throw new Error(errors.lengthMismatch(`${arg}.${part}`, FN, n, 'one per y value', c.length));
      return c;
    };
    const x = column(s.x, 'x') ?? Float64Array.from({ length: n }, (_, i) => i + 1);
    const lower = column(s.lower, 'lower');
    const upper = column(s.upper, 'upper');
    if ((lower === undefined) !== (upper === undefined))
      throw new Error(errors.requires(lower ? 'lower' : 'upper', FN, lower ? 'upper' : 'lower'));
    banded ||= lower !== undefined;
    longest = Math.max(longest, n);
    names.push(s.name);
    for (let i = 0; i < n; i++) {
      integerX &&= Number.isInteger(x[i]);
      const row: Record<string, unknown> = { series: s.name, x: round(x[i]), y: round(y[i]) };
      if (lower && upper) {
        row.lower = round(lower[i]);
        row.upper = round(upper[i]);
      }
      data.push(row);
    }
  });
  if (options.yDomain !== undefined) {
    const yd = options.yDomain;
    if (!Array.isArray(yd) || yd.length !== 2 || !yd.every(Number.isFinite) || yd[0] >= yd[1]) {
      throw new Error(errors.badOption('yDomain', FN, 'a range [min, max] with min < max', yd));
    }
  }
  const width = positiveNumber(options.width ?? DEFAULTS.width, 'width', FN);
  const height = positiveNumber(options.height ?? DEFAULTS.height, 'height', FN);
  const points = options.points ?? longest <= DEFAULTS.pointsUpTo;
  const xTitle = options.xTitle ?? DEFAULTS.xTitle;
  const yTitle = options.yTitle ?? DEFAULTS.yTitle;
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: names, scheme: CATEGORY_SCHEME } };
  // Epochs and other counts get whole-number ticks, not 1.0, 1.2, … crowding each other.
  const x = integerX
    ? { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false }, axis: { tickMinStep: 1, format: 'd' } }
    : { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false } };
  const yScale = options.yDomain ? { domain: options.yDomain, zero: false } : { zero: false };
  const layers: Record<string, unknown>[] = [];
  if (banded) {
    layers.push({
      transform: [{ filter: 'isValid(datum.lower)' }],
      mark: { type: 'area', opacity: 0.2 },
      encoding: { x, y: { field: 'lower', type: 'quantitative', scale: yScale, title: yTitle }, y2: { field: 'upper' }, color },
    });
  }
  layers.push({
    mark: { type: 'line', point: points, strokeWidth: 2 },
    encoding: {
      x,
      y: { field: 'y', type: 'quantitative', title: yTitle, scale: yScale },
      color,
      tooltip: [
        { field: 'series', type: 'nominal', title: 'Series' },
        { field: 'x', type: 'quantitative', title: xTitle },
        { field: 'y', type: 'quantitative', title: yTitle },
      ],
    },
  });
  const body: Record<string, unknown> = { width, height, data: { values: data }, layer: layers };
  if (options.title !== undefined) body.title = options.title;
  return new Chart(topLevel(body), `${FN}: ${names.join(', ')} (${yTitle} against ${xTitle})`);
}
