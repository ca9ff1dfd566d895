import test from 'node:test';
import assert from 'node:assert/strict';
import { checkSeed, isSeed, Lcg32, MinStd, Mulberry32, Rng } from '../../core';

test('same seed, same stream; different seeds differ', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xs = Array.from({ length: 20 }, () => a.uniform());
  assert.deepEqual(
    xs,
    Array.from({ length: 20 }, () => b.uniform()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 20 }, () => c.uniform()),
  );
  assert.deepEqual(new Rng('abc').permutation(10), new Rng('abc').permutation(10));
});

test('uniforms have mean 1/2 and variance 1/12; ints cover their range evenly', () => {
  const r = new Rng(1);
  const n = 100000;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    s += u;
    s2 += u * u;
  }
  const mean = s / n;
  assert.ok(Math.abs(mean - 0.5) < 4 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(s2 / n - mean * mean - 1 / 12) < 0.002);
  const counts = new Array(7).fill(0);
  for (let i = 0; i < 70000; i++) counts[r.int(7)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10000) < 4 * Math.sqrt(10000), `count ${c}`);
});

test('permutations are permutations and uniform over positions', () => {
  const r = new Rng(3);
  const firsts = new Array(4).fill(0);
  for (let i = 0; i < 4000; i++) {
    const p = r.permutation(4);
    assert.deepEqual([...p].sort(), [0, 1, 2, 3]);
    firsts[p[0]]++;
  }
  for (const c of firsts) assert.ok(Math.abs(c - 1000) < 4 * Math.sqrt(750), `count ${c}`);
});

test('normal draws have mean 0 and variance 1', () => {
  const r = new Rng(5);
  const n = 50000;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    s += z;
    s2 += z * z;
  }
  assert.ok(Math.abs(s / n) < 4 / Math.sqrt(n));
  assert.ok(Math.abs(s2 / n - 1) < 0.03);
});

test('the streams are the ones the published numbers were made with (golden values)', () => {
  // Values recorded from explain/internal/rng.ts and data/internal/random.ts before they moved here.
  const q = new Rng(7);
  assert.deepEqual(
    [q.uniform(), q.int(10), q.normal(), Array.from(q.permutation(6)), q.nextUint32()],
    [0.2338277214186818, 9, -1.8482348797796406, [5, 4, 1, 0, 3, 2], 1437896328],
  );
  assert.equal(new Rng('abc').uniform(), 0.0489733582197347);
  const r = Mulberry32.seeded(7);
  assert.deepEqual(
    [r.uniform(), r.int(10), r.normal(), r.normal(), r.permutation(6)],
    [0.11125329183414578, 3, -1.4639754488495478, 2.782914599262713, [3, 0, 4, 2, 5, 1]],
  );
});

test('Lcg32 and MinStd are the textbook recurrences', () => {
  const l = new Lcg32(1);
  assert.equal(l.nextUint32(), 1664525 + 1013904223);
  assert.equal(l.nextUint32(), (Math.imul(1664525 + 1013904223, 1664525) + 1013904223) >>> 0);
  const m = new MinStd(1);
  assert.equal(m.uniform(), 16807 / 2147483647);
  assert.equal(m.uniform(), (16807 * 16807) / 2147483647);
  // Park and Miller's check value: the 10,000th state from seed 1 is 1,043,618,065.
  const c = new MinStd(1);
  for (let i = 0; i < 9999; i++) c.uniform();
  assert.equal(Math.round(c.uniform() * 2147483647), 1043618065);
});

test('a seed that is not a whole number or a string is refused, naming the function', () => {
  for (const [seed, shown] of [
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [0.9, '0.9'],
    [{}, 'an object with keys {}'],
    [null, 'null'],
  ] as const) {
    assert.throws(() => new Rng(seed as never, 'expectedGradients'), {
      message: `Argument 'seed' passed to 'expectedGradients' must be a whole number or a string, but got ${shown}.`,
    });
    assert.throws(() => Mulberry32.seeded(seed as never, 'makeSimulation'), {
      message: `Argument 'seed' passed to 'makeSimulation' must be a whole number or a string, but got ${shown}.`,
    });
  }
  assert.throws(() => checkSeed(-0.5), { message: "Argument 'seed' must be a whole number or a string, but got -0.5." });
  assert.equal(checkSeed(-3, 'f'), -3);
  assert.equal(checkSeed('run-1', 'f'), 'run-1');
  assert.equal(isSeed(2 ** 40), true);
});

test('Lcg32 takes other multipliers and increments (Borland: a = 22695477, c = 1)', () => {
  const g = new Lcg32(7, 22695477, 1);
  assert.equal(g.nextUint32(), (7 * 22695477 + 1) >>> 0);
});
