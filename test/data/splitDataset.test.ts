import test from 'node:test';
import assert from 'node:assert/strict';
import { splitDataset } from '../../data/splitDataset';

const x = Array.from({ length: 100 }, (_, i) => [i]);
const y = Array.from({ length: 100 }, (_, i) => (i < 30 ? 1 : 0));

test('counts and fractions; parts are disjoint and cover the requested rows', () => {
  const s = splitDataset(x, y, { train: 50, validation: 0.2, seed: 1 });
  assert.equal(s.train.x.length, 50);
  assert.equal(s.validation.x.length, 20);
  assert.equal(s.test.x.length, 30);
  const all = [...s.train.indices, ...s.validation.indices, ...s.test.indices].sort((a, b) => a - b);
  assert.deepEqual(
    all,
    x.map((_, i) => i),
  );
  assert.deepEqual(
    s.train.x,
    s.train.indices.map((i) => [i]),
  );
});

test('deterministic under a seed, different across seeds', () => {
  const a = splitDataset(x, y, { seed: 7 });
  const b = splitDataset(x, y, { seed: 7 });
  const c = splitDataset(x, y, { seed: 8 });
  assert.deepEqual(a.train.indices, b.train.indices);
  assert.notDeepEqual(a.train.indices, c.train.indices);
});

test('stratify keeps the class balance in every part', () => {
  for (const seed of [0, 1, 2]) {
    const s = splitDataset(x, y, { train: 20, validation: 40, stratify: true, seed });
    const pos = (p: number[]) => p.reduce((a, b) => a + b, 0);
    assert.equal(pos(s.train.y), 6);
    assert.equal(pos(s.validation.y), 12);
    assert.equal(pos(s.test.y), 12);
  }
});

test('rejects too many rows and mismatched lengths', () => {
  assert.throws(() => splitDataset(x, y, { train: 80, validation: 30 }), {
    message: "Arguments passed to 'splitDataset' ask for 110 rows in all, but only 100 are available.",
  });
  assert.throws(() => splitDataset(x, y.slice(1)), {
    message: "Argument 'y' passed to 'splitDataset' must have 100 rows, but got 99.",
  });
  assert.throws(() => splitDataset(x, y, { train: -3 }), {
    message: "Argument 'train' passed to 'splitDataset' must be a non-negative integer, but got -3.",
  });
});
