/**
 * Interaction contributions of path points for a dense stack, in closed form.
 *
 * For x ↦ σ_L(…σ₁(x W₁ + b₁)…), with aₗ the pre-activations and Ĵₗ = diag(Δ) ∂aₗ/∂x:
 *   diag(Δ) H diag(Δ) = Σₗ Ĵₗ diag(∂f/∂hₗ ⊙ σₗ''(aₗ)) Ĵₗᵀ,
 * Ĵ₁ = diag(Δ) W₁ and Ĵₗ₊₁ = (Ĵₗ ⊙ σₗ'(aₗ)) Wₗ₊₁ (forward tangents, all d at once). Only
 * layers with a non-zero σ'' contribute. This is the same quantity the autodiff path obtains by
 * differentiating Σᵣ Δ_{j(r)} ∂_{j(r)} f over d replicated copies of every point, at a fraction of
 * the cost: no replicated forward pass and no double backward pass.
 */
import * as tf from '@tensorflow/tfjs';
import { activationDerivatives, hasNoCurvature } from '../internal/dense/activations';
import type { DenseStack } from '../internal/dense/denseStack';

/** Forward pass keeping σ' and σ'' of every layer; returns the output too. */
function forward(stack: DenseStack, x: tf.Tensor2D) {
  let h: tf.Tensor2D = x;
  const d1: tf.Tensor2D[] = [];
  const d2: tf.Tensor2D[] = [];
  for (const step of stack.steps) {
    let a = tf.matMul(h, step.kernel);
    if (step.bias) a = a.add(step.bias);
    const [y, s1, s2] = activationDerivatives(step.activation, a);
    d1.push(s1 as tf.Tensor2D);
    d2.push(s2 as tf.Tensor2D);
    h = y as tf.Tensor2D;
  }
  return { out: h, d1, d2 };
}

/**
 * ∂f/∂hₗ for every layer (hₗ the layer's output; the last one is `u`) and the input gradient,
 * for f = Σₖ uₖ outₖ.
 */
function backward(stack: DenseStack, d1: tf.Tensor2D[], u: tf.Tensor2D) {
  const L = stack.steps.length;
  const dh: tf.Tensor2D[] = new Array(L);
  let g: tf.Tensor2D = u;
  for (let l = L - 1; l >= 0; l--) {
    dh[l] = g;
    g = tf.matMul(g.mul(d1[l]) as tf.Tensor2D, stack.steps[l].kernel, false, true);
  }
  return { dh, grad: g };
}

/** The input gradient of Σₖ uₖ outₖ at `x` [P, d] (call inside a tidy). */
export function denseGradient(stack: DenseStack, x: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
  const { d1 } = forward(stack, x);
  return backward(stack, d1, u).grad;
}

/**
 * Per point p, the contribution cₚ·diag(Δₚ) H(zₚ) diag(Δₚ) + diag(Δₚ ⊙ ∇f(zₚ)) as [P, d, d], and the
 * gradient at zₚ [P, d]. `c` [P] is αβ of each point; `u` [P, K] the output weights per row.
 * Call inside a tidy.
 */
export function denseContributions(
  stack: DenseStack,
  z: tf.Tensor2D,
  delta: tf.Tensor2D,
  c: tf.Tensor1D,
  u: tf.Tensor2D,
): { contributions: tf.Tensor3D; grad: tf.Tensor2D; hessianNonZero: tf.Scalar } {
  const [p, d] = z.shape;
  const { d1, d2 } = forward(stack, z);
  const { dh, grad } = backward(stack, d1, u);
  const terms: tf.Tensor3D[] = [];
  let jhat: tf.Tensor3D = tf.mul(delta.reshape([p, d, 1]), stack.steps[0].kernel.reshape([1, d, -1])) as tf.Tensor3D;
  const L = stack.steps.length;
  let lastCurved = -1;
  for (let l = 0; l < L; l++) if (!hasNoCurvature(stack.steps[l].activation)) lastCurved = l;
  for (let l = 0; l <= lastCurved; l++) {
    const n = stack.steps[l].kernel.shape[1];
    if (l > 0) {
      // Tangents through the previous activation and this layer's kernel, all d directions at once.
      const prevN = stack.steps[l - 1].kernel.shape[1];
      const scaled = jhat.mul(d1[l - 1].reshape([p, 1, prevN])).reshape([p * d, prevN]) as tf.Tensor2D;
      jhat = tf.matMul(scaled, stack.steps[l].kernel).reshape([p, d, n]) as tf.Tensor3D;
    }
    if (hasNoCurvature(stack.steps[l].activation)) continue;
    const curvature = dh[l]
      .mul(d2[l])
      .mul(c.reshape([p, 1]))
      .reshape([p, 1, n]);
    terms.push(tf.matMul(jhat.mul(curvature) as tf.Tensor3D, jhat, false, true));
  }
  const diag = delta.mul(grad);
  let hessianPart: tf.Tensor3D =
    terms.length === 0 ? tf.zeros([p, d, d]) : terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Tensor3D);
  const hessianNonZero = hessianPart.abs().max().greater(0).cast('float32') as tf.Scalar;
  hessianPart = hessianPart.add(tf.mul(tf.eye(d).reshape([1, d, d]), diag.reshape([p, d, 1]))) as tf.Tensor3D;
  return { contributions: hessianPart, grad, hessianNonZero };
}

