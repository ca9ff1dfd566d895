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
