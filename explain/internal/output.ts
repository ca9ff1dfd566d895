/**
 * Output selection: which scalar per row is explained. Resolved once against the model's output
 * count (with the exact error messages), then applied to output tensors of any batch layout.
 */
import * as tf from '@tensorflow/tfjs';
import type { OutputSelection } from '../types';
import { describe, errors } from './errors';
import type { OutputInfo } from './model';

/**
 * A validated selection.
 * `single`: the model has one output. `index`: output k for every row. `perRow`: output
 * `indices[i]` for input row i. `weights`: Σₖ wₖ fₖ. `all`: every output explained in turn
 * (multi-output model, no selection).
 */
export type ResolvedOutput =
  | { kind: 'single' }
  | { kind: 'index'; index: number }
  | { kind: 'perRow'; indices: Int32Array }
  | { kind: 'weights'; weights: Float32Array }
  | { kind: 'all'; numOutputs: number };

function isIndex(v: unknown, k: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < k;
}

/**
 * Checks `selection` against the model's outputs and the number of input rows.
 * @throws with the message of `errors.outputIndexRange`, `outputForSingleOutput`,
 * `outputPerRowLength` or `outputWeightsLength`.
 */
export function resolveOutput(
  selection: OutputSelection | undefined,
  info: OutputInfo,
  rows: number,
  fn: string,
): ResolvedOutput {
  const k = info.numOutputs;
  if (selection === undefined || selection === null) {
    return info.single ? { kind: 'single' } : { kind: 'all', numOutputs: k };
  }
  if (isTensorLike(selection)) return resolveOutput(outputFromTensor(selection, fn), info, rows, fn);
  if (info.single) {
    const shown = typeof selection === 'number' ? selection : Array.isArray(selection) ? selection : describe(selection);
    throw new Error(errors.outputForSingleOutput(fn, Array.isArray(shown) ? `[${shown.join(', ')}]` : shown));
  }
  if (typeof selection === 'number') {
    if (!isIndex(selection, k)) throw new Error(errors.outputIndexRange(fn, k, selection));
    return { kind: 'index', index: selection };
  }
  if (Array.isArray(selection)) {
    const arr = selection as readonly number[];
    if (arr.length !== rows) throw new Error(errors.outputPerRowLength(fn, rows, arr.length));
    for (const v of arr) if (!isIndex(v, k)) throw new Error(errors.outputIndexRange(fn, k, v));
    return { kind: 'perRow', indices: Int32Array.from(arr) };
  }
  if (typeof selection !== 'object' || !('weights' in selection) || !Array.isArray(selection.weights)) {
    throw new Error(errors.outputKind(fn, k, rows, selection));
  }
  const w = selection.weights;
  if (w.length !== k) throw new Error(errors.outputWeightsLength(fn, k, w.length));
  w.forEach((v, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(errors.outputWeightsFinite(fn, j, v));
  });
  return { kind: 'weights', weights: Float32Array.from(w) };
}

function isTensorLike(v: unknown): v is tf.Tensor {
  return typeof v === 'object' && v !== null && 'dataId' in v && 'shape' in v && 'dtype' in v;
}

/**
 * A tensor `output` (captum's `target`) as a plain selection: a scalar is one index, a 1-D
 * tensor one index per row; both must hold integers (int32, or float32 with integral values).
 */
export function outputFromTensor(t: tf.Tensor, fn: string): number | number[] {
  if (t.isDisposed) throw new Error(errors.disposedTensor('output', fn, t.shape));
  if (t.rank > 1 || (t.dtype !== 'int32' && t.dtype !== 'float32')) throw new Error(errors.outputTensor(fn, t.dtype, t.shape));
  const v = Array.from(t.dataSync() as Int32Array | Float32Array);
  return t.rank === 0 ? v[0] : v;
}

/** How many separate explanations a resolved selection asks for (K for `all`, else 1). */
export function selectionCount(sel: ResolvedOutput): number {
  return sel.kind === 'all' ? sel.numOutputs : 1;
}

/**
 * The explained scalar of every row of a model output `out` ([P] or [P, K]), differentiably.
 * `owners[p]` is the input row that output row p belongs to (needed by `perRow` only; identity
 * when omitted). `which` picks the output for `all` (one explanation per output).
 */
