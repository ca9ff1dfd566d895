/**
 * The tensorflow backend's replaced Reshape, Cast and Step kernels give tfjs's results (on other
 * backends these tests check nothing and are skipped).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { quietReady } from '../support';

quietReady();

const native = (): boolean => tf.getBackend() === 'tensorflow';

test('Step on tensorflow: 1 above 0, alpha at and below 0, NaN kept; no leaks', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const x = tf.tensor1d([-2, -0, 0, 1e-30, 3, NaN]);
  const before = tf.memory().numTensors;
  for (const alpha of [0, -1, 0.25]) {
    const y = tf.engine().runKernel('Step', { x }, { alpha }) as tf.Tensor;
    assert.deepEqual(Array.from(await y.data()), [alpha, alpha, alpha, 1, 1, NaN]);
    y.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
  // Through the gradients that use it: ReLU's and Abs's.
  const g = tf.grad((z: tf.Tensor) => tf.sum(tf.add(tf.relu(z), tf.abs(z))))(tf.tensor1d([-1, 2]));
  assert.deepEqual(Array.from(await g.data()), [-1, 2]);
  tf.dispose([x, g]);
});

test('Reshape and Cast on tensorflow: no-op ones share the data, others still convert', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const x = tf.tensor2d([1.5, -2.5, 3, 4], [2, 2]);
  const same = tf.reshape(x, [2, -1]);
  const flat = tf.reshape(x, [4]);
  const asFloat = tf.cast(x, 'float32');
  const asInt = tf.cast(x, 'int32');
  assert.deepEqual(same.shape, [2, 2]);
  assert.deepEqual(flat.shape, [4]);
  assert.deepEqual(Array.from(await flat.data()), [1.5, -2.5, 3, 4]);
  assert.equal(asInt.dtype, 'int32');
  assert.deepEqual(Array.from(await asInt.data()), [1, -2, 3, 4]);
  // Disposing the original leaves the shared views readable.
  x.dispose();
  assert.deepEqual(Array.from(await same.data()), [1.5, -2.5, 3, 4]);
  assert.deepEqual(Array.from(await asFloat.data()), [1.5, -2.5, 3, 4]);
  tf.dispose([same, flat, asFloat, asInt]);
});
