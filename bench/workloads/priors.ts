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
import { Lcg32 } from '../../core';

function values(n: number, seed: number, lo: number, hi: number): Float32Array {
  const g = new Lcg32(seed >>> 0 || 1);
  return Float32Array.from({ length: n }, () => g.between(lo, hi));
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

/**
 * One optimisation step as `train` runs it inside a training run: one `train` call over many
 * batches is started in setup and paused after every step (its `onBatchEnd` waits), and each timed
 * run lets exactly one more step go. The first steps (recorded, then compiled) fall in setup and
 * the warm-up, so the timed steps are the ones a long run repeats. `eager`: compiled execution off
 * for the whole run.
 */
function step(build: () => tf.LayersModel, batch: number, prior: boolean, repeats: number, eager = false): Workload['setup'] {
  return async () => {
    await ready();
    const model = build();
    // Enough batches for the warm-up and every timed run, with room to spare.
    const batches = 2 * (repeats + 4);
    const x = tf.tensor4d(values(batches * batch * 784, 1, 0, 1), [batches * batch, 28, 28, 1]);
    const y = tf.tensor1d(Array.from(values(batches * batch, 2, 0, 10), Math.floor), 'int32');
    const optimizer = adam(1e-4);
    let go: (() => void) | null = null;
    let stepDone: (() => void) | null = null;
    let releasing = false;
    const onBatchEnd = (): Promise<void> | void => {
      stepDone?.();
      stepDone = null;
      if (releasing) return;
      return new Promise<void>((resolve) => (go = resolve));
    };
    const stop = new AbortController();
    if (eager) setCompileEnabled(false);
    const options: TrainOptions = {
      epochs: 1,
      batchSize: batch,
      shuffle: false,
      optimizer,
      loss: 'sparseCategoricalCrossentropy',
      fromLogits: true,
      metrics: [],
      seed: 0,
      callbacks: { onBatchEnd },
      signal: stop.signal,
      ...(prior ? { prior: totalVariationPrior(), lambda: 0.01, references: 'shuffle' as const } : {}),
    };
    const finished = train(model, { x, y }, options);
    while (go === null) await new Promise((r) => setImmediate(r));
    return {
      run: async () => {
        const done = new Promise<void>((resolve) => (stepDone = resolve));
        const next = go!;
        go = null;
        next();
        await done;
        while (go === null) await new Promise((r) => setImmediate(r));
      },
      dispose: () => {
        // Stop the run at its next checkpoint (it throws CancelledError), then free everything.
        releasing = true;
        stop.abort();
        go?.();
        if (eager) setCompileEnabled(null);
        void finished
          .catch(() => undefined)
          .finally(() => {
            tf.dispose([x, y]);
            optimizer.dispose();
            model.dispose();
          });
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
    setup: step(r.build, r.batch, r.prior, r.repeats),
    reference: { script: 'priors.py' },
  },
  {
    name: `${r.name} [eager]`,
    backends: ['tensorflow'],
    repeats: r.repeats,
    setup: step(r.build, r.batch, r.prior, r.repeats, true),
  },
]);
