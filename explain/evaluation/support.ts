/**
 * What the evaluation metrics share (not exported): the explained scalar of every row of a
 * batch, attributions read back as a flat matrix, and output selections for repeated rows.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../internal/rng';
import type { AttributionResult } from '../attribution/result';
import type { ModelFunction, OutputSelection } from '../types';
import { errors } from '../internal/errors';
import { evaluate } from '../internal/model';
import { resolveOutput, selectFromMatrix, type ResolvedOutput } from '../internal/output';
import { toFloatTensor } from '../internal/validate';

/** Attributions a metric accepts: a method's result, nested arrays or a tensor shaped like the inputs. */
export type AttributionsLike = AttributionResult | tf.Tensor | readonly (readonly number[])[] | readonly unknown[];

/** Whether `a` is an attribution method's result. */
export function isAttributionResult(a: unknown): a is AttributionResult {
  return typeof a === 'object' && a !== null && 'attributions' in a && 'shape' in a && 'method' in a;
}

/**
 * The attributions as a flat row-major Float64Array [N·d] checked against the inputs' shape
 * `[n, ...featureShape]`; a result that explains every output of a multi-output model is refused.
 */
export function attributionMatrix(a: AttributionsLike, n: number, featureShape: readonly number[], fn: string): Float64Array {
  const expected = [n, ...featureShape];
  const d = featureShape.reduce((p, q) => p * q, 1);
  if (isAttributionResult(a)) {
    if (a.outputs !== null || a.shape.length !== expected.length || a.shape.some((s, i) => s !== expected[i])) {
      throw new Error(errors.evalAttributionShape(fn, expected, a.shape));
    }
    const out = new Float64Array(n * d);
    a.attributions.forEach((row, i) => out.set(row, i * d));
    return out;
  }
  const t = toFloatTensor(a as never, 'attributions', fn);
  try {
    const s = t.tensor.shape;
    if (s.length !== expected.length || s.some((v, i) => v !== expected[i]))
      throw new Error(errors.evalAttributionShape(fn, expected, s));
    return Float64Array.from(t.tensor.dataSync());
  } finally {
    if (t.owned) t.tensor.dispose();
  }
}

/** The selection for one scalar per row; a multi-output model needs an explicit `output`. */
export function resolveScalar(
  output: OutputSelection | undefined,
  numOutputs: number,
  single: boolean,
  rows: number,
  fn: string,
): ResolvedOutput {
  const sel = resolveOutput(output, { numOutputs, single }, rows, fn);
  if (sel.kind === 'all') throw new Error(errors.evalOneOutput(fn, numOutputs));
  return sel;
}

/**
 * The explained scalar of every row of `x` (passes of at most `batchSize` rows); row r belongs
 * to input `owner(r)` for a per-row output selection.
 */
export function scalarOutputs(
  f: ModelFunction,
  x: tf.Tensor,
  sel: ResolvedOutput,
  batchSize: number,
  fn: string,
  owner: (r: number) => number = (r) => r,
): Float64Array {
  const { values, info } = evaluate(f, x, batchSize, fn);
  const rows = x.shape[0];
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = selectFromMatrix(values, info.numOutputs, r, sel, owner(r), 0);
  return out;
}

/** An output selection for inputs repeated `times` each (row i's copies are rows i·times …). */
export function repeatSelection(output: OutputSelection | undefined, times: number): OutputSelection | undefined {
  const o = output instanceof tf.Tensor && output.rank === 1 ? Array.from(output.dataSync()) : output;
  if (Array.isArray(o)) return (o as readonly number[]).flatMap((v) => Array.from({ length: times }, () => v));
  return o;
}

/** `x` with every row repeated `times` times in place (captum's repeat_interleave). */
export function repeatRows(x: tf.Tensor, times: number): tf.Tensor {
  return tf.tidy(() => {
    const n = x.shape[0];
    const rest = x.shape.slice(1);
    return x
      .expandDims(1)
      .tile([1, times, ...rest.map(() => 1)])
      .reshape([n * times, ...rest]);
  });
}

/**
 * Per row, the units (groups of `group` consecutive features) in removal order: largest summed
 * attribution first (`'signed'`), largest |sum| first (`'absolute'`), or a seeded permutation
 * (`'random'`). Stable: ties keep feature order, so the order is the same on every backend.
 */
export function removalOrder(
  phi: Float64Array,
  n: number,
  d: number,
  group: number,
  order: 'signed' | 'absolute' | 'random',
  rng: Rng,
): Int32Array[] {
  const units = d / group;
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    if (order === 'random') {
      out.push(rng.permutation(units));
      continue;
    }
    const score = new Float64Array(units);
    for (let j = 0; j < d; j++) score[Math.floor(j / group)] += phi[i * d + j];
    if (order === 'absolute') for (let u = 0; u < units; u++) score[u] = Math.abs(score[u]);
    const idx = Int32Array.from({ length: units }, (_, u) => u);
    idx.sort((a, c) => score[c] - score[a] || a - c);
    out.push(idx);
  }
  return out;
}
