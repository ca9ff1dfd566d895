import test from 'node:test';
import assert from 'node:assert/strict';
import { averageRanks, spearman } from '../../../explain/evaluation/spearman';

test("Spearman: 1 for a monotone map, −1 reversed, average ranks for ties, scipy's value on a small case", () => {
  assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 1000]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  assert.deepEqual(Array.from(averageRanks([5, 1, 5, 2])), [3.5, 1, 3.5, 2]);
  // scipy.stats.spearmanr([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).statistic = 0.8
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) - 0.8) < 1e-12);
  // spearmanr([1, 2, 2, 3], [1, 3, 2, 4]).statistic = 0.9486832980505139
  assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 3, 2, 4]) - 0.9486832980505139) < 1e-12);
  assert.equal(spearman([1, 1, 1], [1, 2, 3]), 0);
});
