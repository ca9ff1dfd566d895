/**
 * Turning what a notebook hands a plot (nested arrays, typed arrays, tfjs tensors) into flat,
 * validated numbers. viz/ must not import tfjs, so tensors are recognised by shape alone.
 */
import { checkSeed, hashSeed, Mulberry32, unravel } from '../../core';
import { errors } from './errors';

/** A tfjs tensor (or anything like one), recognised structurally so viz/ need not load tfjs. */
export type TensorLike = { arraySync(): unknown } | { dataSync(): ArrayLike<number>; shape: readonly number[] };

/** A vector: a plain or typed array, or a 1-D tensor. */
export type Numbers1D = ArrayLike<number> | TensorLike;
/** A matrix: an array of rows, or a 2-D tensor. */
export type Numbers2D = ArrayLike<ArrayLike<number>> | TensorLike;
/** A 3-D array, or a 3-D tensor. */
export type Numbers3D = ArrayLike<ArrayLike<ArrayLike<number>>> | TensorLike;
/** Nested numbers of any depth, or a tensor. */
export type NumbersND = number | ArrayLike<unknown> | TensorLike;

/** Row-major numbers with their shape. */
export interface Dense {
  values: Float64Array;
  shape: number[];
}

function isTensorLike(x: unknown): x is TensorLike {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.arraySync === 'function' || (typeof o.dataSync === 'function' && Array.isArray(o.shape));
}

function isArrayLikeObject(x: unknown): x is ArrayLike<unknown> {
  return (
    Array.isArray(x) ||
    ArrayBuffer.isView(x) ||
    (typeof x === 'object' && x !== null && typeof (x as { length?: unknown }).length === 'number')
  );
}

/**
 * Reads `input` as a dense array whose rank is one of `ranks`. Throws naming `fn` and `arg` on
 * ragged, empty or non-finite input. `expected` describes the accepted shapes for messages.
 */
export function dense(input: unknown, arg: string, fn: string, ranks: readonly number[], expected: string): Dense {
  if (isTensorLike(input)) {
    const t = input as { arraySync?: () => unknown; dataSync?: () => ArrayLike<number>; shape?: readonly number[] };
    if (typeof t.dataSync === 'function' && Array.isArray(t.shape)) {
      const shape = [...t.shape];
      if (!ranks.includes(shape.length)) throw new Error(errors.wrongRank(arg, fn, expected, shape));
      const values = Float64Array.from(t.dataSync());
      return check({ values, shape }, arg, fn);
    }
    input = (t.arraySync as () => unknown)();
  }
  if (typeof input === 'number') throw new Error(errors.notNumeric(arg, fn, expected, input));
  if (!isArrayLikeObject(input)) throw new Error(errors.notNumeric(arg, fn, expected, input));
  // The shape is read along the first entries, then every row is checked against it.
  const shape: number[] = [];
  let probe: unknown = input;
  while (isArrayLikeObject(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  if (shape.includes(0)) {
    if (ranks.includes(shape.length) || shape[0] === 0) throw new Error(errors.empty(arg, fn));
  }
  if (!ranks.includes(shape.length)) throw new Error(errors.wrongRank(arg, fn, expected, shape));
  if (shape.includes(0)) throw new Error(errors.empty(arg, fn));
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(size);
  let offset = 0;
  const at: number[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') throw new Error(errors.notNumeric(arg, fn, expected, node));
      values[offset++] = node;
      return;
    }
    if (!isArrayLikeObject(node) || node.length !== shape[depth]) {
      const got = isArrayLikeObject(node) ? node.length : 0;
      throw new Error(errors.ragged(arg, fn, at, shape[depth], got));
    }
    for (let i = 0; i < node.length; i++) {
      at.push(i);
      walk(node[i], depth + 1);
      at.pop();
    }
  };
  walk(input, 0);
  return check({ values, shape }, arg, fn);
}

function check(d: Dense, arg: string, fn: string): Dense {
  if (d.values.length === 0) throw new Error(errors.empty(arg, fn));
  for (let i = 0; i < d.values.length; i++) {
    const v = d.values[i];
    if (!Number.isFinite(v)) throw new Error(errors.notFinite(arg, fn, v, unravel(i, d.shape)));
  }
  return d;
}

/** Reads a list of labels (token strings, feature names), checking its length when given. */
export function labels(input: unknown, arg: string, fn: string, length?: number, what = ''): string[] {
  if (!Array.isArray(input)) throw new Error(errors.notNumeric(arg, fn, 'an array of strings', input));
  if (input.length === 0) throw new Error(errors.empty(arg, fn));
  const out = input.map((s) => {
    if (typeof s !== 'string' && typeof s !== 'number') {
      throw new Error(errors.notNumeric(arg, fn, 'an array of strings', s));
    }
    return String(s);
  });
  if (length !== undefined && out.length !== length) {
    throw new Error(errors.lengthMismatch(arg, fn, length, what, out.length));
  }
  return out;
}

/** Throws when a label repeats (names that identify rows or series must be unique). */
export function uniqueLabels(names: readonly string[], arg: string, fn: string, what: string): string[] {
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    const j = first.get(name);
    if (j !== undefined) throw new Error(errors.duplicate(arg, fn, what, name, j, i));
    first.set(name, i);
  });
  return [...names];
}

