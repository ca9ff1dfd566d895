/**
 * The activations of a dense stack, in one table: per activation its formula, its value σ(a),
 * the slope σ′(a) the first-layer gradient uses and the closed-form σ′(a), σ″(a) of the dense
 * Hessians (Janizek et al., JMLR 2021, for a chain of dense layers). Every formula matches tfjs'
 * own definitions (selu's constants included, relu's second derivative 0), so hand-written
 * passes agree with autodiff through the model.
 */
import * as tf from '@tensorflow/tfjs';
import { isKeyOf } from '../keys';

/** selu's scale λ and α (Klambauer et al., NeurIPS 2017), as tfjs defines them. */
export const SELU_SCALE = 1.0507009873554805;
/** See {@link SELU_SCALE}. */
export const SELU_ALPHA = 1.6732632423543772;

/** One activation: what the forward pass, the first-layer gradient and the Hessians read. */
interface ActivationEntry {
  /** The formula, for messages and documentation. */
  formula: string;
  /** σ(a). */
  value(a: tf.Tensor): tf.Tensor;
  /**
   * σ′(a) as the first-layer gradient computes it, with σ(a) when `needValue` or when it comes
   * for free (null for the identity's slope). Default: differentiate `value` with tfjs, so the
   * slope is exactly tfjs' own gradient.
   */
  slope?(a: tf.Tensor, needValue: boolean): [tf.Tensor | null, tf.Tensor | null];
  /** σ(a), σ′(a), σ″(a) in closed form. */
  derivatives(a: tf.Tensor): [tf.Tensor, tf.Tensor, tf.Tensor];
  /** Whether σ″ is 0 everywhere it exists (the layer adds nothing to a Hessian). */
  flat?: boolean;
}

function eluFamily(a: tf.Tensor, alpha: number, scale: number): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const pos = tf.greater(a, 0);
  const e = tf.exp(tf.minimum(a, 0));
  const y = tf.where(pos, a, e.sub(1).mul(alpha)).mul(scale);
  const d1 = tf.where(pos, tf.onesLike(a), e.mul(alpha)).mul(scale);
  const d2 = tf.where(pos, tf.zerosLike(a), e.mul(alpha * scale));
  return [y, d1, d2];
}

/** Every activation pathlab differentiates in closed form. Call the functions inside a tidy. */
export const ACTIVATIONS = {
  linear: {
    formula: 'identity',
    value: (a) => a,
    slope: (a, needValue) => [needValue ? a : null, null],
    derivatives: (a) => [a, tf.onesLike(a), tf.zerosLike(a)],
    flat: true,
  },
  relu: {
    formula: 'max(0, a)',
    value: (a) => tf.relu(a),
    slope: (a, needValue) => [needValue ? tf.relu(a) : null, tf.step(a)],
    derivatives: (a) => [tf.relu(a), tf.step(a), tf.zerosLike(a)],
    flat: true,
  },
  relu6: {
    formula: 'min(max(0, a), 6)',
    value: (a) => tf.relu6(a),
    derivatives: (a) => {
      const inside = tf.logicalAnd(tf.greater(a, 0), tf.less(a, 6)).cast('float32');
      return [tf.relu6(a), inside, tf.zerosLike(a)];
    },
    flat: true,
  },
  elu: {
    formula: 'a > 0 ? a : exp(a) − 1',
    value: (a) => tf.elu(a),
    derivatives: (a) => eluFamily(a, 1, 1),
  },
  selu: {
    formula: 'λ·elu with α = 1.6733',
    value: (a) => tf.selu(a),
    derivatives: (a) => eluFamily(a, SELU_ALPHA, SELU_SCALE),
  },
  sigmoid: {
    formula: '1 / (1 + exp(−a))',
    value: (a) => tf.sigmoid(a),
    slope: (a) => {
      const s = tf.sigmoid(a);
      return [s, s.mul(tf.sub(1, s))];
    },
    derivatives: (a) => {
      const s = tf.sigmoid(a);
      const d1 = s.mul(tf.sub(1, s));
      return [s, d1, d1.mul(tf.sub(1, s.mul(2)))];
    },
  },
  softplus: {
    formula: 'log(1 + exp(a))',
    value: (a) => tf.softplus(a),
    slope: (a, needValue) => [needValue ? tf.softplus(a) : null, tf.sigmoid(a)],
    derivatives: (a) => {
      const s = tf.sigmoid(a);
      return [tf.softplus(a), s, s.mul(tf.sub(1, s))];
    },
  },
  softsign: {
    formula: 'a / (1 + |a|)',
    value: (a) => a.div(tf.add(1, tf.abs(a))),
    derivatives: (a) => {
      const q = tf.add(1, tf.abs(a));
      const d1 = tf.reciprocal(q.square());
      return [a.div(q), d1, tf.sign(a).mul(-2).mul(d1).div(q)];
    },
  },
  tanh: {
    formula: 'tanh(a)',
    value: (a) => tf.tanh(a),
    slope: (a) => {
      const t = tf.tanh(a);
      return [t, tf.sub(1, t.square())];
    },
    derivatives: (a) => {
      const t = tf.tanh(a);
      const d1 = tf.sub(1, t.square());
      return [t, d1, t.mul(-2).mul(d1)];
    },
  },
  swish: {
    formula: 'a · sigmoid(a)',
    value: (a) => a.mul(tf.sigmoid(a)),
    derivatives: (a) => {
      const s = tf.sigmoid(a);
      const ds = s.mul(tf.sub(1, s));
      return [a.mul(s), s.add(a.mul(ds)), ds.mul(tf.sub(2, a.mul(s.mul(2).sub(1))))];
    },
  },
} as const satisfies Record<string, ActivationEntry>;

/** An activation with a closed-form second derivative. */
export type DenseActivation = keyof typeof ACTIVATIONS;

/** Whether `s` names an activation with a closed-form second derivative. */
export function isDenseActivation(s: unknown): s is DenseActivation {
  return isKeyOf(s, ACTIVATIONS);
}

/** σ(a). Call inside a tidy. */
export function activate(act: DenseActivation, a: tf.Tensor): tf.Tensor {
  return ACTIVATIONS[act].value(a);
}

/**
 * σ(a) (null when the caller does not need it) and σ′(a) (null for the identity), matching the
 * derivatives tfjs' own gradients use. Call inside a tidy.
 */
export function activationAndSlope(act: DenseActivation, a: tf.Tensor, needValue: boolean): [tf.Tensor | null, tf.Tensor | null] {
  const entry: ActivationEntry = ACTIVATIONS[act];
  if (entry.slope) return entry.slope(a, needValue);
  // The rarer activations: differentiate tfjs' own op so the slope is exactly its gradient.
  const { value, grad } = tf.valueAndGrad((q: tf.Tensor) => entry.value(q).sum() as tf.Scalar)(a);
  value.dispose();
  return [needValue ? entry.value(a) : null, grad];
}

/** σ(a), σ′(a) and σ″(a) as new tensors. Call inside a tidy. */
export function activationDerivatives(act: DenseActivation, a: tf.Tensor): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return ACTIVATIONS[act].derivatives(a);
}

/** Whether σ″ of `act` is 0 wherever it exists. */
export function hasNoCurvature(act: DenseActivation): boolean {
  return (ACTIVATIONS[act] as ActivationEntry).flat === true;
}