/**
 * The same contributions summed over each input's points without forming any per-point matrix:
 * with the tangents laid out [inputs, d, points, width], Σₚ wₚ·Ĵₚ diag(cₚDₚ) Ĵₚᵀ is one batched
 * matrix product per layer. Returns the weighted sum over points of the Hessian part
 * [inputs, d, d] (without the diagonal gradient term), each point's Hessian-part row sums
 * cₚ·Δ ⊙ HΔ [P, d], and the gradient at every point [P, d]. Call inside a tidy.
 */
export function denseSums(
  stack: DenseStack,
  z: tf.Tensor2D,
  delta: tf.Tensor2D,
  c: tf.Tensor1D,
  w: tf.Tensor1D,
  u: tf.Tensor2D,
  inputs: number,
  points: number,
): { hessianSum: tf.Tensor3D; hessianRowSums: tf.Tensor2D; grad: tf.Tensor2D; hessianNonZero: tf.Scalar } {
  const [p, d] = z.shape;
  const ni = inputs;
  const sp = points;
  const { d1, d2 } = forward(stack, z);
  const { dh, grad } = backward(stack, d1, u);
  const L = stack.steps.length;
  let lastCurved = -1;
  for (let l = 0; l < L; l++) if (!hasNoCurvature(stack.steps[l].activation)) lastCurved = l;
  const deltaT = delta.reshape([ni, sp, d]).transpose([0, 2, 1]).reshape([ni, d, sp, 1]);
  let jhat: tf.Tensor4D = deltaT.mul(stack.steps[0].kernel.reshape([1, d, 1, -1])) as tf.Tensor4D;
  const sums: tf.Tensor3D[] = [];
  const curvatures: tf.Tensor2D[] = [];
  for (let l = 0; l <= lastCurved; l++) {
    const n = stack.steps[l].kernel.shape[1];
    if (l > 0) {
      const prevN = stack.steps[l - 1].kernel.shape[1];
      const scaled = jhat.mul(d1[l - 1].reshape([ni, 1, sp, prevN])).reshape([ni * d * sp, prevN]) as tf.Tensor2D;
      jhat = tf.matMul(scaled, stack.steps[l].kernel).reshape([ni, d, sp, n]) as tf.Tensor4D;
    }
    if (hasNoCurvature(stack.steps[l].activation)) {
      curvatures.push(tf.zeros([p, n]));
      continue;
    }
    const curvature = dh[l].mul(d2[l]).mul(c.reshape([p, 1])) as tf.Tensor2D;
    curvatures.push(curvature);
    const B = jhat.mul(curvature.mul(w.reshape([p, 1])).reshape([ni, 1, sp, n]));
    sums.push(tf.matMul(B.reshape([ni, d, sp * n]) as tf.Tensor3D, jhat.reshape([ni, d, sp * n]) as tf.Tensor3D, false, true));
  }
  if (sums.length === 0) {
    return { hessianSum: tf.zeros([ni, d, d]), hessianRowSums: tf.zeros([p, d]), grad, hessianNonZero: tf.scalar(0) };
  }
  // Row sums need only H·Δ per point: one forward tangent Δ and one backward sweep, no d factor.
  const tangents: tf.Tensor2D[] = [];
  let t: tf.Tensor2D = tf.matMul(delta, stack.steps[0].kernel);
  for (let l = 0; l <= lastCurved; l++) {
    if (l > 0) t = tf.matMul(t.mul(d1[l - 1]) as tf.Tensor2D, stack.steps[l].kernel);
    tangents.push(t);
  }
  let acc: tf.Tensor2D = curvatures[lastCurved].mul(tangents[lastCurved]) as tf.Tensor2D;
  for (let l = lastCurved; l > 0; l--) {
    acc = tf
      .matMul(acc, stack.steps[l].kernel, false, true)
      .mul(d1[l - 1])
      .add(curvatures[l - 1].mul(tangents[l - 1])) as tf.Tensor2D;
  }
  const hessianRowSums = tf.matMul(acc, stack.steps[0].kernel, false, true).mul(delta) as tf.Tensor2D;
  const hessianNonZero = tf
    .stack(curvatures.map((k) => k.abs().max()))
    .max()
    .greater(0)
    .cast('float32') as tf.Scalar;
  const hessianSum = (sums.length === 1 ? sums[0] : tf.addN(sums)) as tf.Tensor3D;
  return { hessianSum, hessianRowSums, grad, hessianNonZero };
}
