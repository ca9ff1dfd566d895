import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { removeAndRetrain, type FitFunction } from '../../../explain/evaluation/removeAndRetrain';
import { lcg, noLeak, rejectsWith } from './fixtures';

const D = 8;
const V = [1, 1, 1, 1, 0, 0, 0, 0];

function gaussianRows(n: number, seed: number): number[][] {
  const r = lcg(seed);
  const normal = () => {
    const u = (r() + 1) / 2 || 1e-12;
    const v = (r() + 1) / 2;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return Array.from({ length: n }, () => Array.from({ length: D }, normal));
}
const label = (row: number[]) => (row.reduce((a, v, j) => a + v * V[j], 0) > 0 ? 1 : 0);

/** Ridge least squares on ±1 targets: a deterministic retraining, so the test measures only the ranking. */
const fitRidge: FitFunction = (x, y) => {
  const xs = x.arraySync() as number[][];
  const d = xs[0].length + 1;
  const a = Array.from({ length: d }, () => new Float64Array(d));
  const b = new Float64Array(d);
  xs.forEach((row, i) => {
    const z = [...row, 1];
    const t = y[i] === 1 ? 1 : -1;
    for (let p = 0; p < d; p++) {
      b[p] += z[p] * t;
      for (let q = 0; q < d; q++) a[p][q] += z[p] * z[q];
    }
  });
  for (let p = 0; p < d; p++) a[p][p] += 1e-3;
  // Gaussian elimination.
  for (let p = 0; p < d; p++) {
    for (let r = p + 1; r < d; r++) {
      const f = a[r][p] / a[p][p];
      for (let q = p; q < d; q++) a[r][q] -= f * a[p][q];
      b[r] -= f * b[p];
    }
  }
  const beta = new Float64Array(d);
  for (let p = d - 1; p >= 0; p--) {
    let s = b[p];
    for (let q = p + 1; q < d; q++) s -= a[p][q] * beta[q];
    beta[p] = s / a[p][p];
  }
  return (t: tf.Tensor) => tf.tidy(() => t.matMul(tf.tensor2d(Array.from(beta.subarray(0, d - 1)), [d - 1, 1])).add(beta[d - 1]));
};

const xTrain = gaussianRows(600, 11);
const xTest = gaussianRows(2000, 12);
const data = { xTrain, yTrain: xTrain.map(label), xTest, yTest: xTest.map(label) };
const contributions = (rows: number[][]) => rows.map((r) => r.map((v, j) => v * V[j]));
const noise = (rows: number[][], seed: number) => {
  const r = lcg(seed);
  return rows.map((row) => row.map(() => r()));
};

test('ROAR with a random ranking matches the random control; the true ranking falls faster', async () => {
  const fractions = [0, 0.25, 0.5, 0.75];
  const res = await noLeak(() =>
    removeAndRetrain(
      data,
      {
        truth: { train: contributions(xTrain), test: contributions(xTest) },
        shuffled: { train: noise(xTrain, 3), test: noise(xTest, 4) },
      },
      { fit: fitRidge, fractions },
    ),
  );
  assert.deepEqual(
    res.curves.map((c) => c.method),
    ['truth', 'shuffled', 'random'],
  );
  const [truth, shuffled, control] = res.curves;
  // k = 0 removes nothing: every ranking retrains on the same data.
  assert.equal(truth.score[0], control.score[0]);
  assert.ok(control.score[0] > 0.95);
  // Two independent random rankings differ only by sampling: SE of a difference of two test
  // accuracies on 2,000 rows is about 0.016.
  shuffled.score.forEach((s, i) =>
    assert.ok(Math.abs(s - control.score[i]) < 0.05, `k=${fractions[i]}: ${s} vs control ${control.score[i]}`),
  );
  // Removing the 4 informative features of 8 leaves chance; random removal leaves some.
  assert.ok(Math.abs(truth.score[2] - 0.5) < 0.05, `truth at 50%: ${truth.score[2]}`);
  assert.ok(control.score[2] > truth.score[2] + 0.15, `control ${control.score[2]} vs truth ${truth.score[2]}`);
  assert.match(res.toText(), /k=50%/);
});

test('repeats give a standard error; removeAndRetrain errors: k out of range, ranking shapes, labels', async () => {
  let calls = 0;
  const fit: FitFunction = (x, y, seed) => {
    calls++;
    assert.equal(typeof seed, 'number');
    return fitRidge(x, y, seed);
  };
  const small = {
    xTrain: xTrain.slice(0, 50),
    yTrain: data.yTrain.slice(0, 50),
    xTest: xTest.slice(0, 50),
    yTest: data.yTest.slice(0, 50),
  };
  const r = await removeAndRetrain(small, {}, { fit, fractions: [0, 0.5], repeats: 2 });
  assert.equal(calls, 4);
  assert.deepEqual(r.curves[0].standardError, [0, 0]);
  await rejectsWith(
    () => removeAndRetrain(small, {}, { fit, fractions: [0, 1.5] }),
    "Argument 'fractions' passed to 'removeAndRetrain' must be a fraction in [0, 1] (k as a share of the features), but got 1.5.",
  );
  await rejectsWith(
    () => removeAndRetrain(small, {}, { fit, fractions: [-0.1] }),
    "Argument 'fractions' passed to 'removeAndRetrain' must be a fraction in [0, 1] (k as a share of the features), but got -0.1.",
  );
  await rejectsWith(
    () => removeAndRetrain(small, { ig: { train: [[1, 2]], test: small.xTest } }, { fit }),
    "Argument 'rankings' passed to 'removeAndRetrain' must give method 'ig' train attributions of shape [50, 8], but got [1, 2].",
  );
  await rejectsWith(
    () => removeAndRetrain({ ...small, yTest: [1] }, {}, { fit }),
    "Argument 'data.yTest' passed to 'removeAndRetrain' must have 50 labels (one per row), but got 1.",
  );
  await rejectsWith(
    () => removeAndRetrain(small, {}, { fit: undefined as never }),
    "Argument 'fit' passed to 'removeAndRetrain' must be a function (x, y, seed) => model, but got undefined.",
  );
});
