import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../../explain/engine';
import { REPLACED_KERNELS, withGradientRule } from '../../../explain/internal/gradientOverride';

test('ε-LRP rule replaces ReLU, sigmoid and tanh gradients by y/(z + ε·sign z)', async () => {
  await ready();
  const z = tf.tensor1d([-2, 0.5, 3]);
  for (const op of [tf.relu, tf.sigmoid, tf.tanh, tf.softplus]) {
    const g = withGradientRule('epsilonLrp', 1e-4, () => tf.grad((x: tf.Tensor) => op(x).sum())(z));
    const y = op(z).dataSync();
    const expected = Array.from(z.dataSync(), (v, i) => y[i] / (v + 1e-4 * (v >= 0 ? 1 : -1)));
    Array.from(g.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-5, `${v} vs ${expected[i]}`));
    g.dispose();
  }
  z.dispose();
});

test('DeepLIFT rule: secant slope against the second half of the batch, derivative where equal', async () => {
  await ready();
  const z = tf.tensor1d([2, 1, -1, 1]); // inputs (2, 1), references (-1, 1)
  const g = withGradientRule('deepLift', 1e-4, () => tf.grad((x: tf.Tensor) => tf.sigmoid(x).sum())(z));
  const s = (v: number) => 1 / (1 + Math.exp(-v));
  const expected = [(s(2) - s(-1)) / 3, s(1) * (1 - s(1)), 0, 0];
  Array.from(g.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${v} vs ${expected[i]}`));
  g.dispose();
  z.dispose();
});

test('previous gradients are restored, also after an error', async () => {
  await ready();
  const before = REPLACED_KERNELS.map((k) => tf.getGradient(k));
  assert.throws(
    () =>
      withGradientRule('deepLift', 1e-4, () => {
        throw new Error('inside');
      }),
    /inside/,
  );
  assert.deepEqual(
    REPLACED_KERNELS.map((k) => tf.getGradient(k)),
    before,
  );
});
