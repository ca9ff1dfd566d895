/**
 * Recognises a model that is a chain of dense layers with elementwise activations, the shape of
 * nearly every tabular model Expected Hessians is used on. For such a chain the Hessian has the
 * closed form H = Σₗ Jₗᵀ diag(∂f/∂hₗ ⊙ σₗ''(aₗ)) Jₗ (aₗ the pre-activations, Jₗ = ∂aₗ/∂x), which
 * costs one forward pass with d tangents instead of a forward and two backward passes over d
 * replicated copies of every path point (see denseHessians.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelLike } from '../types';
import { isKeyOf } from '../internal/keys';

/** Activations whose first and second derivatives pathlab knows in closed form. */
export const DENSE_ACTIVATIONS = {
  linear: 'identity',
  relu: 'max(0, a)',
  relu6: 'min(max(0, a), 6)',
  elu: 'a > 0 ? a : exp(a) − 1',
  selu: 'λ·elu with α = 1.6733',
  sigmoid: '1 / (1 + exp(−a))',
  softplus: 'log(1 + exp(a))',
  softsign: 'a / (1 + |a|)',
  tanh: 'tanh(a)',
  swish: 'a · sigmoid(a)',
} as const;

/** An activation with a closed-form second derivative. */
export type DenseActivation = keyof typeof DENSE_ACTIVATIONS;

/** Whether `s` names an activation with a closed-form second derivative. */
export function isDenseActivation(s: unknown): s is DenseActivation {
  return isKeyOf(s, DENSE_ACTIVATIONS);
}

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
 * σ(a), σ'(a) and σ''(a) for one activation, as new tensors (call inside a tidy). Matches tfjs'
 * definitions, including selu's constants and relu's zero second derivative.
 */
export function activationDerivatives(act: DenseActivation, a: tf.Tensor): [tf.Tensor, tf.Tensor, tf.Tensor] {
  switch (act) {
    case 'linear':
      return [a, tf.onesLike(a), tf.zerosLike(a)];
    case 'relu':
      return [tf.relu(a), tf.step(a), tf.zerosLike(a)];
    case 'relu6': {
      const inside = tf.logicalAnd(tf.greater(a, 0), tf.less(a, 6)).cast('float32');
      return [tf.relu6(a), inside, tf.zerosLike(a)];
    }
    case 'elu':
    case 'selu': {
      const alpha = act === 'selu' ? 1.6732632423543772 : 1;
      const scale = act === 'selu' ? 1.0507009873554805 : 1;
      const pos = tf.greater(a, 0);
      const e = tf.exp(tf.minimum(a, 0));
      const y = tf.where(pos, a, e.sub(1).mul(alpha)).mul(scale);
      const d1 = tf.where(pos, tf.onesLike(a), e.mul(alpha)).mul(scale);
      const d2 = tf.where(pos, tf.zerosLike(a), e.mul(alpha * scale));
      return [y, d1, d2];
    }
    case 'sigmoid': {
      const s = tf.sigmoid(a);
      const d1 = s.mul(tf.sub(1, s));
      return [s, d1, d1.mul(tf.sub(1, s.mul(2)))];
    }
    case 'softplus': {
      const s = tf.sigmoid(a);
      return [tf.softplus(a), s, s.mul(tf.sub(1, s))];
    }
    case 'softsign': {
      const q = tf.add(1, tf.abs(a));
      const d1 = tf.reciprocal(q.square());
      return [a.div(q), d1, tf.sign(a).mul(-2).mul(d1).div(q)];
    }
    case 'tanh': {
      const t = tf.tanh(a);
      const d1 = tf.sub(1, t.square());
      return [t, d1, t.mul(-2).mul(d1)];
    }
    case 'swish': {
      const s = tf.sigmoid(a);
      const ds = s.mul(tf.sub(1, s));
      return [a.mul(s), s.add(a.mul(ds)), ds.mul(tf.sub(2, a.mul(s.mul(2).sub(1))))];
    }
  }
}
