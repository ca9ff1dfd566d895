import test from 'node:test';
import assert from 'node:assert/strict';
import { exactShapley } from '../../../explain/attribution/exactShapley';
import { shapleySampling } from '../../../explain/attribution/shapleySampling';
import { LIN_W, assertClose, linearModel, noLeak, productModel, rejectsWith, squareProductModel } from './fixtures';
import { quietReady } from '../support';

quietReady();

test('SPEC: x1·x2 at (2, 3) is (3, 3); x1²·x2 is (1/2, 1/2)·f', async () => {
  const r = await noLeak(() => exactShapley(productModel, [[2, 3]]));
  assertClose(r.attributions[0], [3, 3], 1e-6);
  assertClose(r.diagnostics.completenessGap, [0], 1e-6);
  const q = await exactShapley(squareProductModel, [[2, 3]]);
  assertClose(q.attributions[0], [6, 6], 1e-5);
});

test('closed form: linear model gives w ⊙ (x − E[x′]); zero baseline w ⊙ x', async () => {
  const x = [[1, -2, 0.5, 4]];
  const r = await exactShapley(linearModel, x);
  assertClose(
    r.attributions[0],
    LIN_W.map((w, j) => w * x[0][j]),
    1e-5,
  );
  const bg = [
    [1, 1, 1, 1],
    [3, -1, 0, 1],
  ];
  const b = await exactShapley(linearModel, x, { baseline: bg });
  assertClose(
    b.attributions[0],
    LIN_W.map((w, j) => w * (x[0][j] - (bg[0][j] + bg[1][j]) / 2)),
    1e-5,
  );
  assertClose(b.diagnostics.outputAtBaseline, [(linear(bg[0]) + linear(bg[1])) / 2], 1e-5);
});

function linear(r: number[]): number {
  return r.reduce((s, v, j) => s + v * LIN_W[j], 0.25);
}

test('agrees with Shapley sampling as the permutations grow; black boxes work', async () => {
  const f = async (rows: number[][]) => rows.map((r) => [Math.max(r[0], r[1]) * r[2] - r[1] * r[1]]);
  const x = [[1, 2, -1]];
  const r = await exactShapley(f, x);
  const tensorF = (t: import('@tensorflow/tfjs').Tensor) =>
    t
      .slice([0, 0], [-1, 1])
      .maximum(t.slice([0, 1], [-1, 1]))
      .mul(t.slice([0, 2], [-1, 1]))
      .sub(t.slice([0, 1], [-1, 1]).square());
  const s = await shapleySampling(tensorF, x, { samples: 3000, seed: 1 });
  assertClose(s.attributions[0], r.attributions[0], 0.1);
  const t = await exactShapley(tensorF, x);
  assertClose(t.attributions[0], r.attributions[0], 1e-5);
});

test('too many features for enumeration names the limit', async () => {
  const wide = [Array.from({ length: 13 }, (_, j) => j)];
  const sum = async (rows: number[][]) => rows.map((r) => [r.reduce((a, b) => a + b, 0)]);
  await rejectsWith(
    () => exactShapley(sum, wide),
    "Argument 'inputs' passed to 'exactShapley' must have at most maxFeatures = 12 features or feature groups for exact enumeration of all 2^d coalitions, but got 13; group features with 'featureMask', raise 'maxFeatures' (each one more doubles the cost) or use kernelShap.",
  );
  const wider = [Array.from({ length: 25 }, (_, j) => j)];
  await rejectsWith(
    () => exactShapley(sum, wider, { maxFeatures: 40 }),
    "Argument 'inputs' passed to 'exactShapley' must have at most maxFeatures = 24 features or feature groups for exact enumeration of all 2^d coalitions, but got 25; group features with 'featureMask', raise 'maxFeatures' (each one more doubles the cost) or use kernelShap.",
  );
  const raised = await exactShapley(sum, wide, { maxFeatures: 13 });
  assertClose(raised.attributions[0], wide[0], 1e-4);
  const grouped = await exactShapley(sum, wide, { featureMask: wide[0].map((j) => j % 3) });
  assert.equal(
    grouped.attributions[0].reduce((a, b) => a + b, 0),
    78,
  );
  await rejectsWith(
    () => exactShapley(sum, wide, { maxFeatures: 0 }),
    "Argument 'maxFeatures' passed to 'exactShapley' must be an integer >= 1, but got 0.",
  );
});
