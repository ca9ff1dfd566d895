/** train's data checks (explain/priors/train/labels.ts): NaN data named by argument and row. */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { train } from '../../../../explain/priors/train';
import { quietReady } from '../../support';
import { smallData, smallModel } from './fixtures';

quietReady();

test('NaN or Infinity in the data is an error naming the argument and the first offending row, before any step', async () => {
  const model = smallModel();
  const weights = model.getWeights().map((w) => w.dataSync().slice());
  const data = smallData(8);
  const before = tf.memory().numTensors;
  const xNaN = data.x.map((r, i) => (i === 5 ? [r[0], NaN, r[2], r[3]] : r));
  await assert.rejects(train(model, { x: xNaN, y: data.y }), {
    message: "Argument 'x' passed to 'train' must contain only finite numbers, but got NaN at position [5, 1].",
  });
  const yInf = data.y.map((v, i) => (i === 2 ? Infinity : v));
  await assert.rejects(train(model, { x: data.x, y: yInf }), {
    message: "Argument 'y' passed to 'train' must contain only finite numbers, but got Infinity at position [2, 0].",
  });
  await assert.rejects(train(model, data, { validationData: { x: xNaN, y: data.y } }), {
    message: "Argument 'validationData.x' passed to 'train' must contain only finite numbers, but got NaN at position [5, 1].",
  });
  assert.equal(tf.memory().numTensors, before);
  model.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), weights[i]));
  model.dispose();
});

test('a loss or metric that does not fit the number of outputs is named with the reason, before any step', async () => {
  const one = smallModel();
  const two = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
  const data = smallData(8);
  const y2 = data.x.map((r) => [r[0], r[1]]);
  const before = tf.memory().numTensors;
  await assert.rejects(train(one, data, { loss: 'sparseCategoricalCrossentropy' }), {
    message:
      "Argument 'loss' passed to 'train' cannot be 'sparseCategoricalCrossentropy' here: the model has 1 output; use 'binaryCrossentropy' or 'meanSquaredError'.",
  });
  await assert.rejects(train(one, data, { loss: 'categoricalCrossentropy' }), {
    message:
      "Argument 'loss' passed to 'train' cannot be 'categoricalCrossentropy' here: the model has 1 output; use 'binaryCrossentropy' or 'meanSquaredError'.",
  });
  await assert.rejects(train(two, { x: data.x, y: y2 }, { loss: 'binaryCrossentropy' }), {
    message:
      "Argument 'loss' passed to 'train' cannot be 'binaryCrossentropy' here: the model has 2 outputs, binary cross-entropy needs one.",
  });
  await assert.rejects(train(two, { x: data.x, y: data.x.map((_, i) => i % 2) }, { metrics: ['rocAuc'] }), {
    message:
      "Argument 'metrics' passed to 'train' cannot include 'rocAuc': it needs a single-output (binary) model, but the model has 2 outputs.",
  });
  await assert.rejects(train(two, { x: data.x, y: y2 }, { loss: 'meanSquaredError', metrics: ['accuracy'] }), {
    message: "Argument 'metrics' passed to 'train' cannot include 'accuracy': the task is a multi-output regression.",
  });
  assert.equal(tf.memory().numTensors, before);
  one.dispose();
  two.dispose();
});
