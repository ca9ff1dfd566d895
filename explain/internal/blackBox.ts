/**
 * Black-box models: any async function from a batch of rows to a batch of outputs (a served
 * model, an ONNX session, plain JavaScript), and one runner that evaluates either kind — a tfjs
 * model or a black box — on a batch built as a tensor, returning plain numbers.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelLike } from '../types';
import { errors } from './errors';
import { inspectOutput, toModelFunction, type OutputInfo } from './model';

/**
 * An async function of a batch: `x` holds one row per input, each the input's features
 * flattened row-major; it resolves to one row of outputs per input (K numbers, K ≥ 1).
 */
export type BlackBoxFunction = (x: number[][]) => Promise<number[][]>;

/** A black box tagged by {@link blackBox}; what the model-agnostic methods accept beside tfjs models. */
export interface BlackBox {
  readonly kind: 'blackBox';
  readonly predict: BlackBoxFunction;
}

/** A model the model-agnostic methods accept: a tfjs model, a tensor function or a black box. */
export type AnyModel = ModelLike | BlackBox | BlackBoxFunction;

/**
 * Tags an async function of rows as a black box, so that no method mistakes it for a function
 * of a tensor. (An `async` function is recognised without the tag.)
 */
export function blackBox(predict: BlackBoxFunction): BlackBox {
  return { kind: 'blackBox', predict };
}

/** Whether `m` is a black box: tagged by {@link blackBox}, or an `async` function. */
export function isBlackBox(m: unknown): m is BlackBox | BlackBoxFunction {
  if (typeof m === 'object' && m !== null && (m as BlackBox).kind === 'blackBox' && typeof (m as BlackBox).predict === 'function')
    return true;
  return typeof m === 'function' && m.constructor?.name === 'AsyncFunction';
}

/** Evaluates a model on batches given as tensors; the output comes back as plain numbers. */
export interface BatchRunner {
  readonly isBlackBox: boolean;
  /**
   * The model's output on `z` ([P, ...featureShape]; not disposed) as [P, K] row-major, with
   * its layout (checked: rows, equal K on every call, finite numbers for black boxes).
   */
  run(z: tf.Tensor): Promise<{ values: Float32Array; info: OutputInfo }>;
}

function checkRows(fn: string, out: unknown, rows: number, k: number | null): { values: Float32Array; k: number } {
  if (!Array.isArray(out) || out.length !== rows) throw new Error(errors.blackBoxNotRows(fn, rows, out));
  const kk = k ?? (Array.isArray(out[0]) ? (out[0] as unknown[]).length : -1);
  if (kk < 1) throw new Error(errors.blackBoxRowLength(fn, k ?? 1, 0, out[0]));
  const values = new Float32Array(rows * kk);
  for (let r = 0; r < rows; r++) {
    const row = out[r] as unknown;
    if (!Array.isArray(row) || row.length !== kk) throw new Error(errors.blackBoxRowLength(fn, kk, r, row));
    for (let j = 0; j < kk; j++) {
      const v = row[j] as unknown;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(errors.blackBoxNonFinite(fn, v, r, j));
      values[r * kk + j] = v;
    }
  }
  return { values, k: kk };
}

/** A {@link BatchRunner} for any model; black boxes get rows of flattened features. */
export function toBatchRunner(model: AnyModel, fn: string): BatchRunner {
  if (isBlackBox(model)) {
    const predict = typeof model === 'function' ? model : model.predict;
    let k: number | null = null;
    return {
      isBlackBox: true,
      async run(z) {
        const p = z.shape[0];
        const d = z.size / Math.max(1, p);
        const flat = await z.data();
        const rows: number[][] = [];
        for (let r = 0; r < p; r++) rows.push(Array.from(flat.subarray(r * d, (r + 1) * d)));
        const checked = checkRows(fn, await predict(rows), p, k);
        k = checked.k;
        return { values: checked.values, info: { numOutputs: k, single: k === 1 } };
      },
    };
  }
  const f = toModelFunction(model, fn);
  let k: number | null = null;
  return {
    isBlackBox: false,
    async run(z) {
      const p = z.shape[0];
      let info: OutputInfo | null = null;
      const out = tf.tidy(() => {
        const y = f(z) as unknown;
        if (y instanceof Promise) {
          // A non-async function returning a Promise: its rejection would surface unhandled.
          y.catch(() => undefined);
          throw new Error(errors.blackBoxNotPromise(fn));
        }
        const t = y as tf.Tensor;
        info = inspectOutput(t, p, fn);
        if (k !== null && info.numOutputs !== k) throw new Error(errors.modelOutputShape(fn, t.shape));
        return t;
      });
      k = (info as OutputInfo | null)?.numOutputs ?? 1;
      const values = Float32Array.from(await out.data());
      out.dispose();
      return { values, info: info as unknown as OutputInfo };
    },
  };
}

/** Runs `runner` on `x` in passes of at most `batchSize` rows; [rows, K] row-major. */
export async function evaluateRows(
  runner: BatchRunner,
  x: tf.Tensor,
  batchSize: number,
): Promise<{ values: Float32Array; info: OutputInfo }> {
  const n = x.shape[0];
  const size = Math.max(1, Math.floor(batchSize));
  let values: Float32Array | null = null;
  let info: OutputInfo = { numOutputs: 1, single: true };
  for (let s = 0; s < n; s += size) {
    const e = Math.min(n, s + size);
    const xb = s === 0 && e === n ? x : x.slice(s, e - s);
    try {
      const r = await runner.run(xb);
      info = r.info;
      if (!values) values = new Float32Array(n * info.numOutputs);
      values.set(r.values, s * info.numOutputs);
    } finally {
      if (xb !== x) xb.dispose();
    }
  }
  return { values: values ?? new Float32Array(0), info };
}
