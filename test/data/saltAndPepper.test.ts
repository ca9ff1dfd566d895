import test from 'node:test';
import assert from 'node:assert/strict';
import { saltAndPepper } from '../../data/saltAndPepper';

const grey = (n: number) =>
  Array.from({ length: n }, () => Array.from({ length: 10 }, () => Array.from({ length: 10 }, () => [0.5])));

test('flips exactly round(fraction · pixels) pixels per image to 0 or 1 and keeps the shape', () => {
  const out = saltAndPepper(grey(4), 0.3, { seed: 2 });
  assert.equal(out.length, 4);
  for (const img of out) {
    assert.equal(img.length, 10);
    assert.ok(img.every((row) => row.length === 10 && row.every((px) => px.length === 1)));
    const flat = img.flat(2);
    assert.equal(flat.filter((v) => v !== 0.5).length, 30);
    assert.ok(flat.every((v) => v === 0 || v === 1 || v === 0.5));
    // Both salt and pepper appear (30 fair coin flips: all-equal has probability 2⁻²⁹).
    assert.ok(flat.includes(0) && flat.includes(1));
  }
});

test('fraction 0 is the identity, the input is untouched, the seed decides', () => {
  const x = grey(2);
  assert.deepEqual(saltAndPepper(x, 0), x);
  const a = saltAndPepper(x, 0.5, { seed: 1 });
  assert.deepEqual(a, saltAndPepper(x, 0.5, { seed: 1 }));
  assert.notDeepEqual(a, saltAndPepper(x, 0.5, { seed: 2 }));
  assert.deepEqual(x, grey(2));
});

test('works on flat rows with custom levels; rejects fractions outside [0, 1]', () => {
  const out = saltAndPepper([[0, 0, 0, 0]], 1, { low: -1, high: 2, seed: 0 });
  assert.ok(out[0].every((v) => v === -1 || v === 2));
  assert.throws(() => saltAndPepper([[0]], 1.5), {
    message: "Argument 'fraction' passed to 'saltAndPepper' must be a number in [0, 1], but got 1.5.",
  });
  // An options object where the fraction belongs is named by its keys, not "[object Object]".
  assert.throws(() => saltAndPepper([[0]], { fraction: 0.1 } as unknown as number), {
    message: "Argument 'fraction' passed to 'saltAndPepper' must be a number in [0, 1], but got an object with keys {fraction}.",
  });
});
