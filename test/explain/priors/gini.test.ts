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

test('gini refuses negative and non-finite values, naming the first', () => {
  assert.throws(() => gini([-1, 2, 3]), {
    message: "Argument 'values' passed to 'gini' must contain only finite numbers >= 0 (magnitudes), but got -1 at index 0.",
  });
  assert.throws(() => gini([1, NaN]), {
    message: "Argument 'values' passed to 'gini' must contain only finite numbers >= 0 (magnitudes), but got NaN at index 1.",
  });
  assert.throws(() => gini([1, Infinity]), {
    message:
      "Argument 'values' passed to 'gini' must contain only finite numbers >= 0 (magnitudes), but got Infinity at index 1.",
  });
});