export function selectOutput(out: tf.Tensor, sel: ResolvedOutput, owners?: ArrayLike<number>, which = 0): tf.Tensor1D {
  return tf.tidy(() => {
    if (sel.kind === 'single') return out.reshape([-1]) as tf.Tensor1D;
    const m = out as tf.Tensor2D;
    switch (sel.kind) {
      case 'index':
        return m.slice([0, sel.index], [-1, 1]).reshape([-1]) as tf.Tensor1D;
      case 'all':
        return m.slice([0, which], [-1, 1]).reshape([-1]) as tf.Tensor1D;
      case 'weights':
        return m.matMul(tf.tensor2d(sel.weights, [sel.weights.length, 1])).reshape([-1]) as tf.Tensor1D;
      case 'perRow': {
        const p = m.shape[0];
        const k = m.shape[1];
        const mask = new Float32Array(p * k);
        for (let r = 0; r < p; r++) mask[r * k + sel.indices[owners ? owners[r] : r]] = 1;
        return m.mul(tf.tensor2d(mask, [p, k])).sum(1) as tf.Tensor1D;
      }
    }
  });
}

/** The explained scalar per row as plain numbers (for diagnostics); `out` is not disposed. */
export function selectedValues(out: tf.Tensor, sel: ResolvedOutput, which = 0, owners?: ArrayLike<number>): Float32Array {
  const s = selectOutput(out, sel, owners, which);
  const v = s.dataSync() as Float32Array;
  s.dispose();
  return Float32Array.from(v);
}

/**
 * The explained scalar from a row of a model output held in JS: `values` is [rows, k]
 * row-major, `row` the output row, `input` the input row it belongs to (for `perRow`).
 */
export function selectFromMatrix(
  values: ArrayLike<number>,
  k: number,
  row: number,
  sel: ResolvedOutput,
  input: number,
  which = 0,
): number {
  const o = row * k;
  switch (sel.kind) {
    case 'single':
      return values[o];
    case 'index':
      return values[o + sel.index];
    case 'all':
      return values[o + which];
    case 'perRow':
      return values[o + sel.indices[input]];
    case 'weights': {
      let s = 0;
      for (let j = 0; j < k; j++) s += sel.weights[j] * values[o + j];
      return s;
    }
  }
}

/** Per explained row (input-major [N, S]): f(x), f(x') and the completeness gap. */
export interface CompletenessRows {
  outputAtInput: number[];
  outputAtBaseline: number[];
  completenessGap: number[];
}

/** The facts the shared method runners (gradient, path) hand back for a result. */
export interface MethodRun extends CompletenessRows {
  values: ArrayLike<number>;
  numInputs: number;
  featureShape: number[];
  outputs: number | null;
  /** Monte-Carlo standard error per value, when the method drew samples. */
  standardError?: ArrayLike<number> | null;
  /** Monte-Carlo standard error of each row's completeness gap, when the method drew samples. */
  completenessStandardError?: number[] | null;
}

/**
 * The completeness check of attributions `values` ([N, S, d] row-major): per input i and
 * selected output s, Σφ − (f(x) − f(x')) with f(x) from row i of `fx` and f(x') from row
 * `baselineRow(i)` of `fb` (both [rows, k]).
 */
export function completenessRows(
  values: ArrayLike<number>,
  d: number,
  n: number,
  sel: ResolvedOutput,
  k: number,
  fx: ArrayLike<number>,
  fb: ArrayLike<number>,
  baselineRow: (i: number) => number,
): CompletenessRows {
  const numSel = selectionCount(sel);
  const outputAtInput: number[] = [];
  const outputAtBaseline: number[] = [];
  const completenessGap: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < numSel; s++) {
      const a = selectFromMatrix(fx, k, i, sel, i, s);
      const r = selectFromMatrix(fb, k, baselineRow(i), sel, i, s);
      let sum = 0;
      const off = (i * numSel + s) * d;
      for (let j = 0; j < d; j++) sum += values[off + j];
      outputAtInput.push(a);
      outputAtBaseline.push(r);
      completenessGap.push(sum - (a - r));
    }
  }
  return { outputAtInput, outputAtBaseline, completenessGap };
}
