/**
 * The input gradient of a chain of dense layers (a tf.Sequential recognised by
 * {@link asDenseStack}) written out by hand: one forward sweep keeping each layer's activation
 * slope σ'(a), one backward sweep of matrix products. Compared with `tf.grad` through
 * `LayersModel.apply` this skips the layers' bookkeeping, the gradients of the weights (tfjs'
 * fused matMul computes them eagerly), the last layer's forward pass and every activation value
 * that only feeds the output — on small models these are most of the time. The path integrator
 * also uses that the first layer is affine: it can form the first pre-activation from
 * x·W₁ and x'·W₁ instead of multiplying every path point by W₁.
 */
import * as tf from '@tensorflow/tfjs';
import { outputWeights, type ResolvedOutput } from '../output';
import { activate, activationAndSlope } from './activations';
import type { DenseStack } from './denseStack';

/**
 * The stack's output [N, K] for `x` [N, d], with the same ops as the layers (matMul, bias,
 * activation) but without `LayersModel.apply`'s per-call bookkeeping, which dominates on
 * small batches.
 */
export function denseForward(stack: DenseStack, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let h = x as tf.Tensor2D;
    for (const step of stack.steps) {
      let a: tf.Tensor2D = tf.matMul(h, step.kernel);
      if (step.bias) a = a.add(step.bias);
      h = activate(step.activation, a) as tf.Tensor2D;
    }
    return h;
  });
}

/**
 * ∂/∂outputs of the explained scalar per row: [1, K] when it is the same for every row, or
 * [P, K] for one output per input row (`owners[p]` = input row of output row p).
 */
export function outputSeed(
  sel: ResolvedOutput,
  k: number,
  rows: number,
  owners: ArrayLike<number> | undefined,
  which: number,
): tf.Tensor2D {
  const { values, rows: r } = outputWeights(sel, k, rows, owners, which, true);
  return tf.tensor2d(values, [r, k]);
}

/**
 * ∂(Σ_rows seed · f)/∂a₁ for the first layer's pre-activations `a1` [P, H₁] (so the input
 * gradient is this times W₁ᵀ). `seed` is [1, K] or [P, K] from {@link outputSeed}. Call
 * inside a tidy.
 */
export function denseFirstLayerGradient(stack: DenseStack, a1: tf.Tensor2D, seed: tf.Tensor2D): tf.Tensor2D {
  const { steps } = stack;
  const L = steps.length;
  // A linear last layer needs neither its pre-activation nor a slope, so the forward sweep
  // stops one layer early; the value of the layer it stops at is never used either.
  const stop = L > 1 && steps[L - 1].activation === 'linear' ? L - 1 : L;
  const slopes: (tf.Tensor | null)[] = new Array<tf.Tensor | null>(L).fill(null);
  let a: tf.Tensor = a1;
  for (let l = 0; l < stop; l++) {
    if (l > 0) {
      a = tf.matMul(a as tf.Tensor2D, steps[l].kernel);
      if (steps[l].bias) a = a.add(steps[l].bias as tf.Tensor1D);
    }
    const [h, slope] = activationAndSlope(steps[l].activation, a, l < stop - 1);
    slopes[l] = slope;
    if (h) a = h;
  }
  let u: tf.Tensor = seed;
  for (let l = L - 1; l >= 0; l--) {
    const s = slopes[l];
    if (s && l > 0 && u.shape[0] === 1) {
      // u is one row for every point: scale the small kernel instead of the [P, H] slope.
      u = tf.matMul(s as tf.Tensor2D, steps[l].kernel.mul(u), false, true);
      continue;
    }
    if (s) u = u.mul(s);
    if (l > 0) u = tf.matMul(u as tf.Tensor2D, steps[l].kernel, false, true);
  }
  const rows = a1.shape[0];
  return (u.shape[0] === rows ? u : tf.broadcastTo(u, [rows, u.shape[1] as number])) as tf.Tensor2D;
}
