import test from 'node:test';
import assert from 'node:assert/strict';
import { loadMnist, mnistPoolSizes } from '../../data/loadMnist';

test('returns [N, 28, 28, 1] grey levels in [0, 1] with labels 0–9', () => {
  const { train, test: t } = loadMnist({ trainSize: 20, testSize: 10, seed: 3 });
  assert.equal(train.images.length, 20);
  assert.equal(t.images.length, 10);
  assert.equal(train.labels.length, 20);
  for (const img of train.images) {
    assert.equal(img.length, 28);
    assert.ok(img.every((row) => row.length === 28 && row.every((px) => px.length === 1 && px[0] >= 0 && px[0] <= 1)));
  }
  assert.ok(train.labels.every((l) => Number.isInteger(l) && l >= 0 && l <= 9));
  // A digit has ink: real MNIST images are mostly background with a stroke.
  const ink = train.images[0].flat(2).filter((v) => v > 0.5).length;
  assert.ok(ink > 30 && ink < 400);
});

test('deterministic under a seed; pools are fixed and disjoint in size', () => {
  const a = loadMnist({ trainSize: 5, testSize: 5, seed: 11 });
  const b = loadMnist({ trainSize: 5, testSize: 5, seed: 11 });
  const c = loadMnist({ trainSize: 5, testSize: 5, seed: 12 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.train.labels.concat(a.test.labels), c.train.labels.concat(c.test.labels));
  assert.deepEqual(mnistPoolSizes(), { train: 8337, test: 1663 });
});

test('no test image is also a training image', () => {
  const { train, test: t } = loadMnist({ trainSize: 300, testSize: 100, seed: 0 });
  const key = (img: number[][][]) => img.flat(2).join(',');
  const seen = new Set(train.images.map(key));
  assert.ok(t.images.every((img) => !seen.has(key(img))));
});

test('rejects sizes beyond the pools', () => {
  assert.throws(() => loadMnist({ testSize: 5000 }), {
    message: "Arguments passed to 'loadMnist' ask for 5000 rows in all, but only 1663 are available.",
  });
  assert.throws(() => loadMnist({ trainSize: 1.5 }), {
    message: "Argument 'trainSize' passed to 'loadMnist' must be a non-negative integer, but got 1.5.",
  });
});
