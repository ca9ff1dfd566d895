/**
 * The modified ReLU backward passes of Guided Backpropagation (Springenberg, Dosovitskiy, Brox,
 * Riedmiller, "Striving for Simplicity: The All Convolutional Net", ICLR workshop 2015) and
 * Deconvolution (Zeiler & Fergus, ECCV 2014), as captum overrides nn.ReLU:
 * guided: dy · 1[z > 0] · 1[dy > 0]; deconvolution: max(dy, 0), whatever z.
 * Registered in tfjs' global gradient registry for one synchronous call only and restored in
 * a `finally`, errors included (the pattern of gradientOverride.ts).
 */
import * as tf from '@tensorflow/tfjs';

/** The ReLU rules. */
export const RELU_RULES = { guided: 'Guided Backpropagation', deconvolution: 'Deconvolution' } as const;
/** A ReLU rule name. */
export type ReluRule = keyof typeof RELU_RULES;

/** Runs `body` (forward and backward pass, synchronously) with the ReLU gradient replaced by `rule`. */
export function withReluRule<T>(rule: ReluRule, body: () => T): T {
  const previous = tf.getGradient('Relu');
  try {
    tf.registerGradient({
      kernelName: 'Relu',
      inputsToSave: ['x'],
      gradFunc: (dy, saved) => {
        const [x] = saved as tf.Tensor[];
        const g = dy as tf.Tensor;
        return {
          x: () => tf.tidy(() => (rule === 'guided' ? tf.relu(g).mul(tf.step(x, 0)) : tf.relu(g))),
        };
      },
    });
    return body();
  } finally {
    if (previous) tf.registerGradient(previous);
    else tf.unregisterGradient('Relu');
  }
}
