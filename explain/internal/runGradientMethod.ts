/**
 * The body shared by the single-backward-pass methods of DeepExplain (Ancona et al., ICLR 2018):
 * saliency, gradient, gradient×input, DeepLIFT (Rescale) and ε-LRP. One forward and one backward
 * pass per chunk of at most `batchSize` inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { chunks } from './batching';
import { withGradientRule, type GradientRule } from './gradientOverride';
import { evaluate } from './model';
import { completenessRows, resolveOutput, selectOutput, selectionCount, type MethodRun } from './output';
import { inputGradient } from './pathIntegral';
import { cacheFor } from '../engine/compile';
import { prepareMethodCall } from './prepareMethodCall';

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
  const prep = await prepareMethodCall(fn, model, inputs, options, { model: 'function', baseline: 'fixed' });
  try {
    const { model: f, x, n, featureShape, d, batchSize, m } = prep;
    const baseT = prep.baseline as tf.Tensor;
    const { values: fx, info } = evaluate(f, x, batchSize, fn);
    const sel = resolveOutput(options.output, info, n, fn);
    const numSel = selectionCount(sel);
    const values = new Float32Array(n * numSel * d);
    const plan = chunks(n, batchSize);
    const cp = new Checkpoint(fn, plan.length * numSel, options);
    const cache = cacheFor(model, fn);
    try {
      for (let s = 0; s < numSel; s++) {
        for (const c of plan) {
          const cnt = c.end - c.start;
          const out = tf.tidy(() => {
            const xb = x.slice(c.start, cnt);
            const ref = m === 1 ? tf.tile(baseT, [cnt, ...featureShape.map(() => 1)]) : baseT.slice(c.start, cnt);
            const owners = Int32Array.from({ length: 2 * cnt }, (_, p) => c.start + (p % cnt));
            // Per-row output choices depend on the data: a mask input, not a constant of the graph.
            const mask =
              sel.kind === 'perRow'
                ? perRowMask(sel.indices, owners, rule === 'deepLift' ? 2 * cnt : cnt, info.numOutputs)
                : null;
            const pick = (o: tf.Tensor, mk: tf.Tensor | undefined): tf.Tensor =>
              mk !== undefined ? o.mul(mk).sum(1) : selectOutput(o, sel, owners, s);
            // One forward and backward pass: on the tensorflow backend one session call once compiled.
            const body = (xb: tf.Tensor, ref: tf.Tensor, mk?: tf.Tensor): tf.Tensor => {
              let g: tf.Tensor;
              if (rule === 'deepLift') {
                const z = tf.concat([xb, ref], 0);
                const inner = (zz: tf.Tensor) => pick(f(zz), mk).slice(0, cnt).sum() as tf.Scalar;
                g = withGradientRule(rule, epsilon, () => inputGradient(fn, inner, z)).slice(0, cnt);
              } else {
                const inner = (zz: tf.Tensor) => pick(f(zz), mk).sum() as tf.Scalar;
                g = rule ? withGradientRule(rule, epsilon, () => inputGradient(fn, inner, xb)) : inputGradient(fn, inner, xb);
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
            };
            return cache.run(
              body,
              mask ? [xb, ref, mask] : [xb, ref],
              `${rule}|${transform}|${epsilon}|${selectionKey(sel)}|${s}`,
            );
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
    prep.dispose();
  }
}

/** The one-hot mask [rows, k] of per-row output choices; row p belongs to input `owners[p]`. */
function perRowMask(indices: Int32Array, owners: Int32Array, rows: number, k: number): tf.Tensor2D {
  const mask = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) mask[r * k + indices[owners[r]]] = 1;
  return tf.tensor2d(mask, [rows, k]);
}

/** What of a selection is a constant of the compiled graph (per-row choices are an input). */
function selectionKey(sel: ReturnType<typeof resolveOutput>): string {
  if (sel.kind === 'index') return `index ${sel.index}`;
  if (sel.kind === 'weights') return `weights ${Array.from(sel.weights).join(',')}`;
  return sel.kind;
}
