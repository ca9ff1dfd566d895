/** A small regression model and data for the train/ part tests (not a test file itself). */
import * as tf from '@tensorflow/tfjs';
import { values } from '../../support';

/** A 4-8-1 softplus regression model with seeded weights. */
export function smallModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        units: 8,
        inputShape: [4],
        activation: 'softplus',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/** n rows of 4 features with target Σ x. */
export function smallData(n: number): { x: number[][]; y: number[] } {
  const v = values(n * 4, 3);
  const x = Array.from({ length: n }, (_, i) => Array.from(v.subarray(i * 4, i * 4 + 4)));
  return { x, y: x.map((r) => r.reduce((a, b) => a + b, 0)) };
}
