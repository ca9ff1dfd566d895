import test from 'node:test';
import assert from 'node:assert/strict';
import { alignedChunks, chunks, defaultBatchSize } from '../../../explain/internal/batching';

test('chunks cover the range in order with at most batchSize each', () => {
  assert.deepEqual(chunks(7, 3), [
    { start: 0, end: 3 },
    { start: 3, end: 6 },
    { start: 6, end: 7 },
  ]);
  assert.deepEqual(chunks(0, 3), []);
});

test('aligned chunks hold whole inputs, or split one input', () => {
  assert.deepEqual(alignedChunks(5, 4, 9), [
    { start: 0, end: 8, firstInput: 0, inputs: 2, points: 4 },
    { start: 8, end: 16, firstInput: 2, inputs: 2, points: 4 },
    { start: 16, end: 20, firstInput: 4, inputs: 1, points: 4 },
  ]);
  assert.deepEqual(alignedChunks(2, 5, 3), [
    { start: 0, end: 3, firstInput: 0, inputs: 1, points: 3 },
    { start: 3, end: 5, firstInput: 0, inputs: 1, points: 2 },
    { start: 5, end: 8, firstInput: 1, inputs: 1, points: 3 },
    { start: 8, end: 10, firstInput: 1, inputs: 1, points: 2 },
  ]);
  assert.ok(defaultBatchSize(784) * 784 <= 8 * 1024 * 1024 && defaultBatchSize(784) > 10000);
});
