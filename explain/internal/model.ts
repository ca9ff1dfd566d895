/**
 * Turns any {@link ModelLike} into one differentiable function of a batch, and inspects what it
 * returns.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelFunction, ModelLike } from '../types';
import { errors } from './errors';

interface LayersLike {
  apply(x: tf.Tensor, kwargs?: { training?: boolean }): unknown;
  layers: unknown;
}
interface GraphLike {
  execute(x: tf.Tensor): tf.Tensor | tf.Tensor[];
  executeAsync: unknown;
}

// Duck typing instead of instanceof: a model built by a second copy of tfjs (a notebook's own
// require) is still a model.
function isLayersLike(m: unknown): m is LayersLike {
  return typeof m === 'object' && m !== null && typeof (m as LayersLike).apply === 'function' && 'layers' in m;
}
function isGraphLike(m: unknown): m is GraphLike {
  return typeof m === 'object' && m !== null && typeof (m as GraphLike).execute === 'function' && 'executeAsync' in m;
}

function firstTensor(out: unknown): tf.Tensor {
  if (Array.isArray(out)) return out[0] as tf.Tensor;
  return out as tf.Tensor;
}

/**
 * The model as a function of a float batch, differentiable with `tf.grad`.
 * LayersModels run through `apply(x, {training: false})` (dropout off, batch-norm in inference
 * mode; `predict` would wrap the call in its own tidy); GraphModels through `execute`. A model
 * with several output tensors is explained through its first.
 * @throws when `model` is none of the three kinds.
 */
export function toModelFunction(model: ModelLike, fn: string): ModelFunction {
  // Black boxes (explain/internal/blackBox.ts) have no gradients: name them instead of failing inside.
  const m = model as unknown as { kind?: unknown; constructor?: { name?: string } };
  if (m?.kind === 'blackBox' || (typeof model === 'function' && m.constructor?.name === 'AsyncFunction')) {
    throw new Error(errors.blackBoxGradient(fn));
  }
  if (typeof model === 'function') return (x) => checkReturned(model(x), fn);
  if (isLayersLike(model)) return (x) => firstTensor(model.apply(x, { training: false }));
  if (isGraphLike(model)) return (x) => firstTensor(model.execute(x));
  throw new Error(errors.modelKind(fn, model));
}

/** The tensor a function model returned, or the error naming what it returned instead. */
function checkReturned(out: unknown, fn: string): tf.Tensor {
  if (typeof out === 'object' && out !== null && 'dataId' in out && 'shape' in out) return out as tf.Tensor;
  if (out instanceof Promise) {
    // Its rejection would otherwise surface as an unhandled one.
    out.catch(() => undefined);
    throw new Error(errors.blackBoxNotPromise(fn));
  }
  throw new Error(errors.modelReturn(fn, out));
}

/** What a model's output looks like for a batch. */
export interface OutputInfo {
  /** Number of outputs per row (1 for [N] and [N, 1]). */
  numOutputs: number;
  /** Whether the output is [N] or [N, 1]. */
  single: boolean;
}

/**
 * Reads the output layout from an output tensor of a batch of `rows` rows: [N] and [N, 1] are
 * single-output, [N, K] has K outputs; anything else is an error naming `fn`.
 */
export function inspectOutput(out: tf.Tensor, rows: number, fn: string): OutputInfo {
  if (out.rank === 0 || out.rank > 2) throw new Error(errors.modelOutputShape(fn, out.shape));
  if (out.shape[0] !== rows) throw new Error(errors.modelOutputRows(fn, rows, out.shape[0]));
  const k = out.rank === 1 ? 1 : (out.shape[1] as number);
  return { numOutputs: k, single: k === 1 };
}

/** Output as [N, K] (a [N] output becomes [N, 1]); does not dispose its argument. */
export function asMatrix(out: tf.Tensor): tf.Tensor2D {
  return (out.rank === 1 ? out.expandDims(1) : out) as tf.Tensor2D;
}

/**
 * Runs the model on `x` in passes of at most `batchSize` rows and returns the output as a JS
 * matrix [rows, k] (row-major) with its layout; validates the output shape.
 */
export function evaluate(
  model: ModelFunction,
  x: tf.Tensor,
  batchSize: number,
  fn: string,
): { values: Float32Array; info: OutputInfo } {
  const n = x.shape[0];
  const size = Math.max(1, Math.floor(batchSize));
  let values: Float32Array | null = null;
  let info: OutputInfo | null = null;
  for (let s = 0; s < n; s += size) {
    const e = Math.min(n, s + size);
    const part = tf.tidy(() => {
      const xb = s === 0 && e === n ? x : x.slice(s, e - s);
      const out = model(xb);
      const i = inspectOutput(out, e - s, fn);
      if (info && i.numOutputs !== info.numOutputs) throw new Error(errors.modelOutputShape(fn, out.shape));
      info = i;
      return out;
    });
    const data = part.dataSync() as Float32Array;
    part.dispose();
    const k = (info as OutputInfo | null)?.numOutputs ?? 1;
    if (!values) values = new Float32Array(n * k);
    values.set(data, s * k);
  }
  return { values: values ?? new Float32Array(0), info: info ?? { numOutputs: 1, single: true } };
}
