/**
 * The loop shared by the map methods (Grad-CAM, Guided Grad-CAM): one map per input chunk and
 * selected output, copied into the result, with the completeness rows reported against a zero
 * input like the other baseline-free methods.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { ModelFunction } from '../types';
import { chunks } from '../internal/batching';
import { evaluate } from '../internal/model';
import { completenessRows, selectionCount, type ResolvedOutput } from '../internal/output';
import { resultFromRun, type AttributionResult, type ResultParams } from './result';

/** What {@link runMapMethod} needs besides the per-chunk map. */
export interface MapMethodRun {
  fn: string;
  f: ModelFunction;
  inputs: tf.Tensor;
  sel: ResolvedOutput;
  numOutputs: number;
  /** f(x) per input and output, as `evaluate` returned it. */
  fx: Float32Array;
  batchSize: number;
  /** Shape of one input's map. */
  mapShape: number[];
  /** Method-specific entries of the result's diagnostics. */
  extra: ResultParams;
  progress: ProgressOptions;
}

/** Maps of every chunk (`chunkMap(xb, owners, s)` → [cnt, ...mapShape]) collected into a result. */
export async function runMapMethod(
  run: MapMethodRun,
  chunkMap: (xb: tf.Tensor, owners: Int32Array, s: number) => tf.Tensor,
): Promise<AttributionResult> {
  const { fn, inputs, sel } = run;
  const n = inputs.shape[0];
  const md = run.mapShape.reduce((p, q) => p * q, 1);
  const numSel = selectionCount(sel);
  const values = new Float32Array(n * numSel * md);
  const plan = chunks(n, run.batchSize);
  const cp = new Checkpoint(fn, plan.length * numSel, run.progress);
  try {
    for (let s = 0; s < numSel; s++) {
      for (const c of plan) {
        const cnt = c.end - c.start;
        const owners = Int32Array.from({ length: cnt }, (_, p) => c.start + p);
        const m = tf.tidy(() => chunkMap(inputs.slice(c.start, cnt), owners, s));
        const v = (await m.data()) as Float32Array;
        m.dispose();
        for (let i = 0; i < cnt; i++) values.set(v.subarray(i * md, (i + 1) * md), ((c.start + i) * numSel + s) * md);
        await cp.step();
      }
    }
  } finally {
    cp.end();
  }
  const zero = tf.zeros([1, ...inputs.shape.slice(1)]);
  let fb: Float32Array;
  try {
    fb = evaluate(run.f, zero, 1, fn).values;
  } finally {
    zero.dispose();
  }
  const rows = completenessRows(values, md, n, sel, run.numOutputs, run.fx, fb, () => 0);
  return resultFromRun(
    fn,
    { values, numInputs: n, featureShape: run.mapShape, outputs: sel.kind === 'all' ? sel.numOutputs : null, ...rows },
    1,
    run.extra,
  );
}
