import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../../explain/engine';
import { hessian } from '../../../explain/interaction/hessian';
import { mlp } from './fixtures';

const close = (a: number[], b: number[], tol: number) => {
  assert.equal(a.length, b.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `entry ${i}: ${v} vs ${b[i]}`));
};

// f(x) = x0·x1 + x2² + sin(x0)·x2
const f = (x: tf.Tensor) =>
  tf.tidy(() => {
    const [a, b, c] = tf.split(x, 3, 1);
    return a.mul(b).add(c.square()).add(tf.sin(a).mul(c));
  });
const closedForm = ([a, , c]: number[]) => [-Math.sin(a) * c, 1, Math.cos(a), 1, 0, 0, Math.cos(a), 0, 2];

test('hessian: closed form of x0·x1 + x2² + sin(x0)·x2 at several rows, in any batch size', async () => {
  await ready();
  const rows = [
    [2, 3, 4],
    [-1, 0.5, 0],
    [0.3, -2, 1.5],
  ];
  const before = tf.memory().numTensors;
  for (const batchSize of [1, 2, 256]) {
    const h = await hessian(f, rows, { batchSize });
    assert.equal(h.method, 'hessian');
    assert.deepEqual(h.shape, [3, 3, 3]);
    assert.deepEqual(h.featureShape, [3]);
    h.interactions.forEach((m, p) => close(m, closedForm(rows[p]), 1e-4));
  }
  assert.equal(tf.memory().numTensors, before);
});

test('hessian: a softplus MLP agrees with central differences of its gradient', async () => {
  await ready();
  const model = mlp([4, 8, 6, 1], 'softplus', 3);
  const x = [[0.2, -0.4, 0.9, -1.1]];
  const h = await hessian(model, x);
  const g = tf.grad((z: tf.Tensor) => (model.predict(z) as tf.Tensor).sum());
  const eps = 1e-2;
  const fd: number[] = [];
  for (let i = 0; i < 4; i++) {
    const up = x[0].slice();
    up[i] += eps;
    const dn = x[0].slice();
    dn[i] -= eps;
    const gu = g(tf.tensor2d([up])).dataSync();
    const gd = g(tf.tensor2d([dn])).dataSync();
    for (let j = 0; j < 4; j++) fd.push((gu[j] - gd[j]) / (2 * eps));
  }
  close(h.interactions[0], fd, 2e-3);
  // Symmetric.
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(h.interactions[0][i * 4 + j] - h.interactions[0][j * 4 + i]) < 1e-5);
  model.dispose();
});

test('hessian: a two-output model needs output; output picks the column', async () => {
  await ready();
  const two = (x: tf.Tensor) =>
    tf.tidy(() => tf.concat([x.square().sum(1, true), x.slice([0, 0], [-1, 1]).mul(x.slice([0, 1], [-1, 1]))], 1));
  await assert.rejects(hessian(two, [[1, 2]]), {
    message:
      "Argument 'output' passed to 'hessian' must be an output index in [0, 1] for a model with 2 outputs, but got undefined.",
  });
  await assert.rejects(hessian(two, [[1, 2]], { output: 2 }), {
    message: "Argument 'output' passed to 'hessian' must be an integer output index in [0, 1], but got 2.",
  });
  close((await hessian(two, [[1, 2]], { output: 0 })).interactions[0], [2, 0, 0, 2], 1e-5);
  close((await hessian(two, [[1, 2]], { output: 1 })).interactions[0], [0, 1, 1, 0], 1e-5);
  await assert.rejects(hessian(two, [[1, 2]], { output: 0, batchSize: 0 }), {
    message: "Argument 'batchSize' passed to 'hessian' must be an integer >= 1, but got 0.",
  });
});
