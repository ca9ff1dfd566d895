/**
 * The body shared by the single-backward-pass methods of DeepExplain (Ancona et al., ICLR 2018):
 * saliency, gradient, gradient×input, DeepLIFT (Rescale) and ε-LRP. One forward and one backward
 * pass per chunk of at most `batchSize` inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, progressFrom, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { chunks } from './batching';
import { errors } from './errors';
import { withGradientRule, type GradientRule } from './gradientOverride';
import { evaluate, inspectOutput, type OutputInfo } from './model';
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
    const { model: f, n, featureShape, d, batchSize, m } = prep;
    const x = { tensor: prep.x };
    const baseT = prep.baseline as tf.Tensor;
    // The output layout of a model on a feature shape is read by one eager forward pass the
    // first time; later calls take f(x) and f(x') from the pass that computes the gradient.
    const layoutKey = `${x.tensor.dtype}[${featureShape.join(',')}]`;
    let info = layouts.get(model as object)?.get(layoutKey);
    if (info === undefined) {
      info = evaluate(f, x.tensor, batchSize, fn).info;
      if (!layouts.has(model as object)) layouts.set(model as object, new Map());
      layouts.get(model as object)!.set(layoutKey, info);
    }
    const k = info.numOutputs;
    const sel = resolveOutput(options.output, info, n, fn);
    const numSel = selectionCount(sel);
    const values = new Float32Array(n * numSel * d);
    const fx = new Float32Array(n * k);
    const bOut = new Float32Array(m * k);
    const plan = chunks(n, batchSize);
    const cp = new Checkpoint(fn, plan.length * numSel, progressFrom(options, prep.startedAt));
    const cache = cacheFor(model, fn);
    const deep = rule === 'deepLift';
    const needsRef = deep || transform === 'timesDelta';
    const checkLayout = (y: tf.Tensor, rows: number): void => {
      if (inspectOutput(y, rows, fn).numOutputs !== k) throw new Error(errors.modelOutputShape(fn, y.shape));
    };
    try {
      for (let s = 0; s < numSel; s++) {
        for (const c of plan) {
          const cnt = c.end - c.start;
          const whole = c.start === 0 && cnt === n;
          // f(x) comes with the first selection's pass; f(x') with the first chunk's (one shared
          // row) or with every chunk's (one row per input).
          const withValues = s === 0;
          const withBase = s === 0 && (m !== 1 || c.start === 0);
          const owners = Int32Array.from({ length: 2 * cnt }, (_, p) => c.start + (p % cnt));
          // Per-row output choices depend on the data: a mask input, not a constant of the graph.
          const mask = sel.kind === 'perRow' ? perRowMask(sel.indices, owners, deep ? 2 * cnt : cnt, info.numOutputs) : null;
          const xb = whole ? x.tensor : x.tensor.slice(c.start, cnt);
          const refIn = m === 1 || whole ? baseT : baseT.slice(c.start, cnt);
          const pick = (o: tf.Tensor, mk: tf.Tensor | undefined): tf.Tensor =>
            mk !== undefined ? o.mul(mk).sum(1) : selectOutput(o, sel, owners, s);
          // One forward and backward pass, with the model's outputs at the inputs (and at the
          // baselines): on the tensorflow backend one session call once compiled.
          const body = (xb: tf.Tensor, refIn: tf.Tensor, mk?: tf.Tensor): tf.Tensor[] => {
            const kept: tf.Tensor[] = [];
            try {
              const ref = needsRef && m === 1 ? tf.tile(refIn, [cnt, ...featureShape.map(() => 1)]) : refIn;
              let g: tf.Tensor;
              const outputs: tf.Tensor[] = [];
              if (deep) {
                const z = tf.concat([xb, ref], 0);
                const inner = (zz: tf.Tensor) => {
                  const y = f(zz);
                  checkLayout(y, 2 * cnt);
                  if (withValues) kept.push(tf.keep(y));
                  return pick(y, mk).slice(0, cnt).sum() as tf.Scalar;
                };
                g = withGradientRule(rule, epsilon, () => inputGradient(fn, inner, z)).slice(0, cnt);
                if (withValues) outputs.push(kept[0].slice(0, cnt));
                if (withBase) outputs.push(kept[0].slice(cnt, m === 1 ? 1 : cnt));
                tf.dispose(kept.splice(0));
              } else {
                const inner = (zz: tf.Tensor) => {
                  const y = f(zz);
                  checkLayout(y, cnt);
                  if (withValues) kept.push(tf.keep(y));
                  return pick(y, mk).sum() as tf.Scalar;
                };
                g = rule ? withGradientRule(rule, epsilon, () => inputGradient(fn, inner, xb)) : inputGradient(fn, inner, xb);
                if (withValues) outputs.push(kept[0]);
                if (withBase) {
                  const yb = f(refIn);
                  checkLayout(yb, refIn.shape[0]);
                  outputs.push(yb);
                }
              }
              switch (transform) {
                case 'abs':
                  return [g.abs(), ...outputs];
                case 'identity':
                  return [g, ...outputs];
                case 'timesInput':
                  return [g.mul(xb), ...outputs];
                case 'timesDelta':
                  return [g.mul(xb.sub(ref)), ...outputs];
              }
            } catch (e) {
              tf.dispose(kept);
              throw e;
            }
          };
          let outs: tf.Tensor[];
          try {
            outs = tf.tidy(() =>
              cache.run(
                body,
                mask ? [xb, refIn, mask] : [xb, refIn],
                `${rule}|${transform}|${epsilon}|${selectionKey(sel)}|${s}|${withValues}|${withBase}|${m}`,
              ),
            );
          } finally {
            if (xb !== x.tensor) xb.dispose();
            if (refIn !== baseT) refIn.dispose();
            mask?.dispose();
          }
          try {
            const v = outs[0].dataSync() as Float32Array;
            for (let i = 0; i < cnt; i++) values.set(v.subarray(i * d, (i + 1) * d), ((c.start + i) * numSel + s) * d);
            let o = 1;
            if (withValues) fx.set(outs[o++].dataSync(), c.start * k);
            if (withBase) bOut.set(outs[o++].dataSync(), m === 1 ? 0 : c.start * k);
          } finally {
            tf.dispose(outs);
          }
          await cp.step();
        }
      }
    } finally {
      cp.end();
    }
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

/** Output layouts already read, per model and input signature. */
const layouts = new WeakMap<object, Map<string, OutputInfo>>();

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
