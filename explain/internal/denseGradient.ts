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
import { asDenseStack, type DenseActivation, type DenseStack } from '../interaction/denseStack';
import type { ModelLike } from '../types';
import type { ResolvedOutput } from './output';

/**
 * The model as a dense stack when {@link denseFirstLayerGradient} and {@link denseForward} can
 * stand in for it: a tf.Sequential of dense layers on flat inputs of `featureShape`; otherwise
 * null (then the model itself and autodiff are used).
 */
export function denseStackFor(model: ModelLike, featureShape: number[]): DenseStack | null {
  if (featureShape.length !== 1) return null;
  const stack = asDenseStack(model);
  if (!stack || stack.inputSize !== featureShape[0]) return null;
  for (const s of stack.steps) {
    if (s.kernel.dtype !== 'float32' || (s.bias && s.bias.dtype !== 'float32')) return null;
  }
  return stack;
}

/**
 * σ(a) (null when the caller does not need it) and σ'(a) (null for the identity), matching
 * the derivatives tfjs' own gradients use. Call inside a tidy.
 */
function activationAndSlope(act: DenseActivation, a: tf.Tensor, needValue: boolean): [tf.Tensor | null, tf.Tensor | null] {
  switch (act) {
    case 'linear':
      return [needValue ? a : null, null];
    case 'relu':
      return [needValue ? tf.relu(a) : null, tf.step(a)];
    case 'softplus':
      return [needValue ? tf.softplus(a) : null, tf.sigmoid(a)];
    case 'sigmoid': {
      const s = tf.sigmoid(a);
      return [s, s.mul(tf.sub(1, s))];
    }
    case 'tanh': {
      const t = tf.tanh(a);
      return [t, tf.sub(1, t.square())];
    }
    default: {
      // The rarer activations: differentiate tfjs' own op so the slope is exactly its gradient.
      const f = (q: tf.Tensor): tf.Tensor => activate(act, q);
      const { value, grad } = tf.valueAndGrad((q: tf.Tensor) => f(q).sum() as tf.Scalar)(a);
      value.dispose();
      return [needValue ? f(a) : null, grad];
    }
  }
}

function activate(act: DenseActivation, a: tf.Tensor): tf.Tensor {
  switch (act) {
    case 'linear':
      return a;
    case 'relu':
      return tf.relu(a);
    case 'relu6':
      return tf.relu6(a);
    case 'elu':
      return tf.elu(a);
    case 'selu':
      return tf.selu(a);
    case 'sigmoid':
      return tf.sigmoid(a);
    case 'softplus':
      return tf.softplus(a);
    case 'softsign':
      return a.div(tf.add(1, tf.abs(a)));
    case 'tanh':
      return tf.tanh(a);
    case 'swish':
      return a.mul(tf.sigmoid(a));
  }
}

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
  switch (sel.kind) {
    case 'single':
      return tf.ones([1, 1]);
    case 'index':
    case 'all': {
      const v = new Float32Array(k);
      v[sel.kind === 'index' ? sel.index : which] = 1;
      return tf.tensor2d(v, [1, k]);
    }
    case 'weights':
      return tf.tensor2d(sel.weights, [1, k]);
    case 'perRow': {
      const mask = new Float32Array(rows * k);
      for (let r = 0; r < rows; r++) mask[r * k + sel.indices[owners ? owners[r] : r]] = 1;
      return tf.tensor2d(mask, [rows, k]);
    }
  }
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
