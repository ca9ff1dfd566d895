/** The staircase decay: TensorFlow's exponential_decay(lr, samples, every, rate, staircase=True). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkLearningRateDecay, staircaseLearningRate } from '../../../explain/priors/learningRateDecay';

test('staircase values: 1e-4 × 0.95 every 60,000 samples (the original MNIST schedule)', () => {
  const decay = { rate: 0.95, everySamples: 60000 };
  const at = (samples: number) => staircaseLearningRate(1e-4, decay, samples);
  assert.equal(at(0), 1e-4);
  assert.equal(at(59999), 1e-4);
  assert.ok(Math.abs(at(60000) - 0.95e-4) < 1e-18);
  assert.ok(Math.abs(at(119999) - 0.95e-4) < 1e-18);
  assert.ok(Math.abs(at(120000) - 0.9025e-4) < 1e-18);
  // 50 epochs of 55,000 rows: 2,750,000 samples → 45 stairs.
  assert.ok(Math.abs(at(2750000) - 1e-4 * 0.95 ** 45) < 1e-18);
  assert.equal(staircaseLearningRate(0.01, null, 1e9), 0.01);
});

test('bad decays are rejected with exact messages', () => {
  assert.throws(() => checkLearningRateDecay({ rate: 1.5, everySamples: 10 }, 'train'), {
    message: "Argument 'learningRateDecay.rate' passed to 'train' must be a number in (0, 1], but got 1.5.",
  });
  assert.throws(() => checkLearningRateDecay({ rate: 0, everySamples: 10 }, 'train'), {
    message: "Argument 'learningRateDecay.rate' passed to 'train' must be a number in (0, 1], but got 0.",
  });
  assert.throws(() => checkLearningRateDecay({ rate: 0.9, everySamples: 2.5 }, 'train'), {
    message: "Argument 'learningRateDecay.everySamples' passed to 'train' must be an integer >= 1, but got 2.5.",
  });
  assert.throws(() => checkLearningRateDecay(0.95, 'train'), {
    message: "Argument 'learningRateDecay' passed to 'train' must be one of '{ rate, everySamples }', 'null', but got 0.95.",
  });
  assert.deepEqual(checkLearningRateDecay({ rate: 0.5, everySamples: 3 }, 'train'), { rate: 0.5, everySamples: 3 });
});

test('staircaseLearningRate checks its arguments', () => {
  assert.throws(() => staircaseLearningRate(-1, null, 0), {
    message: "Argument 'learningRate' passed to 'staircaseLearningRate' must be a finite number >= 0, but got -1.",
  });
  assert.throws(() => staircaseLearningRate(0.1, null, 1.5), {
    message: "Argument 'samples' passed to 'staircaseLearningRate' must be a whole number >= 0, but got 1.5.",
  });
  assert.throws(() => staircaseLearningRate(0.1, { rate: 2, everySamples: 10 }, 0), {
    message: "Argument 'learningRateDecay.rate' passed to 'staircaseLearningRate' must be a number in (0, 1], but got 2.",
  });
  assert.throws(() => staircaseLearningRate(0.1, 'fast' as never, 0), {
    message:
      "Argument 'learningRateDecay' passed to 'staircaseLearningRate' must be one of '{ rate, everySamples }', 'null', but got \"fast\".",
  });
});
