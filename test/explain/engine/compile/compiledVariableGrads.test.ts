/**
 * train() with its optimisation steps compiled equals train() run eagerly: both schedules, every
 * prior, a conv + max-pool net with the total-variation prior (double backprop through pooling),
 * 20 steps. Skipped on backends other than tensorflow (nothing is compiled there).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { setCompileEnabled } from '../../../../explain/engine/compile';
import type { AttributionPrior } from '../../../../explain/priors/prior';
import { totalVariationPrior } from '../../../../explain/priors/totalVariation';
import { graphPrior } from '../../../../explain/priors/graphPrior';
import { giniPrior } from '../../../../explain/priors/gini';
import { l1AttributionPrior } from '../../../../explain/priors/l1AttributionPrior';
import { l1WeightPrior, l2WeightPrior } from '../../../../explain/priors/weightPrior';
import { train, type Schedule } from '../../../../explain/priors/train';
import { quietReady, values } from '../../support';
import { init, native, relativeDifference, smallCnn, warnings } from './helpers';

quietReady();

function imageTask(n: number) {
  const data = values(n * 36, 1);
  const labels = Int32Array.from({ length: n }, (_, i) => (data[i * 36] + data[i * 36 + 7] > data[i * 36 + 35] ? 1 : 0));
  return { x: tf.tensor4d(data, [n, 6, 6, 1]), y: tf.tensor1d(labels, 'int32') };
}

function tabularTask(n: number, d: number, binary: boolean) {
  const data = values(n * d, 2);
  const y = Float32Array.from({ length: n }, (_, i) => {
    const t = 1.5 * data[i * d] + data[i * d + 1] - 0.8 * data[i * d + 2];
    return binary ? (t > 0 ? 1 : 0) : t;
  });
  return { x: tf.tensor2d(data, [n, d]), y: tf.tensor1d(y) };
}

const denseImage = (): tf.LayersModel =>
  tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [6, 6, 1] }),
      tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });

const convImage = (): tf.LayersModel => smallCnn(6, 2, [5, 6]);

const tabular = (d: number, binary: boolean) => (): tf.LayersModel =>
  tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [d], units: 16, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({ units: 1, activation: binary ? 'sigmoid' : 'linear', kernelInitializer: init(4) }),
    ],
  });

const d = 8;
const chain = { nodes: d, edges: Array.from({ length: d - 1 }, (_, i) => [i, i + 1] as [number, number]) };
const cases: Record<
  string,
  { prior: () => AttributionPrior; lambda: number; task: () => { x: tf.Tensor; y: tf.Tensor }; model: () => tf.LayersModel }
> = {
  'totalVariation (dense)': { prior: totalVariationPrior, lambda: 0.3, task: () => imageTask(64), model: denseImage },
  'totalVariation (conv + max-pool)': { prior: totalVariationPrior, lambda: 0.3, task: () => imageTask(64), model: convImage },
  graph: { prior: () => graphPrior(chain), lambda: 3, task: () => tabularTask(64, d, false), model: tabular(d, false) },
  gini: { prior: () => giniPrior(), lambda: 1, task: () => tabularTask(64, d, true), model: tabular(d, true) },
  giniMixed: {
    prior: () => giniPrior({ mixed: true }),
    lambda: 1,
    task: () => tabularTask(64, d, true),
    model: tabular(d, true),
  },
  l1Attribution: { prior: l1AttributionPrior, lambda: 0.5, task: () => tabularTask(64, d, false), model: tabular(d, false) },
  l1Weight: { prior: l1WeightPrior, lambda: 0.01, task: () => tabularTask(64, d, false), model: tabular(d, false) },
  l2Weight: { prior: l2WeightPrior, lambda: 0.01, task: () => tabularTask(64, d, false), model: tabular(d, false) },
};

/** Trains a fresh model 20 steps (5 epochs of 4 batches); returns its weights and losses. */
async function run(name: string, schedule: Schedule, compile: boolean) {
  const c = cases[name];
  const model = c.model();
  const { x, y } = c.task();
  setCompileEnabled(compile);
  try {
    const h = await train(
      model,
      { x, y },
      { prior: c.prior(), lambda: c.lambda, schedule, epochs: 5, batchSize: 16, learningRate: 0.01, seed: 3 },
    );
    const weights = model.getWeights().map((w) => w.clone());
    return {
      weights,
      losses: h.epochs.map((e) => [e.taskLoss, e.prior ?? 0]),
      dispose: () => tf.dispose([x, y, ...weights]),
      model,
    };
  } finally {
    setCompileEnabled(null);
  }
}

for (const name of Object.keys(cases)) {
  for (const schedule of ['joint', 'alternating'] as const) {
    test(`train, ${name}, ${schedule}: compiled steps give eager's losses (1e-5) and weights after 20 steps (1e-4)`, async (t) => {
      if (!native()) return t.skip('not the tensorflow backend');
      const eager = await run(name, schedule, false);
      let compiled: Awaited<ReturnType<typeof run>> | null = null;
      const before = tf.memory().numTensors;
      const lines = await warnings(async () => {
        compiled = await run(name, schedule, true);
      });
      // Every prior compiles (the Gini prior ranks its values on the device): no fallback line.
      const expected: string[] = [];
      assert.deepEqual(lines, expected);
      const c = compiled!;
      // The compiled run leaves behind only its model's weights and the copies returned.
      const own = c.model.getWeights().length + c.weights.length;
      assert.equal(tf.memory().numTensors - before, own + 2 /* x, y */);
      const lossDiff = relativeDifference(tf.tensor(c.losses.flat()), tf.tensor(eager.losses.flat()));
      assert.ok(lossDiff <= 1e-5, `losses differ by ${lossDiff}`);
      for (let i = 0; i < c.weights.length; i++) {
        const diff = relativeDifference(c.weights[i], eager.weights[i]);
        assert.ok(diff <= 1e-4, `weight ${i} differs by ${diff}`);
      }
      eager.dispose();
      c.dispose();
      eager.model.dispose();
      c.model.dispose();
    });
  }
}
