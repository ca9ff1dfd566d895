/**
 * Input coercion and argument checks shared by every method, with the exact messages of
 * {@link errors}. Every check runs before any model call, so a bad argument fails fast and
 * leaves no tensors behind.
 */
import * as tf from '@tensorflow/tfjs';
import type { InputLike, NestedArray } from '../types';
import { errors } from './errors';
import { isKeyOf } from './keys';
import { nearestKey } from '../../core';
export { editDistance, nearestKey } from '../../core';

function shapeOf(a: NestedArray, arg: string, fn: string): number[] {
  const shape: number[] = [];
  let cur: NestedArray = a;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = (cur as readonly NestedArray[])[0];
  }
  if (!Array.isArray(cur) && typeof cur !== 'number') throw new Error(errors.ragged(arg, fn, `a ${typeof cur} inside`));
  return shape;
}

function flatten(a: NestedArray, shape: readonly number[], depth: number, out: number[], arg: string, fn: string): void {
  if (depth === shape.length) {
    if (typeof a !== 'number')
      throw new Error(errors.ragged(arg, fn, `a ${Array.isArray(a) ? 'nested array' : typeof a} where a number was expected`));
    out.push(a);
    return;
  }
  if (!Array.isArray(a) || a.length !== shape[depth]) {
    throw new Error(
      errors.ragged(
        arg,
        fn,
        `ragged arrays (length ${Array.isArray(a) ? a.length : 'none'} where ${shape[depth]} was expected at depth ${depth})`,
      ),
    );
  }
  for (const v of a as readonly NestedArray[]) flatten(v, shape, depth + 1, out, arg, fn);
}

/**
 * A float32 tensor from a tensor or nested arrays. A float32 tensor argument is returned as is
 * (the caller must not dispose it; see `owned`); other tensors are rejected, because silently
 * casting integer pixels or token ids usually means the wrong tensor was passed.
 */
export function toFloatTensor(x: InputLike, arg: string, fn: string): { tensor: tf.Tensor; owned: boolean } {
  if (x instanceof tf.Tensor || (typeof x === 'object' && x !== null && 'dtype' in x && 'shape' in x && 'dataId' in x)) {
    const t = x as tf.Tensor;
    if (t.isDisposed) throw new Error(errors.disposedTensor(arg, fn, t.shape));
    if (t.dtype !== 'float32') throw new Error(errors.notFloat(arg, fn, t.dtype));
    return { tensor: t, owned: false };
  }
  if (!Array.isArray(x)) throw new Error(errors.ragged(arg, fn, typeof x === 'number' ? `the number ${x}` : String(x)));
  const shape = shapeOf(x as NestedArray, arg, fn);
  const flat: number[] = [];
  flatten(x as NestedArray, shape, 0, flat, arg, fn);
  return { tensor: tf.tensor(flat, shape, 'float32'), owned: true };
}

/** Throws unless `t` is a batch [N, ...featureShape] with N ≥ 1 and at least one feature axis. */
export function checkBatch(t: tf.Tensor, arg: string, fn: string): void {
  if (t.rank < 2) throw new Error(errors.notBatch(arg, fn, t.shape));
  if (t.shape[0] === 0) throw new Error(errors.emptyBatch(arg, fn, t.shape));
}

/** Throws at the first NaN or ±Infinity in `t`, naming its position. Reads the data once. */
export function checkFinite(t: tf.Tensor, arg: string, fn: string): void {
  const v = t.dataSync();
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) {
      const pos: number[] = [];
      let rest = i;
      for (let a = t.rank - 1; a >= 0; a--) {
        pos.unshift(rest % t.shape[a]);
        rest = Math.floor(rest / t.shape[a]);
      }
      throw new Error(errors.nonFinite(arg, fn, v[i], pos));
    }
  }
}

/** Throws unless the feature shape (all axes after the first) of `t` equals `expected`. */
export function checkFeatureShape(t: tf.Tensor, expected: readonly number[], arg: string, fn: string): void {
  const got = t.shape.slice(1);
  if (got.length === expected.length && got.every((g, i) => g === expected[i])) return;
  if (got.length === 1 && expected.length === 1) throw new Error(errors.featureCount(arg, fn, expected[0], got[0]));
  throw new Error(errors.featureShape(arg, fn, expected, got));
}

