/**
 * L1 and L2 penalties on the weights: the classical regularisers the sparsity experiment compares
 * the Gini attribution prior with (Erion et al., Nature Machine Intelligence 2021).
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from '../internal/errors';
import type { AttributionPrior } from './prior';
import type { TrainableModel } from './differentiableExpectedGradients';

/** The kernels (not biases) of a LayersModel's trainable layers, as tf.Variables. */
function kernels(model: TrainableModel, fn: string): tf.Tensor[] {
  if (!(model instanceof tf.LayersModel)) throw new Error(errors.priorsModel(fn, 'a function'));
  return model.trainableWeights
    .filter((w) => !/bias$/.test(w.originalName) && !/(gamma|beta)$/.test(w.originalName))
    .map((w) => w.read());
}

function weightPrior(name: string, norm: (w: tf.Tensor) => tf.Tensor): AttributionPrior {
  return {
    name,
    usesAttributions: false,
    check() {},
    penalty(_attributions, model) {
      return tf.tidy(() => kernels(model, name).reduce<tf.Tensor>((s, w) => s.add(norm(w)), tf.scalar(0)) as tf.Scalar);
    },
  };
}

/** Ω = Σ |w| over the kernels of the trainable layers (biases excluded). */
export function l1WeightPrior(): AttributionPrior {
  return weightPrior('l1Weights', (w) => w.abs().sum());
}

/** Ω = Σ w² over the kernels of the trainable layers (biases excluded). */
export function l2WeightPrior(): AttributionPrior {
  return weightPrior('l2Weights', (w) => w.square().sum());
}
