import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { kernelShap } from '../../../explain/attribution/kernelShap';
import { exactShapley } from '../../../explain/attribution/exactShapley';
import { blackBox } from '../../../explain/internal/blackBox';
import { LIN_W, assertClose, linear3, linearModel, noLeak, productModel, rejectsWith, rows, softplusMlp } from './fixtures';
import { quietReady } from '../support';

quietReady();

test('closed form: linear model gives w ⊙ (x − E[x′]) exactly by enumeration and to 1e-4 when sampled', async () => {
  const x = [
    [1, -2, 0.5, 4],
    [0.3, 0.1, -1, 2],
  ];
  const bg = [
    [0.5, 0, 1, -1],
    [1.5, 2, -1, 0],
    [0, 0, 0, 1],
  ];
  const mean = [0, 1, 2, 3].map((j) => bg.reduce((s, r) => s + r[j], 0) / bg.length);
  const exact = await noLeak(() => kernelShap(linearModel, x, { baseline: bg }));
  x.forEach((xi, i) =>
    assertClose(
      exact.attributions[i],
      LIN_W.map((w, j) => w * (xi[j] - mean[j])),
      1e-4,
    ),
  );
  assert.equal(exact.diagnostics.standardError, undefined);
  // 4 features but only 6 coalitions: sampled with pairs, still exact on a linear model.
  const sampled = await kernelShap(linearModel, x, { baseline: bg, numSamples: 6, seed: 3 });
  x.forEach((xi, i) =>
    assertClose(
      sampled.attributions[i],
      LIN_W.map((w, j) => w * (xi[j] - mean[j])),
      1e-4,
    ),
  );
  assertClose(sampled.diagnostics.completenessGap, [0, 0], 1e-4);
});

test('agrees with exact Shapley values on a nonlinear model: exact by enumeration, within a few SE when sampled', async () => {
  const model = softplusMlp(10, 8, 1, 3);
  const x = rows(2, 10, 5);
  const bg = rows(4, 10, 9);
  const ref = await exactShapley(model, x, { baseline: bg });
  const enumd = await kernelShap(model, x, { baseline: bg, numSamples: 1022 });
  for (let i = 0; i < 2; i++) assertClose(enumd.attributions[i], ref.attributions[i], 2e-5);
  const s = await noLeak(() => kernelShap(model, x, { baseline: bg, numSamples: 600, seed: 1 }));
  const se = s.diagnostics.standardError as number[][];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 10; j++) {
      assert.ok(
        Math.abs(s.attributions[i][j] - ref.attributions[i][j]) <= 5 * se[i][j] + 1e-4,
        `[${i}][${j}] ${s.attributions[i][j]} vs ${ref.attributions[i][j]} (SE ${se[i][j]})`,
      );
    }
  }
  assertClose(s.diagnostics.completenessGap, [0, 0], 1e-4);
  // The same seed gives the same numbers; a batch size never changes them.
  const again = await kernelShap(model, x, { baseline: bg, numSamples: 600, seed: 1, batchSize: 7 });
  for (let i = 0; i < 2; i++) assertClose(again.attributions[i], s.attributions[i], 1e-6);
});

test('x1·x2 at (2, 3) gives (3, 3); groups share their value; every output explained', async () => {
  const r = await kernelShap(productModel, [[2, 3]]);
  assertClose(r.attributions[0], [3, 3], 1e-5);
  const g = await kernelShap(linearModel, [[1, 2, 3, 4]], { featureMask: [0, 0, 1, 1] });
  const a = LIN_W[0] * 1 + LIN_W[1] * 2;
  const b = LIN_W[2] * 3 + LIN_W[3] * 4;
  assertClose(g.attributions[0], [a / 2, a / 2, b / 2, b / 2], 1e-5);
  const m = await kernelShap(linear3, [[1, 2, 3, 4]]);
  assert.deepEqual(m.shape, [1, 3, 4]);
  assertClose(
    m.attributions[0].slice(4, 8),
    LIN_W.map((w, j) => 2 * w * (j + 1)),
    1e-4,
  );
});

test('black boxes: an async function and a tagged one agree with the tfjs model', async () => {
  const x = [[1, -2, 0.5, 4]];
  const f = async (rowsIn: number[][]) => rowsIn.map((row) => [row.reduce((s, v, j) => s + v * LIN_W[j], 0.25)]);
  const r = await noLeak(() => kernelShap(f, x));
  assertClose(
    r.attributions[0],
    LIN_W.map((w, j) => w * x[0][j]),
    1e-4,
  );
  const t = await kernelShap(
    blackBox((rr) => f(rr)),
    x,
    { numSamples: 10, seed: 2 },
  );
  assertClose(
    t.attributions[0],
    LIN_W.map((w, j) => w * x[0][j]),
    1e-4,
  );
});

test('bad black boxes and bad arguments are named', async () => {
  await rejectsWith(
    () =>
      kernelShap(
        async () => [[1]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    "Argument 'model' passed to 'kernelShap' must be a black box resolving to an array of 2 rows (arrays of numbers), but got an array of length 1.",
  );
  await rejectsWith(
    () => kernelShap(async (r: number[][]) => r.map(() => [NaN]), [[1, 2]]),
    "Argument 'model' passed to 'kernelShap' must be a black box returning finite numbers, but got NaN at row 0, output 0.",
  );
  let calls = 0;
  const shifting = async (r: number[][]) => r.map(() => (calls++ === 0 ? [1] : [1, 2]));
  await rejectsWith(
    () => kernelShap(shifting, [[1, 2]]),
    "Argument 'model' passed to 'kernelShap' must be a black box returning rows of 1 numbers (one per output), but row 0 is an array of length 2.",
  );
  await rejectsWith(
    () => kernelShap(linearModel, [[1, 2, 3, 4]], { numSamples: 0 }),
    "Argument 'numSamples' passed to 'kernelShap' must be an integer >= 1, but got 0.",
  );
  await rejectsWith(
    () => kernelShap(linearModel, [[1, 2, 3, 4]], { featureMask: [0, 1] }),
    "Argument 'featureMask' passed to 'kernelShap' must give one non-negative integer group id per feature (4), but got 2 ids.",
  );
  await rejectsWith(
    () => kernelShap(linearModel, [[1, 2, 3, 4]], { featureMask: [0, 1, -1, 2] }),
    "Argument 'featureMask' passed to 'kernelShap' must give one non-negative integer group id per feature (4), but got the id -1.",
  );
  const notTensor = ((z: tf.Tensor) => Promise.resolve(z)) as unknown as (z: tf.Tensor) => tf.Tensor;
  await rejectsWith(
    () => kernelShap(notTensor, [[1, 2]]),
    "Argument 'model' passed to 'kernelShap' must return a tensor (a tfjs model or function of a tensor) or be wrapped with blackBox(...) when it is an async function of rows, but it returned a Promise.",
  );
});
