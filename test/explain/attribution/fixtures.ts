/** Models and assertions shared by the attribution tests (not a test file itself). */
import * as tf from '@tensorflow/tfjs';
import { LIN_W, mlp } from '../support';
import { Lcg32 } from '../../../core';

export { assertClose, assertClose2, LIN_B, LIN_W, linearModel, noLeak, productModel, rejectsWith } from '../support';

/** f = ReLU(ReLU(x₁ − 1) − ReLU(x₂)), DeepExplain's reference network (SPEC.md). */
export const specRelu = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => {
    const x1 = x.slice([0, 0], [-1, 1]);
    const x2 = x.slice([0, 1], [-1, 1]);
    return tf.relu(tf.relu(x1.sub(1)).sub(tf.relu(x2)));
  });

/** f = min(x₁, x₂). */
export const minModel = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => tf.minimum(x.slice([0, 0], [-1, 1]), x.slice([0, 1], [-1, 1])));

/** f = x₁² x₂. */
export const squareProductModel = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() =>
    x
      .slice([0, 0], [-1, 1])
      .square()
      .mul(x.slice([0, 1], [-1, 1])),
  );

/** A 3-output linear model: output k is (k+1)·wᵀx. */
export const linear3 = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => {
    const w = tf.tensor2d(
      LIN_W.flatMap((v) => [v, 2 * v, 3 * v]),
      [LIN_W.length, 3],
    );
    return x.matMul(w);
  });

/** A seeded softplus MLP d-h-k, weights from a fixed LCG (identical on every backend). */
export function softplusMlp(d: number, h: number, k: number, seed = 1): tf.Sequential {
  return mlp([d, h, k], 'softplus', seed, 0.6);
}

/** Deterministic pseudo-random rows [n, d] in [-1, 1]. */
export function rows(n: number, d: number, seed = 7): number[][] {
  const g = new Lcg32(seed, 22695477, 1);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => g.uniform() * 2 - 1));
}
