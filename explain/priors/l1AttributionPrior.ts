/**
 * L1 on the attributions, one of the comparison penalties of the sparsity experiment (Erion et
 * al., Nature Machine Intelligence 2021).
 */
import * as tf from '@tensorflow/tfjs';
import type { AttributionPrior } from './prior';

/** Ω = mean |φ| over the batch and the features. */
export function l1AttributionPrior(): AttributionPrior {
  return {
    name: 'l1Attribution',
    usesAttributions: true,
    check() {},
    penalty(attributions) {
      if (attributions === null) throw new Error('l1AttributionPrior needs attributions.');
      return tf.tidy(() => attributions.abs().mean() as tf.Scalar);
    },
  };
}
