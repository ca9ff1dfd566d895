/**
 * The input Hessian ∂²f/∂xᵢ∂xⱼ at each input: the naive interaction baseline of path_explain's
 * remove-and-retrain benchmark (Janizek, Sturmfels, Lee, "Explaining Explanations: Axiomatic
 * Feature Interactions for Deep Networks", JMLR 22(104), 2021; benchmarking/gradients.py).
 * Local: it sees the curvature at x only, not along a path from a baseline.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import type { InputLike, ModelLike } from '../types';
import { errors } from '../internal/errors';
import { asMatrix } from '../internal/model';
import { prepareMethodCall } from '../internal/prepareMethodCall';
import { checkPositiveInteger } from '../internal/validate';

/** Options of {@link hessian} and {@link hessianXInput}. */
export interface HessianOptions {
  /** Output index of a multi-output model. Default: the only output (required for several). */
  output?: number;
  /** Input rows per pass (each is replicated once per feature). Default: 256. */
  batchSize?: number;
}

const DEFAULTS = { batchSize: 256 };

/** Local second-derivative interactions of a batch of inputs. */
export interface LocalInteractionResult {
  /** `hessian` or `hessianXInput`. */
  method: string;
  /** [N, ...A, ...A] with A the feature shape. */
  shape: number[];
  /** The feature shape A. */
  featureShape: number[];
  /** One R × R matrix per input, flattened row-major (R = product of A). */
  interactions: number[][];
}

/** The Hessians of every row of `x` [N, ...A] as [N, R, R] values, row-major (shared by both methods). */
export async function localHessians(
  fn: string,
  model: ModelLike,
  inputs: InputLike,
  options: HessianOptions,
): Promise<{ values: Float32Array; x: Float32Array; featureShape: number[]; n: number; r: number }> {
  await ready();
  const o = { ...DEFAULTS, ...options };
  const batch = checkPositiveInteger(o.batchSize, 'batchSize', fn);
  const prep = await prepareMethodCall(fn, model, inputs, {}, { model: 'function', baseline: 'none' });
  try {
    const { model: f, x: xT, n, featureShape } = prep;
    const R = featureShape.reduce((a, b) => a * b, 1);
    const probe = tf.tidy(() => {
      const out = f(xT.slice(0, 1));
      return out.rank === 1 ? 1 : (out.shape[1] as number);
    });
    let outIndex = 0;
    if (o.output === undefined) {
      if (probe !== 1) throw new Error(errors.hessianOutputNeeded(fn, probe));
    } else if (typeof o.output !== 'number' || !Number.isInteger(o.output) || o.output < 0 || o.output >= probe) {
      throw new Error(errors.outputIndexRange(fn, probe, o.output as number));
    } else outIndex = o.output;
    const values = new Float32Array(n * R * R);
    for (let s = 0; s < n; s += batch) {
      const m = Math.min(batch, n - s);
      const h = tf.tidy(() => {
        const xb = xT.slice(s, m).reshape([m, 1, R]);
        // Row (p, j) of the replicated batch holds input p; differentiating Σ_r ∂_{j(r)} f there
        // gives column j of input p's Hessian in one double-backward pass.
        const rep = tf.tile(xb, [1, R, 1]).reshape([m * R, ...featureShape]);
        const pick = tf.tile(tf.eye(R).reshape([1, R, R]), [m, 1, 1]).reshape([m * R, ...featureShape]);
        const scalar = (z: tf.Tensor) => asMatrix(f(z)).slice([0, outIndex], [-1, 1]).sum();
        const grad = tf.grad(scalar);
        const outer = tf.grad((z: tf.Tensor) => grad(z).mul(pick).sum());
        return outer(rep).reshape([m, R, R]);
      });
      values.set(await h.data(), s * R * R);
      h.dispose();
    }
    return { values, x: (await xT.data()) as Float32Array, featureShape, n, r: R };
  } finally {
    prep.dispose();
  }
}

/** Splits [N, R, R] values into one flat matrix per input. */
export function perInput(values: Float32Array, n: number, r: number): number[][] {
  return Array.from({ length: n }, (_, p) => Array.from(values.subarray(p * r * r, (p + 1) * r * r)));
}

/**
 * The Hessian of the model's output with respect to its inputs at every input, Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ
 * (autodiff, any twice-differentiable model; ReLU networks give zero almost everywhere).
 * Janizek et al., JMLR 2021 (the 'hessians' baseline of the remove-and-retrain benchmark).
 */
export async function hessian(
  model: ModelLike,
  inputs: InputLike,
  options: HessianOptions = {},
): Promise<LocalInteractionResult> {
  const fn = 'hessian';
  const h = await localHessians(fn, model, inputs, options);
  return {
    method: fn,
    shape: [h.n, ...h.featureShape, ...h.featureShape],
    featureShape: h.featureShape,
    interactions: perInput(h.values, h.n, h.r),
  };
}
