import test from 'node:test';
import assert from 'node:assert/strict';
import { fitMeanImputer } from '../../data/fitMeanImputer';
import { fitStandardizer } from '../../data/fitStandardizer';
import { loadTabular } from '../../data/loadTabular';

test('missing values become the mean of the observed training values of their column', () => {
  const train = [
    [1, NaN, 10],
    [3, 4, NaN],
    [NaN, 8, 20],
  ];
  const imp = fitMeanImputer(train);
  assert.deepEqual(imp.mean, [2, 6, 15]);
  assert.deepEqual(imp.missing, [1, 1, 1]);
  assert.deepEqual(imp.transform(train), [
    [1, 6, 10],
    [3, 4, 15],
    [2, 8, 20],
  ]);
  // Other rows are filled with the training means, observed values untouched; the input is not changed.
  const test_ = [[NaN, NaN, 0]];
  assert.deepEqual(imp.transform(test_), [[2, 6, 0]]);
  assert.ok(Number.isNaN(test_[0][0]));
});

test('on nhanesi: imputing then standardising on 500 training rows leaves no NaN and gives training columns mean 0', () => {
  const d = loadTabular('nhanesi');
  const train = d.x.slice(0, 500);
  const imp = fitMeanImputer(train);
  assert.ok(imp.missing.some((m) => m > 0));
  const s = fitStandardizer(imp.transform(train));
  const z = s.transform(imp.transform(d.x));
  assert.ok(z.every((r) => r.every(Number.isFinite)));
  for (let j = 0; j < d.featureNames.length; j++) {
    const m = z.slice(0, 500).reduce((a, r) => a + r[j], 0) / 500;
    assert.ok(Math.abs(m) < 1e-9, `column ${j} mean ${m}`);
  }
});

test('bad input names the argument', () => {
  assert.throws(() => fitMeanImputer([]), { message: "Argument 'train' passed to 'fitMeanImputer' must not be empty." });
  assert.throws(
    () =>
      fitMeanImputer([
        [1, NaN],
        [2, NaN],
      ]),
    {
      message:
        "Argument 'train' passed to 'fitMeanImputer' must have at least one observed value per column, but column 1 is missing in every row.",
    },
  );
  assert.throws(() => fitMeanImputer([[1, 2], [3]]), {
    message: "Argument 'train' passed to 'fitMeanImputer' must have 2 features, but got 1.",
  });
  assert.throws(() => fitMeanImputer([[1, 2]]).transform([[1]]), {
    message: "Argument 'x' passed to 'MeanImputer.transform' must have 2 features, but got 1.",
  });
});
