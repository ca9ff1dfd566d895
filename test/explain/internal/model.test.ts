import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { errors } from '../../../explain/internal/errors';
import { evaluate, inspectOutput, toModelFunction } from '../../../explain/internal/model';
import type { ModelLike } from '../../../explain/types';

test('LayersModel, GraphModel-like and function models become differentiable functions', () => {
  const layers = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], useBias: false, kernelInitializer: 'ones' })] });
  const f = toModelFunction(layers, 'f');
  const g = tf.grad((x: tf.Tensor) => f(x).sum())(tf.ones([1, 3]));
  assert.deepEqual(Array.from(g.dataSync()), [2, 2, 2]);
  g.dispose();
  const graphLike = { execute: (x: tf.Tensor) => [x.sum(1)], executeAsync: () => undefined } as unknown as ModelLike;
  const h = toModelFunction(graphLike, 'f');
  const y = tf.tidy(() => h(tf.ones([2, 3])));
  assert.deepEqual(Array.from(y.dataSync()), [3, 3]);
  y.dispose();
  assert.throws(() => toModelFunction({} as ModelLike, 'f'), { message: errors.modelKind('f', {}) });
  layers.dispose();
});

test('output shapes: [N] and [N, 1] single, [N, K] multi, others rejected; evaluate batches', () => {
  const a = tf.zeros([4]);
  const b = tf.zeros([4, 1]);
  const c = tf.zeros([4, 3]);
  const d = tf.zeros([4, 3, 2]);
  assert.deepEqual(inspectOutput(a, 4, 'f'), { numOutputs: 1, single: true });
  assert.deepEqual(inspectOutput(b, 4, 'f'), { numOutputs: 1, single: true });
  assert.deepEqual(inspectOutput(c, 4, 'f'), { numOutputs: 3, single: false });
  assert.throws(() => inspectOutput(d, 4, 'f'), { message: errors.modelOutputShape('f', [4, 3, 2]) });
  assert.throws(() => inspectOutput(c, 5, 'f'), { message: errors.modelOutputRows('f', 5, 4) });
  [a, b, c, d].forEach((t) => t.dispose());
  const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
  const before = tf.memory().numTensors;
  const r = evaluate((t) => t.matMul(tf.tensor2d([[1, 0, 1], [0, 1, 1]])), x, 2, 'f');
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(Array.from(r.values), [1, 2, 3, 3, 4, 7, 5, 6, 11]);
  assert.equal(r.info.numOutputs, 3);
  x.dispose();
});
