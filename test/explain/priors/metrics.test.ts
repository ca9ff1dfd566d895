/** ROC-AUC and accuracy as reported by train. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, rocAuc } from '../../../explain/priors/metrics';

test('ROC-AUC is the Mann–Whitney probability, ties counted half', () => {
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(rocAuc([1, 2, 3, 4], [0, 0, 1, 1]), 1);
  assert.equal(rocAuc([4, 3, 2, 1], [0, 0, 1, 1]), 0);
  assert.equal(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
});

test('rocAuc refuses what has no ROC curve: lengths that differ, one class, non-finite scores, labels not 0/1', () => {
  assert.throws(() => rocAuc([0.1, 0.2], [0, 1, 1]), {
    message: "Argument 'labels' passed to 'rocAuc' must have 2 entries (one per score), but got 3.",
  });
  assert.throws(() => rocAuc([0.1, 0.2], [1, 1]), {
    message: "Argument 'labels' passed to 'rocAuc' must contain both classes (0 and 1) for a ROC curve, but every label is 1.",
  });
  assert.throws(() => rocAuc([NaN, 0.2], [0, 1]), {
    message: "Argument 'scores' passed to 'rocAuc' must contain only finite numbers, but got NaN at index 0.",
  });
  assert.throws(() => rocAuc([0.1, 0.2], [0, 0.5]), {
    message: "Argument 'labels' passed to 'rocAuc' must contain only 0 and 1, but got 0.5 at index 1.",
  });
});

test('accuracy counts equal labels', () => {
  assert.equal(accuracy([0, 1, 2, 2], [0, 1, 1, 2]), 0.75);
});

test('accuracy refuses label arrays of another length', () => {
  assert.throws(() => accuracy([1, 0], [1]), {
    message: "Argument 'labels' passed to 'accuracy' must have 2 entries (one per prediction), but got 1.",
  });
});
