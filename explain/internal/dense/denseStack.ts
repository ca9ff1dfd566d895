/**
 * Recognises a model that is a chain of dense layers with elementwise activations, the shape of
 * nearly every tabular model Expected Hessians is used on. For such a chain the Hessian has the
 * closed form H = Σₗ Jₗᵀ diag(∂f/∂hₗ ⊙ σₗ''(aₗ)) Jₗ (aₗ the pre-activations, Jₗ = ∂aₗ/∂x), which
 * costs one forward pass with d tangents instead of a forward and two backward passes over d
 * replicated copies of every path point (see interaction/denseHessians.ts), and the input
 * gradient is one backward sweep of matrix products (see denseGradient.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelLike } from '../../types';
import { isDenseActivation, type DenseActivation } from './activations';

/** One affine map followed by an elementwise activation. Tensors are the model's own: never dispose. */
export interface DenseStep {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D | null;
  activation: DenseActivation;
}

/** A model seen as x ↦ σ_L(…σ₁(x W₁ + b₁)…W_L + b_L). */
export interface DenseStack {
  steps: DenseStep[];
  inputSize: number;
  outputSize: number;
}

interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): tf.Tensor[];
  name: string;
}
interface SequentialLike {
  getClassName(): string;
  layers: LayerLike[];
}

function isSequentialLike(m: unknown): m is SequentialLike {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as SequentialLike).getClassName === 'function' &&
    Array.isArray((m as SequentialLike).layers)
  );
}

/** Why a model is not a dense stack, or null when it is one. */
export function denseStackMismatch(model: ModelLike): string | null {
  const r = analyse(model);
  return typeof r === 'string' ? r : null;
}

/** The model as a dense stack, or null when it is anything else (then autodiff is used). */
export function asDenseStack(model: ModelLike): DenseStack | null {
  const r = analyse(model);
  return typeof r === 'string' ? null : r;
}

function analyse(model: ModelLike): DenseStack | string {
  if (typeof model === 'function') return 'a function';
  if (!isSequentialLike(model)) return 'a model that is not a tf.LayersModel';
  // Functional models may branch; only a Sequential guarantees that layers form one chain.
  if (model.getClassName() !== 'Sequential') return `a ${model.getClassName()} (not a tf.Sequential)`;
  const steps: DenseStep[] = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === 'InputLayer' || cls === 'Dropout' || cls === 'Flatten') continue;
    if (cls === 'Activation') {
      const act = layer.getConfig().activation;
      if (!isDenseActivation(act)) return `layer '${layer.name}' with activation '${String(act)}'`;
      const last = steps[steps.length - 1];
      if (!last) return `layer '${layer.name}' (an activation before any dense layer)`;
      if (last.activation !== 'linear') {
        // Two activations in a row: not representable as one step; fall back to autodiff.
        return `layer '${layer.name}' (a second activation after a dense layer)`;
      }
      last.activation = act;
      continue;
    }
    if (cls !== 'Dense') return `layer '${layer.name}' of class ${cls}`;
    const act = layer.getConfig().activation;
    if (!isDenseActivation(act)) return `layer '${layer.name}' with activation '${String(act)}'`;
    const w = layer.getWeights();
    if (w.length < 1 || w[0].rank !== 2) return `layer '${layer.name}' without a 2-D kernel`;
    const kernel = w[0] as tf.Tensor2D;
    const bias = w.length > 1 ? (w[1] as tf.Tensor1D) : null;
    const prev = steps[steps.length - 1];
    if (prev && prev.kernel.shape[1] !== kernel.shape[0]) return `layer '${layer.name}' with mismatched input size`;
    steps.push({ kernel, bias, activation: act });
  }
  if (steps.length === 0) return 'a model without dense layers';
  return { steps, inputSize: steps[0].kernel.shape[0], outputSize: steps[steps.length - 1].kernel.shape[1] };
}

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
