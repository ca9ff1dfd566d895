import test from 'node:test';
import assert from 'node:assert/strict';
import { describe } from '../../core';

test('describe names what a value is, never "[object Object]"', () => {
  assert.equal(describe('fast'), '"fast"');
  assert.equal(describe([1, 2]), 'an array of length 2');
  assert.equal(describe(null), 'null');
  assert.equal(describe(undefined), 'undefined');
  assert.equal(describe({ shape: [2, 3] }), 'a tensor of shape [2, 3]');
  assert.equal(describe({ window: [5], step: 1 }), 'an object with keys {window, step}');
  assert.equal(describe(NaN), 'NaN');
  assert.equal(
    describe(() => 1),
    'a function',
  );
});