/**
 * The q-th percentile (0–100) with linear interpolation between order statistics, the same rule
 * as numpy's default, so clipping bounds match path_explain's.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0];
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Sorted copy of a numeric array. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Bounds for a colour scale robust to outliers: the 5th and 95th percentiles, widening to the
 * 1st/99th and then to min/max when they coincide (path_explain's rule for binary features).
 */
export function robustBounds(values: ArrayLike<number>): [number, number] {
  const s = sortedCopy(values);
  for (const [a, b] of [
    [5, 95],
    [1, 99],
    [0, 100],
  ] as const) {
    const lo = percentile(s, a);
    const hi = percentile(s, b);
    if (lo !== hi || (a === 0 && b === 100)) return [lo, hi];
  }
  return [s[0], s[s.length - 1]];
}

/**
 * Rounds to `digits` significant digits, so that specs stay small and identical across machines
 * whose float arithmetic differs in the last bits.
 */
export function round(x: number, digits = 6): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  // Scaling by an exact power of ten and dividing back gives the double nearest the rounded
  // decimal, as Number(x.toPrecision(digits)) does, at a tenth of the cost (plots round up to
  // 600,000 values). Near-ties and off-by-one exponents take the exact route.
  const a = Math.abs(x);
  const k = digits - 1 - Math.floor(Math.log10(a));
  if (k >= 0 && k < POW10.length) {
    const scaled = a * POW10[k];
    const m = Math.round(scaled);
    const frac = scaled - Math.floor(scaled);
    if (m >= POW10[digits - 1] && m < POW10[digits] && Math.abs(frac - 0.5) > 1e-6) {
      return m === 0 ? 0 : x < 0 ? -m / POW10[k] : m / POW10[k];
    }
  }
  const r = Number(x.toPrecision(digits));
  return Object.is(r, -0) ? 0 : r;
}

/** 10^0 … 10^22, the powers of ten a double holds exactly. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Default feature names, path_explain's `Feature i`. */
export function defaultNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Feature ${i}`);
}

/** Resolves a feature given by index or by name to its index. */
export function featureIndex(feature: unknown, names: readonly string[], arg: string, fn: string): number {
  if (typeof feature === 'number' && Number.isInteger(feature) && feature >= 0 && feature < names.length) {
    return feature;
  }
  if (typeof feature === 'string') {
    const i = names.indexOf(feature);
    if (i >= 0) return i;
  }
  throw new Error(errors.unknownFeature(arg, fn, feature, names.length));
}

/** Checks an optional positive-integer count option such as `topK`. */
export function positiveInteger(value: unknown, arg: string, fn: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(errors.badOption(arg, fn, 'a positive integer', value));
  }
  return value;
}

/** Checks an optional positive number option such as `width`. */
export function positiveNumber(value: unknown, arg: string, fn: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(errors.badOption(arg, fn, 'a positive number', value));
  }
  return value;
}

/** A seeded generator (core's mulberry32, started at the seed itself) for jitter: same seed, same picture. */
export function seededRandom(seed: unknown, fn?: string): () => number {
  const g = new Mulberry32(hashSeed(checkSeed(seed, fn)));
  return () => g.uniform();
}

/** Standard normal draws from a uniform generator (Box–Muller). */
export function normal(uniform: () => number): number {
  const u = 1 - uniform();
  const v = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Population standard deviation. */
export function std(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m += values[i] / values.length;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2 / values.length;
  return Math.sqrt(s);
}
