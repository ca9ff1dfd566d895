import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { describe } from '../../../explain/internal/errors';
import {
  checkOneOf,
  checkOptionKeys,
  checkPositiveInteger,
  nearestKey,
  prepareBaseline,
  prepareInputs,
} from '../../../explain/internal/validate';

test('inputs: nested arrays become float32; tensors are borrowed', () => {
  const a = prepareInputs(
    [
      [1, 2],
      [3, 4],
    ],
    'inputs',
    'f',
  );
  assert.equal(a.tensor.dtype, 'float32');
  assert.deepEqual(a.tensor.shape, [2, 2]);
  a.dispose();
  assert.ok(a.tensor.isDisposed);
  const t = tf.tensor2d([[1, 2]]);
  const b = prepareInputs(t, 'inputs', 'f');
  b.dispose();
  assert.ok(!t.isDisposed);
  t.dispose();
});

test('inputs: ragged, rank-1, empty, non-finite and integer inputs are rejected', () => {
  assert.throws(() => prepareInputs([[1, 2], [3]], 'inputs', 'f'), {
    message:
      "Argument 'inputs' passed to 'f' must be a tensor or rectangular nested arrays of numbers, but got ragged arrays (length 1 where 2 was expected at depth 1).",
  });
  assert.throws(() => prepareInputs([['a', 2]] as unknown as number[][], 'inputs', 'f'), {
    message: "Argument 'inputs' passed to 'f' must be a tensor or rectangular nested arrays of numbers, but got a string inside.",
  });
  assert.throws(
    () =>
      prepareInputs(
        [
          [1, 2],
          [[3], 4],
        ] as unknown as number[][],
        'inputs',
        'f',
      ),
    {
      message:
        "Argument 'inputs' passed to 'f' must be a tensor or rectangular nested arrays of numbers, but got a nested array where a number was expected.",
    },
  );
  assert.throws(() => prepareInputs(5 as unknown as number[][], 'inputs', 'f'), {
    message: "Argument 'inputs' passed to 'f' must be a tensor or rectangular nested arrays of numbers, but got the number 5.",
  });
  assert.throws(() => prepareInputs([1, 2] as unknown as number[][], 'inputs', 'f'), {
    message: "Argument 'inputs' passed to 'f' must have a batch axis and at least one feature axis, but got shape [2].",
  });
  assert.throws(() => prepareInputs([[1, -Infinity]], 'inputs', 'f'), {
    message: "Argument 'inputs' passed to 'f' must contain only finite numbers, but got -Infinity at position [0, 1].",
  });
  const i = tf.tensor2d([[1]], [1, 1], 'int32');
  assert.throws(() => prepareInputs(i, 'inputs', 'f'), {
    message: "Argument 'inputs' passed to 'f' must be a float32 tensor, but got a int32 tensor.",
  });
  i.dispose();
});

test('baseline: default zero row, feature-shape row, batch; wrong features named', () => {
  const z = prepareBaseline(undefined, [3], 'baseline', 'expectedGradients');
  assert.deepEqual(z.tensor.shape, [1, 3]);
  z.dispose();
  const r = prepareBaseline([1, 2, 3], [3], 'baseline', 'f');
  assert.deepEqual(r.tensor.shape, [1, 3]);
  r.dispose();
  assert.throws(() => prepareBaseline(rows(), [30], 'baseline', 'expectedGradients'), {
    message: "Argument 'baseline' passed to 'expectedGradients' must have 30 features, but got 10.",
  });
  assert.throws(() => prepareBaseline([[[1]]], [2, 1], 'baseline', 'f'), {
    message: "Argument 'baseline' passed to 'f' must have feature shape [2, 1], but got [1, 1].",
  });
  assert.equal(checkPositiveInteger(3, 'numSamples', 'f'), 3);
  assert.throws(() => checkPositiveInteger('3', 'numSamples', 'f'), {
    message: "Argument 'numSamples' passed to 'f' must be an integer >= 1, but got \"3\".",
  });
  assert.throws(() => checkOneOf('x', { a: 1 }, 'rule', 'f'), {
    message: "Argument 'rule' passed to 'f' must be one of 'a', but got \"x\".",
  });
});

function rows(): number[][] {
  return [Array.from({ length: 10 }, () => 0)];
}

test('describe names tensors by shape and objects by their keys, never "[object Object]"', () => {
  const t = tf.zeros([2, 3]);
  assert.equal(describe(t), 'a tensor of shape [2, 3]');
  t.dispose();
  assert.equal(describe({ window: [5] }), 'an object with keys {window}');
  assert.equal(describe([1, 2]), 'an array of length 2');
  assert.equal(describe(1.5), '1.5');
});

test('issue 16 #10: unknown option keys and non-object options are errors naming the valid keys and the nearest', () => {
  const valid = ['baseline', 'numSamples', 'seed'];
  assert.throws(() => checkOptionKeys('expectedGradients', { numSample: 3 }, valid), {
    message:
      "Argument 'options' passed to 'expectedGradients' has an unknown key 'numSample' (did you mean 'numSamples'?); valid keys: baseline, numSamples, seed.",
  });
  assert.throws(() => checkOptionKeys('expectedGradients', { zzzzzz: 1 }, valid), {
    message:
      "Argument 'options' passed to 'expectedGradients' has an unknown key 'zzzzzz'; valid keys: baseline, numSamples, seed.",
  });
  assert.throws(() => checkOptionKeys('expectedGradients', 'fast', valid), {
    message: "Argument 'options' passed to 'expectedGradients' must be an object of options, but got \"fast\".",
  });
  assert.doesNotThrow(() => checkOptionKeys('expectedGradients', undefined, valid));
  assert.doesNotThrow(() => checkOptionKeys('expectedGradients', { seed: 1 }, valid));
  assert.equal(nearestKey('featurenames', ['featureNames', 'topK']), 'featureNames');
});
