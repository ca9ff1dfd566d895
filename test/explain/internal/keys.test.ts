/** isKeyOf: own keys of a closed string set only, never inherited names or non-strings. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { isKeyOf } from '../../../explain/internal/keys';

const SET = { grid: 'a', trapezoid: 'b' } as const;

test('isKeyOf accepts the own keys and rejects inherited names, other strings and non-strings', () => {
  assert.equal(isKeyOf('grid', SET), true);
  assert.equal(isKeyOf('trapezoid', SET), true);
  assert.equal(isKeyOf('toString', SET), false);
  assert.equal(isKeyOf('constructor', SET), false);
  assert.equal(isKeyOf('Grid', SET), false);
  assert.equal(isKeyOf(0, SET), false);
  assert.equal(isKeyOf(undefined, SET), false);
  assert.equal(isKeyOf(null, SET), false);
});
