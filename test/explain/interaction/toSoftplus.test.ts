import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../../explain/engine';
import { expectedHessians } from '../../../explain/interaction/expectedHessians';
import { toSoftplus } from '../../../explain/interaction/toSoftplus';
import { mlp, rows } from './fixtures';

test('toSoftplus: same weights, every ReLU replaced by softplus, original untouched', async () => {
  await ready();
  const relu = mlp([4, 8, 6, 1], 'relu', 2);
  relu.add(tf.layers.activation({ activation: 'relu' }));
  const before = tf.memory().numTensors;
  const soft = toSoftplus(relu);
  assert.deepEqual(
    soft.layers.map((l) => [l.getClassName(), (l.getConfig() as { activation?: string }).activation]),
    [
      ['Dense', 'softplus'],
      ['Dense', 'softplus'],
      ['Dense', 'linear'],
      ['Activation', 'softplus'],
    ],
  );
  assert.deepEqual(
    relu.layers.map((l) => (l.getConfig() as { activation?: string }).activation),
    ['relu', 'relu', 'linear', 'relu'],
  );
  relu.layers.forEach((l, i) => {
    const a = l.getWeights();
    const b = soft.layers[i].getWeights();
    assert.equal(a.length, b.length);
    a.forEach((w, j) => assert.deepEqual(Array.from(w.dataSync()), Array.from(b[j].dataSync())));
  });
  // softplus(a) − relu(a) ∈ (0, log 2]: both models are close where pre-activations are large.
  const x = tf.tensor2d(rows(5, 4, 3));
  const a = tf.tidy(() => soft.predict(x) as tf.Tensor);
  const b = tf.tidy(() => relu.predict(x) as tf.Tensor);
  const fa = a.dataSync();
  const fb = b.dataSync();
  for (let i = 0; i < fa.length; i++) assert.ok(fa[i] > 0 && Math.abs(fa[i] - fb[i]) < 5, `${fa[i]} vs ${fb[i]}`);
  tf.dispose([a, b, x]);
  // The softplus copy has interactions; the ReLU original has none.
  const si = await expectedHessians(soft, rows(2, 4), { numSamples: 20 });
  assert.deepEqual(si.warnings, []);
  assert.ok(Math.max(...si.interactions.flat().map(Math.abs)) > 0);
  soft.dispose();
  assert.equal(tf.memory().numTensors, before, 'the copy owns its weights and frees them');
  relu.dispose();
});

test('toSoftplus: ReLU layers and dropout are carried over; other layers are an error', async () => {
  await ready();
  const m = tf.sequential({
    layers: [
      tf.layers.dense({ units: 3, inputShape: [2] }),
      tf.layers.reLU(),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  const s = toSoftplus(m);
  assert.deepEqual(
    s.layers.map((l) => l.getClassName()),
    ['Dense', 'Activation', 'Dropout', 'Dense'],
  );
  assert.equal((s.layers[1].getConfig() as { activation: string }).activation, 'softplus');
  s.dispose();
  m.dispose();
  const conv = tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 2, inputShape: [4, 4, 1], name: 'c1' })] });
  assert.throws(() => toSoftplus(conv), {
    message:
      "Argument 'model' passed to 'toSoftplus' must be a tf.Sequential of dense layers (optionally with Activation, ReLU, Dropout and Flatten layers), but got layer 'c1' of class Conv2D.",
  });
  conv.dispose();
});
