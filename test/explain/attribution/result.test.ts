import test from 'node:test';
import assert from 'node:assert/strict';
import { makeResult } from '../../../explain/attribution/result';

test('nested() follows shape; toText shows a table with the gap and a row count', () => {
  const r = makeResult({
    method: 'demo',
    values: Array.from({ length: 12 * 8 }, (_, i) => i / 100),
    numInputs: 12,
    featureShape: [2, 2, 2],
    outputs: null,
    diagnostics: {
      completenessGap: new Array(12).fill(0.001),
      outputAtInput: new Array(12).fill(1),
      outputAtBaseline: new Array(12).fill(0.5),
    },
    params: { seed: 3 },
  });
  const nested = r.nested() as number[][][][];
  assert.deepEqual(r.shape, [12, 2, 2, 2]);
  assert.equal(nested[1][1][0][1], 0.13);
  assert.equal(r.attributions[1].length, 8);
  const text = r.toText();
  assert.match(text, /^demo: attributions of shape \[12, 2, 2, 2\] \(seed=3\)/);
  assert.match(text, /gap/);
  assert.match(text, /… 2 more rows$/);
  assert.equal(text.split('\n').length, 1 + 1 + 10 + 1);
});

test('every-output results carry an output column and K in the shape', () => {
  const r = makeResult({
    method: 'demo',
    values: [1, 2, 3, 4, 5, 6],
    numInputs: 1,
    featureShape: [2],
    outputs: 3,
    diagnostics: { completenessGap: [0, 0, 0], outputAtInput: [3, 7, 11], outputAtBaseline: [0, 0, 0] },
    standardError: [0.1, 0.1, 0.2, 0.2, 0.3, 0.3],
  });
  assert.deepEqual(r.shape, [1, 3, 2]);
  assert.deepEqual(r.nested(), [
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
  ]);
  assert.deepEqual(r.diagnostics.standardError, [[0.1, 0.1, 0.2, 0.2, 0.3, 0.3]]);
  assert.match(r.toText(), /output/);
  assert.match(r.toText(), /max SE/);
});

test('meanAbs() is the mean |φ| per feature and meanAbsGap() the mean |completeness gap|', () => {
  const r = makeResult({
    method: 'demo',
    values: [1, -2, 3, -3, 0, 1],
    numInputs: 2,
    featureShape: [3],
    outputs: null,
    diagnostics: { completenessGap: [0.5, -0.25], outputAtInput: [2, -2], outputAtBaseline: [0, 0] },
  });
  assert.deepEqual(r.meanAbs(), [2, 1, 2]);
  assert.equal(r.meanAbsGap(), 0.375);
  assert.equal(r.featureNames, undefined);
});

test('withFeatureNames() returns the result with names; the original keeps none; bad names are refused', () => {
  const r = makeResult({
    method: 'demo',
    values: [1, 2, 3, 4],
    numInputs: 2,
    featureShape: [2],
    outputs: null,
    diagnostics: { completenessGap: [0, 0], outputAtInput: [3, 7], outputAtBaseline: [0, 0] },
  });
  const named = r.withFeatureNames(['age', 'bmi']);
  assert.deepEqual(named.featureNames, ['age', 'bmi']);
  assert.equal(r.featureNames, undefined);
  assert.deepEqual(named.attributions, r.attributions);
  assert.deepEqual(named.meanAbs(), [2, 3]);
  assert.match(named.toText().split('\n')[1], /^row\s+age\s+bmi\s+Σφ/);
  assert.deepEqual(named.withFeatureNames(['a', 'b']).featureNames, ['a', 'b']);
  assert.throws(
    () => r.withFeatureNames(['age']),
    new Error(
      "Argument 'names' passed to 'withFeatureNames' must be an array of 2 strings (one per feature), but got an array of length 1.",
    ),
  );
});
