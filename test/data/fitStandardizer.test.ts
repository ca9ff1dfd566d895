import test from 'node:test';
import assert from 'node:assert/strict';
import { fitStandardizer } from '../../data/fitStandardizer';

test('uses training statistics only; constant columns map to 0; inverse undoes transform', () => {
  const s = fitStandardizer([
    [1, 5],
    [3, 5],
  ]);
  assert.deepEqual(s.mean, [2, 5]);
  assert.deepEqual(s.std, [1, 1]);
  assert.deepEqual(
    s.transform([
      [1, 5],
      [3, 5],
      [6, 7],
    ]),
    [
      [-1, 0],
      [1, 0],
      [4, 2],
    ],
  );
  assert.deepEqual(s.inverse(s.transform([[6, 7]])), [[6, 7]]);
});

test('transformed training columns have mean 0 and standard deviation 1', () => {
  const train = [
    [1, 10],
    [2, 30],
    [4, 20],
    [9, 0],
  ];
  const z = fitStandardizer(train).transform(train);
  for (let j = 0; j < 2; j++) {
    const col = z.map((r) => r[j]);
    const m = col.reduce((a, b) => a + b, 0) / col.length;
    const v = col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length;
    assert.ok(Math.abs(m) < 1e-12);
    assert.ok(Math.abs(v - 1) < 1e-12);
  }
});

test('rejects empty input and width mismatches', () => {
  assert.throws(() => fitStandardizer([]), { message: "Argument 'train' passed to 'fitStandardizer' must not be empty." });
  assert.throws(() => fitStandardizer([[1, 2]]).transform([[1]]), {
    message: "Argument 'x' passed to 'Standardizer.transform' must have 2 features, but got 1.",
  });
});
