import test from 'node:test';
import assert from 'node:assert/strict';
import { deletionCurve, trapezoidArea } from '../../../explain/evaluation/deletionCurve';
import { additiveModel, assertClose, noLeak, rejectsWith } from './fixtures';

// f = Σ wⱼxⱼ at one input: contributions cⱼ = wⱼxⱼ, deleted to a zero baseline.
const W = [3, -1, 2, 0.5, -2, 1];
const x = [[1, 2, 0.5, 4, -1, -3]];
const c = x[0].map((v, j) => W[j] * v); // [3, -2, 1, 2, 2, -3]
const F = c.reduce((a, b) => a + b, 0);

test('deletion AUC of the perfect ranking on an additive model beats a random ranking by the closed-form amount', async () => {
  const d = c.length;
  const r = await noLeak(() => deletionCurve(additiveModel(W), x, [c], { steps: d }));
  // Removing features in decreasing contribution: y_k = F − (sum of the k largest cⱼ).
  const sorted = [...c].sort((a, b) => b - a);
  const y = [F];
  for (let k = 0; k < d; k++) y.push(y[k] - sorted[k]);
  assertClose(r.curves[0], y, 1e-5);
  const perfect = (y.reduce((a, b) => a + b, 0) - (y[0] + y[d]) / 2) / d;
  assert.ok(Math.abs(r.perRow[0] - perfect) < 1e-5);
  // A random order removes (k/d) of F in expectation: E[y_k] = F(1 − k/d), so E[AUC] = F/2.
  const expectedGap = F / 2 - perfect;
  let sum = 0;
  let sumSq = 0;
  const R = 400;
  for (let s = 0; s < R; s++) {
    const rr = await deletionCurve(additiveModel(W), x, [c], { steps: d, order: 'random', seed: s });
    sum += rr.perRow[0];
    sumSq += rr.perRow[0] ** 2;
  }
  const mean = sum / R;
  const se = Math.sqrt((sumSq / R - mean * mean) / (R - 1));
  assert.ok(Math.abs(mean - F / 2) < 4 * se, `random AUC ${mean} ± ${se} vs ${F / 2}`);
  assert.ok(Math.abs(mean - r.perRow[0] - expectedGap) < 4 * se, `gap ${mean - r.perRow[0]} vs ${expectedGap}`);
  assert.ok(expectedGap > 0);
});

test('steps subsample the curve; fractions run 0 … 1; absolute order; baselines; images lose whole pixels', async () => {
  const r = await deletionCurve(additiveModel(W), x, [c], { steps: 3 });
  assert.deepEqual(r.fractions, [0, 1 / 3, 2 / 3, 1]);
  assert.equal(r.curves[0].length, 4);
  assertClose([r.curves[0][3]], [0], 1e-6);
  const a = await deletionCurve(additiveModel(W), x, [c], { steps: 6, order: 'absolute', baseline: 1 });
  // Everything at the baseline 1: f = Σ w.
  assertClose([a.curves[0][6]], [W.reduce((p, q) => p + q, 0)], 1e-5);
  // [1, 2, 1, 3] images: the three channels of a pixel go together, ranked by their sum.
  const img = [[[[1, 1, 1]], [[2, 2, 2]]]];
  const sum = (t: import('@tensorflow/tfjs').Tensor) => t.sum([1, 2, 3]);
  const im = await noLeak(() => deletionCurve(sum, img, [[[[0, 0, 5]], [[1, 1, 1]]]], { steps: 2 }));
  assertClose(im.curves[0], [9, 6, 0], 1e-6);
  assert.equal(trapezoidArea([0, 0.5, 1], [1, 1, 0]), 0.75);
});

test("blur replacement of images: deleting everything gives the blurred image's output", async () => {
  const img = [Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i === 2 && j === 2 ? 25 : 0)))];
  const total = (t: import('@tensorflow/tfjs').Tensor) => t.sum([1, 2]);
  const r = await noLeak(() => deletionCurve(total, img, img, { steps: 1, replacement: 'blur', blurSigma: 1 }));
  // A normalised blur with clamped edges keeps most of the mass of a centred spike.
  assert.equal(r.curves[0][0], 25);
  assert.ok(r.curves[0][1] > 20 && r.curves[0][1] <= 25.0001, String(r.curves[0][1]));
});

test('deletionCurve errors: k (steps) out of range, attributions of the wrong shape, blur of tabular rows', async () => {
  await rejectsWith(
    () => deletionCurve(additiveModel(W), x, [c], { steps: 7 }),
    "Argument 'steps' passed to 'deletionCurve' must be an integer in [1, 6], but got 7.",
  );
  await rejectsWith(
    () => deletionCurve(additiveModel(W), x, [c], { steps: 0 }),
    "Argument 'steps' passed to 'deletionCurve' must be an integer >= 1, but got 0.",
  );
  await rejectsWith(
    () => deletionCurve(additiveModel(W), x, [[1, 2]], {}),
    "Argument 'attributions' passed to 'deletionCurve' must have shape [1, 6] like the inputs, but got [1, 2].",
  );
  await rejectsWith(
    () => deletionCurve(additiveModel(W), x, [c], { steps: 2, replacement: 'blur' }),
    "Argument 'inputs' passed to 'deletionCurve' must be images of feature shape [height, width] or [height, width, channels], but got feature shape [6].",
  );
});
