/**
 * The total-variation attribution prior for images (Erion et al., Nature Machine Intelligence
 * 2021, the MNIST experiment): neighbouring pixels should get similar attributions.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from '../internal/errors';
import type { AttributionPrior } from './prior';

const FN = 'totalVariation';

/** Options of {@link totalVariation} and {@link totalVariationPrior}. */
export interface TotalVariationOptions {
  /** Standardise each channel-summed map per image before its total variation: subtract its
   * mean over the pixels and divide by max(std, 1/√pixels), as TensorFlow's
   * `per_image_standardization` in the original MNIST code. The prior then cannot be met by
   * shrinking every attribution, only by making the map smoother. Default: false. */
  standardize?: boolean;
}

const DEFAULTS = { standardize: false };

/**
 * Each map [N, H, W] minus its mean, divided by max(std, 1/√(H·W)) (TensorFlow's
 * per_image_standardization). The floor keeps a constant map finite, and taking the square root
 * of max(variance, 1/(H·W)) keeps its gradient finite too.
 */
function standardizeMaps(map: tf.Tensor3D): tf.Tensor3D {
  const [n, h, w] = map.shape;
  const centred = map.sub(map.mean([1, 2], true));
  const variance = centred.square().mean([1, 2], true);
  const std = tf.maximum(variance, 1 / (h * w)).sqrt();
  return centred.div(std).reshape([n, h, w]) as tf.Tensor3D;
}

/**
 * Total variation of attribution maps: the mean over the batch of
 * Σ |φ_{h+1,w} − φ_{h,w}| + |φ_{h,w+1} − φ_{h,w}| of the channel-summed map, optionally of the
 * map standardised per image (Erion et al., Nature Machine Intelligence 2021, MNIST experiment).
 *
 * @param attributions φ [N, height, width, channels].
 * @returns a differentiable scalar; 0 for a constant map.
 */
export function totalVariation(attributions: tf.Tensor, options: TotalVariationOptions = {}): tf.Scalar {
  if (attributions.rank !== 4) throw new Error(errors.priorsNotImage(FN, attributions.shape));
  const o = { ...DEFAULTS, ...options };
  if (typeof o.standardize !== 'boolean') throw new Error(errors.priorsBoolean(FN, 'standardize', o.standardize));
  return tf.tidy(() => {
    const [n, h, w, c] = attributions.shape;
    // One channel (the usual case) needs no sum: a reshape's gradient is a reshape.
    const summed = (c === 1 ? attributions.reshape([n, h, w]) : attributions.sum(3)) as tf.Tensor3D;
    const map = o.standardize ? standardizeMaps(summed) : summed;
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
 * (inputs [N, height, width, channels]); smooths attribution maps (Erion et al., 2021). With
 * `standardize`, each map is standardised per image first, as in the original MNIST code.
 */
export function totalVariationPrior(options: TotalVariationOptions = {}): AttributionPrior {
  const o = { ...DEFAULTS, ...options };
  if (typeof o.standardize !== 'boolean')
    throw new Error(errors.priorsBoolean('totalVariationPrior', 'standardize', o.standardize));
  return {
    name: o.standardize ? 'totalVariation (standardised)' : 'totalVariation',
    usesAttributions: true,
    check(featureShape, fn) {
      if (featureShape.length !== 3) throw new Error(errors.priorsNotImage(fn, ['N', ...featureShape]));
    },
    penalty(attributions) {
      if (attributions === null) throw new Error(errors.priorsNotImage(FN, ['none']));
      return totalVariation(attributions, o);
    },
  };
}
