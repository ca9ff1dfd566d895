import test from 'node:test';
import assert from 'node:assert/strict';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { integratedHessians } from '../../../explain/interaction/integratedHessians';
import { LIN_W, assertClose, assertClose2, linearModel, mlp, noLeak, productModel, rejectsWith, rows } from './fixtures';

const FN = 'integratedHessians';

test('SPEC: f = x₁x₂ at (2, 3) from 0 gives 1.5 in every entry (grid and Gauss–Legendre)', async () => {
  for (const rule of ['grid', 'gaussLegendre'] as const) {
    const r = await noLeak(() => integratedHessians(productModel, [[2, 3]], { rule, numSamples: 16 }));
    assert.deepEqual(r.shape, [1, 2, 2]);
    assertClose(r.interactions[0], [1.5, 1.5, 1.5, 1.5], 1e-5, rule);
    // Rows sum to IG = exact Shapley = (3, 3), and the total to f(x) − f(0) = 6.
    assertClose(r.diagnostics.attributions[0], [3, 3], 1e-5);
    assertClose(r.diagnostics.totalGap, [0], 1e-5);
    assert.equal(r.standardError, null);
    assert.equal(r.diagnostics.rowSumGapStandardError, null);
  }
});

test('SPEC: linear model gives diag(w ⊙ (x − x′)) and a zero off-diagonal, shared and per-input baselines', async () => {
  const x = [
    [1, 2, 3, 4],
    [0, -1, 2, 0.5],
  ];
  const shared = await noLeak(() => integratedHessians(linearModel, x, { baseline: [1, 0, 1, 0], numSamples: 9 }));
  const diag = (v: number[]) => v.flatMap((a, i) => v.map((_, j) => (i === j ? a : 0)));
  assertClose(shared.interactions[0], diag([0, -4, 1, 12]), 1e-5);
  assertClose(shared.interactions[1], diag([-1.5, 2, 0.5, 1.5]), 1e-5);
  const per = await noLeak(() =>
    integratedHessians(linearModel, x, {
      baseline: [
        [1, 0, 1, 0],
        [0, 0, 0, 0],
      ],
      numSamples: 9,
    }),
  );
  assertClose(per.interactions[1], diag(x[1].map((v, j) => LIN_W[j] * v)), 1e-5);
  assertClose(per.diagnostics.totalGap, [0, 0], 1e-5);
});

test('softplus MLP: rows sum to Integrated Gradients on the same α nodes within the quadrature error; symmetric', async () => {
  const model = mlp([5, 12, 6, 1], 'softplus', 3);
  const x = rows(3, 5, 4).map((r) => r.map((v) => 2 * v));
  const base = rows(1, 5, 9);
  // Gauss–Legendre 12 × 12: the double integral is resolved to float precision.
  const gl = await noLeak(() => integratedHessians(model, x, { baseline: base, rule: 'gaussLegendre', numSamples: 144 }));
  const scale = Math.max(...gl.interactions.flat().map(Math.abs));
  assert.ok(scale > 0.05, `interactions are not trivial (${scale})`);
  for (const g of gl.diagnostics.rowSumGap.flat()) assert.ok(Math.abs(g) < 1e-4, `GL row gap ${g}`);
  for (const g of gl.diagnostics.totalGap) assert.ok(Math.abs(g) < 1e-4, `GL total gap ${g}`);
  for (const a of gl.diagnostics.maxAsymmetry ?? [1]) assert.ok(a < 1e-5, `asymmetry ${a}`);
  const igGl = await integratedGradients(model, x, { baseline: base, rule: 'gaussLegendre', numSamples: 12 });
  assertClose2(gl.diagnostics.attributions, igGl.attributions, 1e-5);
  // path_explain's equal-weight grid: first-order error in 1/m, shrinking as the grid grows.
  const coarse = await integratedHessians(model, x, { baseline: base, numSamples: 25 });
  const fine = await integratedHessians(model, x, { baseline: base, numSamples: 400 });
  const worst = (r: typeof coarse) => Math.max(...r.diagnostics.rowSumGap.flat().map(Math.abs));
  assert.ok(worst(fine) < worst(coarse) / 3, `grid gap ${worst(coarse)} → ${worst(fine)}`);
  assert.ok(worst(fine) < 0.05 * scale, `grid gap ${worst(fine)} vs scale ${scale}`);
  const igGrid = await integratedGradients(model, x, { baseline: base, numSamples: 20 });
  assertClose2(fine.diagnostics.attributions, igGrid.attributions, 1e-5);
  // Both rules converge to the same matrix.
  let diff = 0;
  fine.interactions.forEach((r, i) => r.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - gl.interactions[i][j])))));
  assert.ok(diff < 0.05 * scale, `grid vs GL ${diff}`);
  model.dispose();
});

test('interactionIndex equals the row of the full matrix', async () => {
  const model = mlp([4, 8, 1], 'tanh', 5);
  const x = rows(2, 4, 1);
  const full = await integratedHessians(model, x, { numSamples: 25 });
  const row = await noLeak(() => integratedHessians(model, x, { numSamples: 25, interactionIndex: [2] }));
  assert.equal(row.interactionIndex, 2);
  assertClose2(
    row.interactions,
    full.interactions.map((v) => v.slice(8, 12)),
    1e-5,
  );
  model.dispose();
});

test('errors: baseline rows, rule, index; no leaks', async () => {
  const x = rows(3, 2);
  await rejectsWith(
    () => integratedHessians(productModel, x, { baseline: rows(2, 2) }),
    "Argument 'baseline' passed to 'integratedHessians' must have 1 row or 3 rows (one per input), but got 2.",
  );
  await rejectsWith(
    () => integratedHessians(productModel, x, { rule: 'simpson' as 'grid' }),
    "Argument 'rule' passed to 'integratedHessians' must be one of 'grid', 'gaussLegendre', but got \"simpson\".",
  );
  await rejectsWith(
    () => integratedHessians(productModel, x, { interactionIndex: 2 }),
    "Argument 'interactionIndex' passed to 'integratedHessians' must be a flat index in [0, 1] or one index per axis of feature shape [2], but got 2.",
  );
  await rejectsWith(
    () => integratedHessians(productModel, [[1, 2, 3]], { baseline: [0, 0] }),
    "Argument 'baseline' passed to 'integratedHessians' must have 3 features, but got 2.",
  );
});

test('an ignored option is reported: standard errors of a deterministic rule', async () => {
  const r = await noLeak(() => integratedHessians(productModel, [[2, 3]], { numSamples: 4, standardErrors: true }));
  assert.deepEqual(r.warnings, [
    `'${FN}': option 'standardErrors' is ignored: quadrature points are not random, so there is no Monte-Carlo error.`,
  ]);
  assert.equal(r.standardError, null);
});
