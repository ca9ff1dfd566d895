import test from 'node:test';
import assert from 'node:assert/strict';
import { nest, unravel } from '../../core';

test('nest and unravel are row-major and inverse to flat indexing', () => {
  const flat = Array.from({ length: 24 }, (_, i) => i);
  const n = nest(flat, [2, 3, 4]) as number[][][];
  assert.deepEqual(n[1][2], [20, 21, 22, 23]);
  assert.deepEqual(nest(flat, [2, 2], 4), [
    [4, 5],
    [6, 7],
  ]);
  for (const i of [0, 5, 13, 23]) {
    const [a, b, c] = unravel(i, [2, 3, 4]);
    assert.equal(n[a][b][c], i);
  }
  assert.deepEqual(unravel(7, [10]), [7]);
});
