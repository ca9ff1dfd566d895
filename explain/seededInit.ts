/**
 * Seeded Glorot-uniform initialisers for the layers of a model built in a notebook (Glorot &
 * Bengio, "Understanding the difficulty of training deep feedforward neural networks", AISTATS
 * 2010): one seed for the whole model, a distinct stream per layer, so that the same seed gives
 * the same starting weights.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from './internal/errors';

/** A layer's initialiser, as `kernelInitializer` takes it. */
export type SeededInitializer = (layer: number) => ReturnType<typeof tf.initializers.glorotUniform>;

/**
 * `seededInit(seed)(layer)` is `tf.initializers.glorotUniform({ seed: seed * 10 + layer })`:
 * layer k of a model gets seed 10·seed + k (layers 0 … 9 of a model never share a stream with
 * those of seed ± 1's model). Use it as `kernelInitializer: init(1)`, `init(2)`, … .
 *
 * @param seed The model's seed, an integer ≥ 0.
 */
export function seededInit(seed: number): SeededInitializer {
  const fn = 'seededInit';
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) throw new Error(errors.seededInitSeed(fn, seed));
  return (layer: number) => {
    if (typeof layer !== 'number' || !Number.isInteger(layer) || layer < 0) throw new Error(errors.seededInitLayer(fn, layer));
    return tf.initializers.glorotUniform({ seed: seed * 10 + layer });
  };
}
