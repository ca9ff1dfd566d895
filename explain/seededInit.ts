/**
 * Seeded initialisers for the layers of a model built in a notebook: Glorot uniform by default
 * (Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural networks",
 * AISTATS 2010), He normal for ReLU stacks (He et al., "Delving deep into rectifiers", ICCV 2015).
 * One seed for the whole model, a distinct stream per layer, so that the same seed gives the same
 * starting weights.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from './internal/errors';

/** The initialisers {@link seededInit} can seed, by name (tfjs's `tf.initializers.*`). */
export const SEEDED_INITIALIZERS = {
  glorotUniform: (seed: number) => tf.initializers.glorotUniform({ seed }),
  glorotNormal: (seed: number) => tf.initializers.glorotNormal({ seed }),
  heNormal: (seed: number) => tf.initializers.heNormal({ seed }),
  heUniform: (seed: number) => tf.initializers.heUniform({ seed }),
  leCunNormal: (seed: number) => tf.initializers.leCunNormal({ seed }),
} as const;

/** A name of {@link SEEDED_INITIALIZERS}. */
export type SeededInitializerName = keyof typeof SEEDED_INITIALIZERS;

/** Whether `v` names one of {@link SEEDED_INITIALIZERS}. */
export function isSeededInitializerName(v: unknown): v is SeededInitializerName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(SEEDED_INITIALIZERS, v);
}

/** A layer's initialiser, as `kernelInitializer` takes it. */
export type SeededInitializer = (layer: number) => ReturnType<typeof tf.initializers.glorotUniform>;

/**
 * `seededInit(seed)(layer)` is `tf.initializers.glorotUniform({ seed: seed * 10 + layer })`:
 * layer k of a model gets seed 10·seed + k, so layers 0 … 9 of one model never share a stream
 * with those of another seed's model. Use it as `kernelInitializer: init(1)`, `init(2)`, … .
 *
 * @param seed The model's seed, an integer ≥ 0.
 * @param kind Which initialiser. Default: `'glorotUniform'` (tfjs's default for dense and conv kernels).
 */
export function seededInit(seed: number, kind: SeededInitializerName = 'glorotUniform'): SeededInitializer {
  const fn = 'seededInit';
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) throw new Error(errors.seededInitSeed(fn, seed));
  if (!isSeededInitializerName(kind)) throw new Error(errors.oneOf('kind', fn, Object.keys(SEEDED_INITIALIZERS), kind));
  const make = SEEDED_INITIALIZERS[kind];
  return (layer: number) => {
    if (typeof layer !== 'number' || !Number.isInteger(layer) || layer < 0) throw new Error(errors.seededInitLayer(fn, layer));
    return make(seed * 10 + layer);
  };
}