/** Throws unless `v` is an integer ≥ 1. */
export function checkPositiveInteger(v: unknown, arg: string, fn: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(errors.positiveInteger(arg, fn, v));
  return v;
}

/** Throws unless `v` is a finite number > 0. */
export function checkPositiveNumber(v: unknown, arg: string, fn: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(errors.positiveNumber(arg, fn, v));
  return v;
}

/** Throws unless `v` is a finite number ≥ 0. */
export function checkNonNegative(v: unknown, arg: string, fn: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(errors.nonNegative(arg, fn, v));
  return v;
}

/** Throws unless `v` is a whole number ≥ 0 (a count that may be zero, such as epochs). */
export function checkWholeNumber(v: unknown, arg: string, fn: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(errors.wholeNumber(arg, fn, v));
  return v;
}

/** Throws unless `v` is one of the keys of `set`. */
export function checkOneOf<T extends string>(v: unknown, set: Readonly<Record<T, unknown>>, arg: string, fn: string): T {
  if (isKeyOf(v, set)) return v as T;
  throw new Error(errors.oneOf(arg, fn, Object.keys(set), v));
}

/**
 * The inputs of a method as a float32 batch, checked (batch axis, non-empty, finite).
 * Call `dispose()` when done; it only disposes what was created here.
 */
export function prepareInputs(x: InputLike, arg: string, fn: string): { tensor: tf.Tensor; dispose(): void } {
  const { tensor, owned } = toFloatTensor(x, arg, fn);
  try {
    checkBatch(tensor, arg, fn);
    checkFinite(tensor, arg, fn);
  } catch (e) {
    if (owned) tensor.dispose();
    throw e;
  }
  return { tensor, dispose: () => (owned ? tensor.dispose() : undefined) };
}

/**
 * A baseline as a float32 batch [M, ...featureShape]: a single row given without its batch axis
 * (shape = featureShape) gets one; a number fills one row with that value. Checked for feature
 * shape and finiteness. Call `dispose()` when done.
 */
export function prepareBaseline(
  b: InputLike | number | undefined,
  featureShape: readonly number[],
  arg: string,
  fn: string,
): { tensor: tf.Tensor; dispose(): void } {
  if (b === undefined || typeof b === 'number') {
    const value = b ?? 0;
    if (!Number.isFinite(value)) throw new Error(errors.nonFinite(arg, fn, value, []));
    const t = tf.fill([1, ...featureShape], value, 'float32');
    return { tensor: t, dispose: () => t.dispose() };
  }
  const { tensor, owned } = toFloatTensor(b, arg, fn);
  let t = tensor;
  let own = owned;
  try {
    if (t.rank === featureShape.length && !t.shape.every((s, i) => s === featureShape[i])) {
      if (t.rank === 1) throw new Error(errors.featureCount(arg, fn, featureShape[0], t.shape[0]));
      throw new Error(errors.featureShape(arg, fn, featureShape, t.shape));
    }
    if (t.rank === featureShape.length) {
      const e = t.expandDims(0);
      if (own) t.dispose();
      t = e;
      own = true;
    }
    if (t.rank >= 1 && t.shape[0] === 0) throw new Error(errors.emptyBatch(arg, fn, t.shape));
    if (t.rank < 1) throw new Error(errors.notBatch(arg, fn, t.shape));
    checkFeatureShape(t, featureShape, arg, fn);
    checkFinite(t, arg, fn);
  } catch (e) {
    if (own) t.dispose();
    throw e;
  }
  const final = t;
  const finalOwn = own;
  return { tensor: final, dispose: () => (finalOwn ? final.dispose() : undefined) };
}

export { warnOnce } from '../../core';

/**
 * Throws unless `options` is undefined or a plain object whose every key is one of `validKeys`
 * (keys whose value is undefined count too: a misspelt key is a mistake whatever its value).
 * The message lists the valid keys and suggests the nearest.
 */
export function checkOptionKeys(fn: string, options: unknown, validKeys: readonly string[], arg = 'options'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options) || options instanceof tf.Tensor) {
    throw new Error(errors.optionsNotObject(arg, fn, options));
  }
  for (const key of Object.keys(options)) {
    if (!validKeys.includes(key)) throw new Error(errors.unknownOption(arg, fn, key, nearestKey(key, validKeys), validKeys));
  }
}
