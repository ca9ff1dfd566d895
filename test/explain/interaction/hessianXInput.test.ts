import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../../explain/engine';
import { hessianXInput } from '../../../explain/interaction/hessianXInput';

test('hessianXInput: Hᵢⱼ·xᵢ·xⱼ of x0·x1 + x2² (no gradient term on the diagonal)', async () => {
  await ready();
  const f = (x: tf.Tensor) =>
    tf.tidy(() => {
      const [a, b, c] = tf.split(x, 3, 1);
      return a.mul(b).add(c.square());
    });
  const before = tf.memory().numTensors;
  const r = await hessianXInput(
    f,
    [
      [2, 3, 4],
      [1, -1, 0.5],
    ],
    { batchSize: 1 },
  );
  assert.equal(r.method, 'hessianXInput');
  assert.deepEqual(r.shape, [2, 3, 3]);
  const expected = [
    [0, 6, 0, 6, 0, 0, 0, 0, 32],
    [0, -1, 0, -1, 0, 0, 0, 0, 0.5],
  ];
  r.interactions.forEach((m, p) => m.forEach((v, i) => assert.ok(Math.abs(v - expected[p][i]) < 1e-4, `${p},${i}: ${v}`)));
  assert.equal(tf.memory().numTensors, before);
});

test('hessianXInput: bad inputs are named', async () => {
  await ready();
  const f = (x: tf.Tensor) => x.sum(1);
  await assert.rejects(hessianXInput(f, [[1, NaN]]), {
    message: "Argument 'inputs' passed to 'hessianXInput' must contain only finite numbers, but got NaN at position [0, 1].",
  });
});
