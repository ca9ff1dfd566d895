/**
 * The total-variation attribution prior for images (Erion et al., Nature Machine Intelligence
 * 2021, the MNIST experiment): neighbouring pixels should get similar attributions.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from '../internal/errors';
import type { AttributionPrior } from './prior';

const FN = 'totalVariation';

/**
 * Total variation of attribution maps: the mean over the batch of
 * Σ |φ_{h+1,w} − φ_{h,w}| + |φ_{h,w+1} − φ_{h,w}| of the channel-summed map.
 *
 * @param attributions φ [N, height, width, channels].
 * @returns a differentiable scalar; 0 for a constant map.
 */
export function totalVariation(attributions: tf.Tensor): tf.Scalar {
  if (attributions.rank !== 4) throw new Error(errors.priorsNotImage(FN, attributions.shape));
  return tf.tidy(() => {
    const [n, h, w, c] = attributions.shape;
    // One channel (the usual case) needs no sum: a reshape's gradient is a reshape.
    const map = (c === 1 ? attributions.reshape([n, h, w]) : attributions.sum(3)) as tf.Tensor3D;
    const terms: tf.Scalar[] = [];
    if (h > 1) terms.push(sumAbs(map.slice([0, 1, 0], [n, h - 1, w]).sub(map.slice([0, 0, 0], [n, h - 1, w]))));
    if (w > 1) terms.push(sumAbs(map.slice([0, 0, 1], [n, h, w - 1]).sub(map.slice([0, 0, 0], [n, h, w - 1]))));
    if (terms.length === 0) return tf.zeros([]) as tf.Scalar;
    const total = terms.length === 1 ? terms[0] : terms[0].add(terms[1]);
    return total.mul(1 / n) as tf.Scalar;
  });
}

/**
 * Σ|d| with the gradient sign(d) (0 at 0, as PyTorch's). tfjs's Abs gradient goes through its
 * Step kernel, which the native backend builds from about seven ops with full-size fills; Sign is
 * one op. At d = 0, where two neighbours both have zero attribution (most of an MNIST
 * background), tfjs's subgradient is −1; 0 is the one that leaves such pixels alone.
 */
const sumAbs = tf.customGrad(((d: tf.Tensor, save: tf.GradSaveFunc) => {
  save([d]);
  return { value: tf.sum(tf.abs(d)), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, tf.sign(saved[0]))] };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (d: tf.Tensor) => tf.Scalar;

/**
 * The total-variation prior Ω(φ) = {@link totalVariation}(φ), for image models
 * (inputs [N, height, width, channels]); smooths attribution maps (Erion et al., 2021).
 */
export function totalVariationPrior(): AttributionPrior {
  return {
    name: 'totalVariation',
    usesAttributions: true,
    check(featureShape, fn) {
      if (featureShape.length !== 3) throw new Error(errors.priorsNotImage(fn, ['N', ...featureShape]));
    },
    penalty(attributions) {
      if (attributions === null) throw new Error(errors.priorsNotImage(FN, ['none']));
      return totalVariation(attributions);
    },
  };
}
