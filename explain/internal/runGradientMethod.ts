/**
 * The body shared by the single-backward-pass methods of DeepExplain (Ancona et al., ICLR 2018):
 * saliency, gradient, gradient×input, DeepLIFT (Rescale) and ε-LRP. One forward and one backward
 * pass per chunk of at most `batchSize` inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { defaultBatchSize, chunks } from './batching';
import { errors } from './errors';
import { withGradientRule, type GradientRule } from './gradientOverride';
import { evaluate, toModelFunction } from './model';
import { completenessRows, resolveOutput, selectOutput, selectionCount, type MethodRun } from './output';
import { inputGradient } from './pathIntegral';
import { checkPositiveInteger, prepareBaseline, prepareInputs } from './validate';

/** How the gradient becomes an attribution. */
export type GradientTransform = 'abs' | 'identity' | 'timesInput' | 'timesDelta';

/** Options the gradient methods understand. */
export interface GradientMethodOptions extends ProgressOptions {
  baseline?: InputLike | number;
  output?: OutputSelection;
  batchSize?: number;
}

/** What a gradient method computed; flat values in the result layout [N, S, d]. */
export interface GradientRun extends MethodRun {
  values: Float32Array;
}

/**
 * Runs one of the gradient methods. `rule` replaces the nonlinearities' gradients (DeepLIFT
 * runs the baselines in the same batch as the inputs); `transform` maps the gradient g to the
 * attribution (|g|, g, x ⊙ g or (x − x') ⊙ g).
 */
export async function runGradientMethod(
  fn: string,
  model: ModelLike,
  inputs: InputLike,
  options: GradientMethodOptions,
  transform: GradientTransform,
  rule: GradientRule | null,
  epsilon = 1e-4,
): Promise<GradientRun> {
  await ready();
  const f = toModelFunction(model, fn);
  const x = prepareInputs(inputs, 'inputs', fn);
  let b: { tensor: tf.Tensor; dispose(): void } | null = null;
  try {
    const n = x.tensor.shape[0];
    const featureShape = x.tensor.shape.slice(1);
    const d = featureShape.reduce((p, q) => p * q, 1);
    b = prepareBaseline(options.baseline, featureShape, 'baseline', fn);
    const m = b.tensor.shape[0];
    if (m !== 1 && m !== n) throw new Error(errors.baselineRows('baseline', fn, n, m));
    const batchSize =
      options.batchSize === undefined ? defaultBatchSize(d) : checkPositiveInteger(options.batchSize, 'batchSize', fn);
    const { values: fx, info } = evaluate(f, x.tensor, batchSize, fn);
    const sel = resolveOutput(options.output, info, n, fn);
    const numSel = selectionCount(sel);
    const values = new Float32Array(n * numSel * d);
    const plan = chunks(n, batchSize);
    const cp = new Checkpoint(fn, plan.length * numSel, options);
    const baseT = b.tensor;
    try {
      for (let s = 0; s < numSel; s++) {
        for (const c of plan) {
          const cnt = c.end - c.start;
          const out = tf.tidy(() => {
            const xb = x.tensor.slice(c.start, cnt);
            const ref = m === 1 ? tf.tile(baseT, [cnt, ...featureShape.map(() => 1)]) : baseT.slice(c.start, cnt);
            const owners = Int32Array.from({ length: 2 * cnt }, (_, p) => c.start + (p % cnt));
            let g: tf.Tensor;
            if (rule === 'deepLift') {
              const z = tf.concat([xb, ref], 0);
              const body = (zz: tf.Tensor) => selectOutput(f(zz), sel, owners, s).slice(0, cnt).sum() as tf.Scalar;
              g = withGradientRule(rule, epsilon, () => inputGradient(fn, body, z)).slice(0, cnt);
            } else {
              const body = (zz: tf.Tensor) => selectOutput(f(zz), sel, owners, s).sum() as tf.Scalar;
              g = rule ? withGradientRule(rule, epsilon, () => inputGradient(fn, body, xb)) : inputGradient(fn, body, xb);
            }
            switch (transform) {
              case 'abs':
                return g.abs();
              case 'identity':
                return g;
              case 'timesInput':
                return g.mul(xb);
              case 'timesDelta':
                return g.mul(xb.sub(ref));
            }
          });
          const v = (await out.data()) as Float32Array;
          out.dispose();
          for (let i = 0; i < cnt; i++) values.set(v.subarray(i * d, (i + 1) * d), ((c.start + i) * numSel + s) * d);
          await cp.step();
        }
      }
    } finally {
      cp.end();
    }
    const bOut = evaluate(f, baseT, batchSize, fn).values;
    const rows = completenessRows(values, d, n, sel, info.numOutputs, fx, bOut, (i) => (m === 1 ? 0 : i));
    return {
      values,
      numInputs: n,
      featureShape,
      outputs: sel.kind === 'all' ? sel.numOutputs : null,
      ...rows,
    };
  } finally {
    b?.dispose();
    x.dispose();
  }
}
