import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { deepLift } from '../../../explain/attribution/deepLift';
import { LIN_W, assertClose, assertClose2, linearModel, noLeak, rejectsWith, rows } from './fixtures';
import { specRelu } from './fixtures';

test('SPEC: DeepLIFT of the ReLU network is (2, -1) at (3, 1) and zero at (-10, -5)', async () => {
  const r = await noLeak(() =>
    deepLift(specRelu, [
      [3, 1],
      [-10, -5],
    ]),
  );
  assertClose2(
    r.attributions,
    [
      [2, -1],
      [0, 0],
    ],
    1e-4,
  );
});

test('SPEC: linear model gives w ⊙ (x − x′)', async () => {
  const r = await deepLift(linearModel, [[1, 2, 3, 4]], { baseline: [1, 0, 1, 0] });
  assertClose(r.attributions[0], [0, -4, 1, 12], 1e-5);
  assert.deepEqual(LIN_W, [1.5, -2, 0.5, 3]);
});

test('DeepLIFT is complete on a ReLU/sigmoid/tanh network and restores the original gradients', async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 12,
        inputShape: [5],
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: 8, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  const x = rows(6, 5).map((r) => r.map((v) => 3 * v));
  const base = rows(6, 5, 17);
  const r = await noLeak(() => deepLift(model, x, { baseline: base, batchSize: 4 }));
  assertClose(r.diagnostics.completenessGap, new Array(6).fill(0), 1e-4);
  const shared = await deepLift(model, x, { baseline: base[0] });
  assertClose(shared.diagnostics.completenessGap, new Array(6).fill(0), 1e-4);
  // The plain gradient of ReLU is back after the call.
  const g = tf.grad((z: tf.Tensor) => tf.relu(z).sum())(tf.tensor1d([-1, 2]));
  assertClose(g.dataSync(), [0, 1], 0);
  g.dispose();
  model.dispose();
});

test('gradients are restored even when the model throws while they are replaced', async () => {
  // Throws only on the doubled batch (inputs + references) DeepLIFT runs with replaced gradients.
  const bad = (x: tf.Tensor): tf.Tensor => {
    if (x.shape[0] === 2) throw new Error('boom');
    return tf.relu(x.sum(1).reshape([-1, 1]));
  };
  await noLeak(() => assert.rejects(deepLift(bad, [[1, 2]]), /boom/));
  const g = tf.grad((z: tf.Tensor) => tf.relu(z).sum())(tf.tensor1d([-1, 2]));
  assertClose(g.dataSync(), [0, 1], 0);
  g.dispose();
  await rejectsWith(
    () => deepLift(linearModel, [[1, 2, 3, 4]], { baseline: [[1, 2]] }),
    "Argument 'baseline' passed to 'deepLift' must have 4 features, but got 2.",
  );
});
