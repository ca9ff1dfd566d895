/**
 * The loop of the ReLU-rule gradient methods (Guided Backpropagation, Deconvolution): one
 * forward and one backward pass per chunk with the rule of reluOverride.ts active, per
 * explained output.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { chunks } from './batching';
import { evaluate, type OutputInfo } from './model';
import { completenessRows, resolveOutput, selectOutput, selectionCount, type MethodRun, type ResolvedOutput } from './output';
import { inputGradient } from './pathIntegral';
import { withReluRule, type ReluRule } from './reluOverride';
import { prepareMethodCall } from './prepareMethodCall';

/** Options of the ReLU-rule methods. */
export interface GuidedOptions extends ProgressOptions {
  output?: OutputSelection;
  batchSize?: number;
}

/** A finished run with the selection it used. */
export interface GuidedRun extends MethodRun {
  values: Float32Array;
  selection: ResolvedOutput;
  info: OutputInfo;
}

/** Guided / deconvolution gradients of every input, [N, S, d] row-major; completeness against a zero input. */
export async function runGuided(
  fn: string,
  model: ModelLike,
  inputs: InputLike,
  options: GuidedOptions,
  rule: ReluRule,
): Promise<GuidedRun> {
  const prep = await prepareMethodCall(fn, model, inputs, options, { model: 'function', baseline: 'none' });
  try {
    const { model: f, x: xT, n, featureShape, d, batchSize } = prep;
    const { values: fx, info } = evaluate(f, xT, batchSize, fn);
    const sel = resolveOutput(options.output, info, n, fn);
    const numSel = selectionCount(sel);
    const values = new Float32Array(n * numSel * d);
    const plan = chunks(n, batchSize);
    const cp = new Checkpoint(fn, plan.length * numSel, options);
    try {
      for (let s = 0; s < numSel; s++) {
        for (const c of plan) {
          const cnt = c.end - c.start;
          const g = tf.tidy(() => {
            const xb = xT.slice(c.start, cnt);
            const owners = Int32Array.from({ length: cnt }, (_, p) => c.start + p);
            const body = (zz: tf.Tensor) => selectOutput(f(zz), sel, owners, s).sum() as tf.Scalar;
            return withReluRule(rule, () => inputGradient(fn, body, xb));
          });
          const v = (await g.data()) as Float32Array;
          g.dispose();
          for (let i = 0; i < cnt; i++) values.set(v.subarray(i * d, (i + 1) * d), ((c.start + i) * numSel + s) * d);
          await cp.step();
        }
      }
    } finally {
      cp.end();
    }
    const zero = tf.zeros([1, ...featureShape]);
    let fb: Float32Array;
    try {
      fb = evaluate(f, zero, 1, fn).values;
    } finally {
      zero.dispose();
    }
    const rows = completenessRows(values, d, n, sel, info.numOutputs, fx, fb, () => 0);
    return {
      values,
      numInputs: n,
      featureShape,
      outputs: sel.kind === 'all' ? sel.numOutputs : null,
      selection: sel,
      info,
      ...rows,
    };
  } finally {
    prep.dispose();
  }
}
