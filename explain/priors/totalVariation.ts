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
    const [n, h, w] = attributions.shape;
    const map = attributions.sum(3) as tf.Tensor3D;
    let total = tf.scalar(0);
    if (h > 1) {
      const dh = map.slice([0, 1, 0], [n, h - 1, w]).sub(map.slice([0, 0, 0], [n, h - 1, w]));
      total = total.add(dh.abs().sum());
    }
    if (w > 1) {
      const dw = map.slice([0, 0, 1], [n, h, w - 1]).sub(map.slice([0, 0, 0], [n, h, w - 1]));
      total = total.add(dw.abs().sum());
    }
    return total.div(n) as tf.Scalar;
  });
}

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
