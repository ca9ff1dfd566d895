import test from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../explain/internal/rng';

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
