/**
 * Modified chain rules (Ancona, Ceolini, Öztireli, Gross, "Towards better understanding of
 * gradient-based attribution methods for deep neural networks", ICLR 2018 — DeepExplain):
 * during one backward pass the gradient of every elementwise nonlinearity y = g(z) is replaced.
 *
 * - DeepLIFT (Rescale; Shrikumar et al., ICML 2017): (y − y_ref)/(z − z_ref), falling back to
 *   g'(z) where |z − z_ref| < 1e-5. The references ride in the same batch: rows [0, h) are the
 *   inputs, rows [h, 2h) their baselines, so each op's saved tensors hold z and z_ref.
 * - ε-LRP (Bach et al., PLoS ONE 2015): y/(z + ε·sign(z)) with sign(0) = +1.
 *
 * The replaced gradients are registered in tfjs' global registry only for the duration of one
 * synchronous call and the previous ones are restored in a `finally`, errors included.
 */
import * as tf from '@tensorflow/tfjs';
import { SELU_ALPHA, SELU_SCALE } from './dense/activations';

/** The modified rules. */
export const GRADIENT_RULES = { deepLift: 'DeepLIFT Rescale', epsilonLrp: 'ε-LRP' } as const;
/** A modified rule name. */
export type GradientRule = keyof typeof GRADIENT_RULES;

type Attrs = Record<string, unknown>;
interface Nonlinearity {
  /** g'(z) from z, y = g(z) and the kernel's attributes. */
  deriv(z: tf.Tensor, y: tf.Tensor, attrs: Attrs): tf.Tensor;
}

/** The elementwise nonlinearities whose gradients are replaced, by tfjs kernel name. */
const NONLINEARITIES: Record<string, Nonlinearity> = {
  Relu: { deriv: (z) => tf.step(z, 0) },
  Relu6: { deriv: (z) => tf.logicalAnd(z.greater(0), z.less(6)).cast('float32') },
  Elu: { deriv: (z, y) => tf.where(z.greater(0), tf.onesLike(z), y.add(1)) },
  Selu: { deriv: (z, y) => tf.where(z.greater(0), tf.fill(z.shape, SELU_SCALE), y.add(SELU_SCALE * SELU_ALPHA)) },
  LeakyRelu: {
    deriv: (z, _y, attrs) => tf.where(z.greater(0), tf.onesLike(z), tf.fill(z.shape, Number(attrs.alpha ?? 0.2))),
  },
  Sigmoid: { deriv: (_z, y) => y.mul(tf.scalar(1).sub(y)) },
  Tanh: { deriv: (_z, y) => tf.scalar(1).sub(y.square()) },
  Softplus: { deriv: (z) => tf.sigmoid(z) },
};

/** Kernel names whose gradient a rule replaces (for documentation and tests). */
export const REPLACED_KERNELS: readonly string[] = Object.keys(NONLINEARITIES);

const DEEPLIFT_TOLERANCE = 1e-5;

function deepLiftGrad(nl: Nonlinearity): tf.GradConfig['gradFunc'] {
  return (dy, saved, attrs) => {
    const [x, y] = saved as tf.Tensor[];
    const g = dy as tf.Tensor;
    return {
      x: () =>
        tf.tidy(() => {
          const h = x.shape[0] / 2;
          const z = x.slice(0, h);
          const zr = x.slice(h, h);
          const yv = y.slice(0, h);
          const yr = y.slice(h, h);
          const dz = z.sub(zr);
          const small = dz.abs().less(DEEPLIFT_TOLERANCE);
          const safe = tf.where(small, tf.onesLike(dz), dz);
          const m = tf.where(small, nl.deriv(z, yv, attrs as Attrs), yv.sub(yr).div(safe));
          return tf.concat([g.slice(0, h).mul(m), tf.zerosLike(g.slice(h, h))], 0);
        }),
    };
  };
}

function epsilonLrpGrad(epsilon: number): tf.GradConfig['gradFunc'] {
  return (dy, saved) => {
    const [x, y] = saved as tf.Tensor[];
    return {
      x: () =>
        tf.tidy(() => {
          const sign = tf.where(x.greaterEqual(0), tf.onesLike(x), tf.onesLike(x).neg());
          return (dy as tf.Tensor).mul(y.div(x.add(sign.mul(epsilon))));
        }),
    };
  };
}

/**
 * Runs `body` (which must do its forward and backward pass synchronously) with the
 * nonlinearities' gradients replaced by `rule`; restores the previous gradients afterwards.
 */
export function withGradientRule<T>(rule: GradientRule, epsilon: number, body: () => T): T {
  const previous = new Map<string, tf.GradConfig | undefined>();
  try {
    for (const [kernelName, nl] of Object.entries(NONLINEARITIES)) {
      previous.set(kernelName, tf.getGradient(kernelName));
      tf.registerGradient({
        kernelName,
        inputsToSave: ['x'],
        outputsToSave: [true],
        gradFunc: rule === 'deepLift' ? deepLiftGrad(nl) : epsilonLrpGrad(epsilon),
      });
    }
    return body();
  } finally {
    for (const [kernelName, prev] of previous) {
      if (prev) tf.registerGradient(prev);
      else tf.unregisterGradient(kernelName);
    }
  }
}
