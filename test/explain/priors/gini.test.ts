/** Gini coefficient and the sparsity prior (SPEC.md: Gini of uniform 0, of one-hot (n−1)/n). */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gini, giniPrior, giniTensor } from '../../../explain/priors/gini';
import { quietReady } from '../support';

quietReady();

function pairwiseGini(v: number[]): number {
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  let s = 0;
  for (const a of v) for (const b of v) s += Math.abs(a - b);
  return s / (2 * n * n * mean);
}

test('Gini of a uniform vector is 0 and of a one-hot vector (n−1)/n', () => {
  assert.equal(gini([2, 2, 2, 2, 2]), 0);
  for (const n of [2, 5, 10]) {
    const v = Array.from({ length: n }, (_, i) => (i === 3 % n ? 4 : 0));
    assert.ok(Math.abs(gini(v) - (n - 1) / n) < 1e-12);
    const t = tf.tensor1d(v);
    assert.ok(Math.abs((giniTensor(t).arraySync() as number) - (n - 1) / n) < 1e-6);
    t.dispose();
  }
  assert.equal(gini([0, 0, 0]), 0);
});

test('the sorted formula equals the pairwise definition Σᵢⱼ|vᵢ − vⱼ| / (2n² mean)', () => {
  const v = [0.3, 1.7, 0.05, 2.2, 0.9, 0.9, 4.1];
  assert.ok(Math.abs(gini(v) - pairwiseGini(v)) < 1e-12);
  const t = tf.tensor1d(v);
  assert.ok(Math.abs((giniTensor(t).arraySync() as number) - pairwiseGini(v)) < 1e-6);
  t.dispose();
});

test('the gradient of the tensor Gini matches central finite differences', () => {
  const v = [0.3, 1.7, 0.05, 2.2, 0.9, 4.1];
  const t = tf.tensor1d(v);
  const g = tf
    .grad((x: tf.Tensor) => giniTensor(x))(t)
    .arraySync() as number[];
  const h = 1e-5;
  for (let i = 0; i < v.length; i++) {
    const up = v.slice();
    up[i] += h;
    const down = v.slice();
    down[i] -= h;
    const fd = (pairwiseGini(up) - pairwiseGini(down)) / (2 * h);
    assert.ok(Math.abs(fd - g[i]) < 1e-4, `∂G/∂v${i}: ${g[i]} vs ${fd}`);
  }
  t.dispose();
});

test('the Gini prior is −G of the batch-mean |φ|; the mixed variant adds mean |φ|', () => {
  const phi = tf.tensor2d([
    [1, -1, 0, 0],
    [-3, 1, 0, 0],
  ]);
  // Mean |φ| per feature: [2, 1, 0, 0]; Σᵢⱼ|vᵢ − vⱼ| = 14, so G = 14 / (2·16·0.75) = 7/12.
  assert.ok(
    Math.abs(
      (giniPrior()
        .penalty(phi, (x) => x)
        .arraySync() as number) +
        7 / 12,
    ) < 1e-6,
  );
  const mixed = giniPrior({ mixed: true });
  assert.equal(mixed.name, 'giniMixed');
  assert.ok(Math.abs((mixed.penalty(phi, (x) => x).arraySync() as number) - (-7 / 12 + 6 / 8)) < 1e-6);
  const before = tf.memory().numTensors;
  giniPrior()
    .penalty(phi, (x) => x)
    .dispose();
  assert.equal(tf.memory().numTensors, before);
  phi.dispose();
});

/** ∂G/∂v with the ranks of a stable ascending sort (ties in index order), in float64. */
function stableSortGradient(v: number[]): number[] {
  const n = v.length;
  const order = v.map((_, i) => i).sort((i, j) => v[i] - v[j]);
  const c = new Array<number>(n);
  order.forEach((idx, rank) => (c[idx] = 2 * rank - n + 1));
  const a = v.reduce((s, x, i) => s + c[i] * x, 0);
  const b = n * v.reduce((s, x) => s + x, 0);
  return c.map((ci) => ci / b - (a * n) / (b * b));
}

test('with ties the tensor Gini ranks as a stable sort: its value and gradient (ranks computed on the device)', () => {
  const v = [0, 0.5, 0, 2, 0.5, 0, 1, 2];
  const t = tf.tensor1d(v);
  assert.ok(Math.abs((giniTensor(t).arraySync() as number) - pairwiseGini(v)) < 1e-6);
  const g = tf
    .grad((x: tf.Tensor) => giniTensor(x))(t)
    .arraySync() as number[];
  const want = stableSortGradient(v);
  for (let i = 0; i < v.length; i++) assert.ok(Math.abs(g[i] - want[i]) < 1e-6, `∂G/∂v${i}: ${g[i]} vs ${want[i]}`);
  // All zero: 0, not NaN.
  const z = tf.zeros([5]);
  assert.equal(giniTensor(z).arraySync(), 0);
  tf.dispose([t, z]);
});

test('a vector longer than 4096 (ranked in JavaScript) gives the same Gini and gradient formula', () => {
  const n = 5000;
  const v = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 100);
  const t = tf.tensor1d(v);
  assert.ok(Math.abs((giniTensor(t).arraySync() as number) - gini(v)) < 1e-5);
  const g = tf
    .grad((x: tf.Tensor) => giniTensor(x))(t)
    .dataSync();
  const want = stableSortGradient(v);
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(g[i] - want[i]));
  assert.ok(worst < 1e-7, `largest gradient difference ${worst}`);
  t.dispose();
});
