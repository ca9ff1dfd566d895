/**
 * Models and inputs shared by several workload files. Kept outside bench/workloads/, whose every
 * file the runner loads for its `workloads`.
 */
import * as tf from '@tensorflow/tfjs';

/** The softplus MLP d-64-32-1 of the attribution and interaction benchmarks (and their references). */
export function softplusMlp(d: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 64, inputShape: [d], activation: 'softplus' }),
      tf.layers.dense({ units: 32, activation: 'softplus' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}

/** A path-method workload's state: the MLP, n seeded inputs and a seeded background set of 100 rows. */
export interface MlpPathSetup {
  model: tf.Sequential;
  x: tf.Tensor2D;
  bg: tf.Tensor2D;
  dispose(): void;
}

/** Builds {@link MlpPathSetup} for n inputs of d features. */
export function mlpPathSetup(n: number, d: number): MlpPathSetup {
  const model = softplusMlp(d);
  const x = tf.randomNormal([n, d], 0, 1, 'float32', 1) as tf.Tensor2D;
  const bg = tf.randomNormal([100, d], 0, 1, 'float32', 2) as tf.Tensor2D;
  return {
    model,
    x,
    bg,
    dispose() {
      model.dispose();
      x.dispose();
      bg.dispose();
    },
  };
}
