/**
 * Attribution-prior training steps (issue 5): one `train` step on one batch with the
 * total-variation prior on expected gradients (double backprop), against the same step in
 * PyTorch (bench/reference/priors.py). Targets: the MLP within 1.5× of PyTorch and the mnist CNN
 * within 2.5× on the tensorflow backend; wasm is reported.
 */
import * as tf from '@tensorflow/tfjs';
import { adam, ready } from '../../explain/engine';
import { totalVariationPrior } from '../../explain/priors/totalVariation';
import { train, type TrainOptions } from '../../explain/priors/train';
import { setCompileEnabled } from '../../explain/engine/compile';
import type { Workload } from '../types';

function values(n: number, seed: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** MLP 784-512-256-10 on 28×28×1 images (flattened first, so TV sees the image), logits out. */
function mlp(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 512, activation: 'relu' }),
      tf.layers.dense({ units: 256, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
}

/** SPEC.md's mnist CNN: conv 5×5×32, pool, conv 5×5×64, pool, dense 1024, dense 10 (logits). */
function cnn(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1024, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
}

function step(build: () => tf.LayersModel, batch: number, prior: boolean, eager = false): Workload['setup'] {
  return async () => {
    await ready();
    const model = build();
    const x = tf.tensor4d(values(batch * 784, 1, 0, 1), [batch, 28, 28, 1]);
    const y = tf.tensor1d(Array.from(values(batch, 2, 0, 10), Math.floor), 'int32');
    // One optimiser across runs, as in a training loop (its slots are created once).
    const optimizer = adam(1e-4);
    const options: TrainOptions = {
      epochs: 1,
      batchSize: batch,
      shuffle: false,
      optimizer,
      loss: 'sparseCategoricalCrossentropy',
      fromLogits: true,
      metrics: [],
      ...(prior ? { prior: totalVariationPrior(), lambda: 0.01, references: 'shuffle' as const } : {}),
    };
    let seed = 0;
    return {
      run: async () => {
        if (eager) setCompileEnabled(false);
        try {
          await train(model, { x, y }, { ...options, seed: seed++ });
        } finally {
          if (eager) setCompileEnabled(null);
        }
      },
      dispose: () => {
        tf.dispose([x, y]);
        optimizer.dispose();
        model.dispose();
      },
    };
  };
}

const ROWS: Array<{ name: string; build: () => tf.LayersModel; batch: number; prior: boolean; repeats: number }> = [
  { name: 'priors: MLP 784-512-256-10 B=64 Adam step', build: mlp, batch: 64, prior: false, repeats: 20 },
  { name: 'priors: MLP 784-512-256-10 B=64 Adam step + TV prior on EG', build: mlp, batch: 64, prior: true, repeats: 20 },
  { name: 'priors: mnist CNN B=50 Adam step + TV prior on EG', build: cnn, batch: 50, prior: true, repeats: 7 },
];

/** Each row as `train` runs it (compiled on the tensorflow backend), and its `[eager]` variant. */
export const workloads: Workload[] = ROWS.flatMap((r) => [
  {
    name: r.name,
    backends: ['tensorflow', 'wasm'],
    repeats: r.repeats,
    setup: step(r.build, r.batch, r.prior),
    reference: { script: 'priors.py' },
  },
  {
    name: `${r.name} [eager]`,
    backends: ['tensorflow'],
    repeats: r.repeats,
    setup: step(r.build, r.batch, r.prior, true),
  },
]);
