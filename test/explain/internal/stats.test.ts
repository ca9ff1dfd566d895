import test from 'node:test';
import assert from 'node:assert/strict';
import { completenessRowsOf, sampleVariance, standardErrorOfMean } from '../../../explain/internal/stats';

test('standard error of the mean of 1, 2, 3, 4: s² = 5/3, SE = √(5/12) (var/n, not var/√n)', () => {
  const xs = [1, 2, 3, 4];
  const mean = xs.reduce((a, b) => a + b) / 4;
  const meanSq = xs.reduce((a, b) => a + b * b, 0) / 4;
  assert.ok(Math.abs(sampleVariance(mean, meanSq, 4) - 5 / 3) < 1e-15);
  assert.ok(Math.abs(standardErrorOfMean(mean, meanSq, 4) - Math.sqrt(5 / 12)) < 1e-15);
  // Equal draws: no error, and rounding below zero is clipped.
  assert.equal(standardErrorOfMean(0.1, 0.1 * 0.1 - 1e-18, 10), 0);
});

test('completeness rows: Σφ − (f(x) − f(x′)) per input and explained output', () => {
  // Two inputs × two outputs × three features.
  const values = [1, 2, 3, 0, 0, 1, -1, 0.5, 0.5, 2, 2, 2];
  const rows = completenessRowsOf(
    values,
    3,
    2,
    2,
    (i, s) => 10 * i + s,
    (i, s) => i - s,
  );
  assert.deepEqual(rows.outputAtInput, [0, 1, 10, 11]);
  assert.deepEqual(rows.outputAtBaseline, [0, -1, 1, 0]);
  assert.deepEqual(rows.completenessGap, [6 - 0, 1 - 2, 0 - 9, 6 - 11]);
});
