/** ROC-AUC and accuracy as reported by train. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, rocAuc } from '../../../explain/priors/metrics';

test('ROC-AUC is the Mann–Whitney probability, ties counted half', () => {
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(rocAuc([1, 2, 3, 4], [0, 0, 1, 1]), 1);
  assert.equal(rocAuc([4, 3, 2, 1], [0, 0, 1, 1]), 0);
  assert.equal(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
});

test('accuracy counts equal labels', () => {
  assert.equal(accuracy([0, 1, 2, 2], [0, 1, 1, 2]), 0.75);
});
