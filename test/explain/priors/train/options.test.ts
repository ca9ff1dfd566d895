/** train's option checks (explain/priors/train/options.ts): exact messages, before any step. */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { train } from '../../../../explain/priors/train';
import { checkTrainOptions } from '../../../../explain/priors/train/options';
import { quietReady } from '../../support';
import { smallData, smallModel } from './fixtures';

quietReady();

test('counts must be whole numbers: epochs 1.5 says so (not "finite non-negative number")', async () => {
  const model = smallModel();
  const data = smallData(8);
  const before = tf.memory().numTensors;
  await assert.rejects(train(model, data, { epochs: 1.5 }), {
    message: "Argument 'epochs' passed to 'train' must be a whole number >= 0, but got 1.5.",
  });
  await assert.rejects(train(model, data, { pretrainEpochs: -1 }), {
    message: "Argument 'pretrainEpochs' passed to 'train' must be a whole number >= 0, but got -1.",
  });
  assert.throws(() => checkTrainOptions({ k: 0 }), {
    message: "Argument 'k' passed to 'train' must be an integer >= 1, but got 0.",
  });
  assert.throws(() => checkTrainOptions({ learningRate: NaN }), {
    message: "Argument 'learningRate' passed to 'train' must be a finite number >= 0, but got NaN.",
  });
  assert.throws(() => checkTrainOptions({ optimizer: 'lion' as 'adam' }), {
    message: "Argument 'optimizer' passed to 'train' must be one of 'adam', 'sgd', 'rmsprop', but got \"lion\".",
  });
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test('a seed that is not a whole number is refused (NaN, Infinity and 0.9 used to act as seed 0; {} was accepted)', async () => {
  const model = smallModel();
  const data = smallData(8);
  const before = tf.memory().numTensors;
  for (const [seed, shown] of [
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [0.9, '0.9'],
    [{}, 'an object with keys {}'],
  ] as const) {
    await assert.rejects(train(model, data, { seed: seed as number }), {
      message: `Argument 'seed' passed to 'train' must be a whole number or a string, but got ${shown}.`,
    });
  }
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test('defaults are filled in and the task weight follows taskWeight', () => {
  const c = checkTrainOptions({
    lambda: 0.25,
    taskWeight: 'oneMinusLambda',
    prior: { name: 'p', usesAttributions: false, check() {}, penalty: () => tf.scalar(0) },
  });
  assert.equal(c.epochs, 1);
  assert.equal(c.batchSize, 32);
  assert.equal(c.taskWeight, 0.75);
  assert.equal(checkTrainOptions({ lambda: 0.25, taskWeight: 'oneMinusLambda' }).taskWeight, 1);
});
