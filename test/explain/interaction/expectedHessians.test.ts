import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { expectedGradients } from '../../../explain/attribution/expectedGradients';
import { expectedHessians } from '../../../explain/interaction/expectedHessians';
import { piecewiseLinearPart, piecewiseLinearWarning, zeroHessianWarning } from '../../../explain/interaction/hessianWarning';
import { uniformSampler2d } from '../../../explain/internal/samplers';
import { CancelledError } from '../../../explain/progress';
import { LIN_W, assertClose, assertClose2, lcg, linearModel, maxDiff, mlp, noLeak, rejectsWith, rows } from './fixtures';

const FN = 'expectedHessians';

test('SPEC: linear model gives diag(φ) with φ = w ⊙ (x − mean of the drawn references) and a zero off-diagonal', async () => {
  const x = rows(3, 4);
  const bg = rows(10, 4, 5);
  const n = 40;
  const r = await noLeak(() => expectedHessians(linearModel, x, { baseline: bg, numSamples: n, seed: 3 }));
  const draws = uniformSampler2d(n, 3).draw(3, { kind: 'distribution', rows: 10 });
  assert.deepEqual(r.shape, [3, 4, 4]);
  for (let i = 0; i < 3; i++) {
    const expected = new Array(16).fill(0);
    for (let j = 0; j < 4; j++) {
      let mean = 0;
      for (let p = i * n; p < (i + 1) * n; p++) mean += bg[draws.refs[p]][j] / n;
      expected[j * 4 + j] = LIN_W[j] * (x[i][j] - mean);
    }
    assertClose(r.interactions[i], expected, 1e-5, `input ${i}`);
  }
  assertClose(r.diagnostics.totalGap, [0, 0, 0], 1e-5);
  // A linear model has no second derivatives: the result says so.
  assert.deepEqual(r.warnings, [zeroHessianWarning(FN)]);
});

test('softplus MLP: symmetric, rows sum to Expected Gradients of the same draws, total is Δf, within standard errors', async () => {
  const model = mlp([6, 16, 8, 1]);
  const x = rows(4, 6, 11).map((r) => r.map((v) => 2 * v));
  const bg = rows(20, 6, 3);
  const opts = { baseline: bg, numSamples: 300, seed: 5 };
  const r = await noLeak(() => expectedHessians(model, x, opts));
  assert.equal(r.diagnostics.hessian, 'dense');
  assert.deepEqual(r.warnings, []);
  for (const a of r.diagnostics.maxAsymmetry ?? [1]) assert.ok(a < 1e-5, `asymmetry ${a}`);
  const se = r.diagnostics.rowSumGapStandardError;
  assert.ok(se);
  r.diagnostics.rowSumGap.forEach((gaps, i) =>
    gaps.forEach((g, j) => assert.ok(Math.abs(g) <= 4 * se[i][j] + 1e-6, `row gap ${g} vs SE ${se[i][j]} at ${i},${j}`)),
  );
  const tse = r.diagnostics.totalGapStandardError;
  assert.ok(tse);
  r.diagnostics.totalGap.forEach((g, i) => assert.ok(Math.abs(g) <= 4 * tse[i] + 1e-6, `total gap ${g} vs SE ${tse[i]}`));
  // The row sums Σⱼ Γᵢⱼ themselves are φ + gap, and φ is exactly what expectedGradients draws.
  const eg = await expectedGradients(model, x, opts);
  assertClose2(r.diagnostics.attributions, eg.attributions, 1e-5);
  const sums = r.interactions.map((v) =>
    Array.from({ length: 6 }, (_, i) => v.slice(i * 6, i * 6 + 6).reduce((a, b) => a + b, 0)),
  );
  assertClose2(
    sums,
    r.diagnostics.attributions.map((p, i) => p.map((v, j) => v + r.diagnostics.rowSumGap[i][j])),
    1e-5,
  );
  // The gap is sampling noise, not bias: it is small next to the interactions themselves.
  const scale = Math.max(...r.interactions.flat().map(Math.abs));
  assert.ok(scale > 0.05, `interactions are not trivial (${scale})`);
  model.dispose();
});

test('closed-form dense Hessians equal autodiff, and neither depends on batchSize', async () => {
  const model = mlp([5, 12, 7, 1], 'tanh', 4);
  const x = rows(3, 5, 2);
  const bg = rows(9, 5, 8);
  const base = { baseline: bg, numSamples: 30, seed: 1 };
  const dense = await noLeak(() => expectedHessians(model, x, { ...base, hessian: 'dense' }));
  const auto = await noLeak(() => expectedHessians(model, x, { ...base, hessian: 'autodiff' }));
  const small = await noLeak(() => expectedHessians(model, x, { ...base, hessian: 'autodiff', batchSize: 7 }));
  const denseSmall = await noLeak(() => expectedHessians(model, x, { ...base, batchSize: 4 }));
  assert.equal(dense.diagnostics.hessian, 'dense');
  assert.equal(auto.diagnostics.hessian, 'autodiff');
  assert.ok(
    maxDiff(dense.interactions, auto.interactions) < 1e-5,
    `dense vs autodiff ${maxDiff(dense.interactions, auto.interactions)}`,
  );
  assert.ok(maxDiff(auto.interactions, small.interactions) < 1e-6);
  assert.ok(maxDiff(dense.interactions, denseSmall.interactions) < 1e-6);
  for (const a of auto.diagnostics.maxAsymmetry ?? [1]) assert.ok(a < 1e-5, `autodiff asymmetry ${a}`);
  assertClose2(dense.diagnostics.rowSumGap, auto.diagnostics.rowSumGap, 1e-5);
  model.dispose();
});

test('interactionIndex k equals row k of the full matrix (flat input; dense and autodiff)', async () => {
  const model = mlp([5, 10, 1], 'sigmoid', 9);
  const x = rows(2, 5, 4);
  const bg = rows(6, 5, 1);
  const base = { baseline: bg, numSamples: 25, seed: 2 };
  const full = await expectedHessians(model, x, base);
  for (const k of [0, 3]) {
    const row = await noLeak(() => expectedHessians(model, x, { ...base, interactionIndex: k }));
    assert.deepEqual(row.shape, [2, 5]);
    assert.equal(row.interactionIndex, k);
    assert.equal(row.diagnostics.maxAsymmetry, null);
    assertClose2(
      row.interactions,
      full.interactions.map((v) => v.slice(k * 5, k * 5 + 5)),
      1e-5,
      `row ${k}`,
    );
    // Single rows still check completeness of every row and the total, cheaply.
    assertClose2(row.diagnostics.rowSumGap, full.diagnostics.rowSumGap, 1e-5);
    assertClose(row.diagnostics.totalGap, full.diagnostics.totalGap, 1e-5);
    assert.ok(row.standardError);
  }
  model.dispose();
});

test('interactionIndex on image-shaped inputs: a multi-dimensional index equals the flat one and the full row', async () => {
  const r = lcg(3);
  const W = tf.tensor2d(
    Array.from({ length: 18 * 4 }, () => r()),
    [18, 4],
  );
  const v = tf.tensor2d(
    Array.from({ length: 4 }, () => r()),
    [4, 1],
  );
  const f = (x: tf.Tensor) => tf.tidy(() => tf.softplus(x.reshape([x.shape[0], 18]).matMul(W)).matMul(v));
  const img = tf.tensor4d(rows(2, 18, 6).flat(), [2, 3, 3, 2]);
  const bg = tf.tensor4d(rows(4, 18, 2).flat(), [4, 3, 3, 2]);
  const base = { baseline: bg, numSamples: 20, seed: 4 };
  const full = await noLeak(() => expectedHessians(f, img, base));
  assert.deepEqual(full.shape, [2, 3, 3, 2, 3, 3, 2]);
  const flat = (1 * 3 + 2) * 2 + 0;
  const byAxes = await noLeak(() => expectedHessians(f, img, { ...base, interactionIndex: [1, 2, 0] }));
  const byFlat = await expectedHessians(f, img, { ...base, interactionIndex: flat });
  assert.deepEqual(byAxes.shape, [2, 3, 3, 2]);
  assert.equal(byAxes.interactionIndex, flat);
  assertClose2(byAxes.interactions, byFlat.interactions, 0);
  assertClose2(
    byAxes.interactions,
    full.interactions.map((row) => row.slice(flat * 18, flat * 18 + 18)),
    1e-5,
  );
  const nested = byAxes.nested() as number[][][][];
  assert.equal(nested[1][2][1][1], byAxes.interactions[1][(2 * 3 + 1) * 2 + 1]);
  tf.dispose([W, v, img, bg]);
});

test('token-level interactions of an embedding model are the E×E block sums of the feature-level matrix', async () => {
  const r = lcg(8);
  const T = 3;
  const E = 2;
  const W = tf.tensor2d(
    Array.from({ length: T * E * 5 }, () => r()),
    [T * E, 5],
  );
  const v = tf.tensor2d(
    Array.from({ length: 5 }, () => r()),
    [5, 1],
  );
  const f = (x: tf.Tensor) => tf.tidy(() => tf.softplus(x.reshape([x.shape[0], T * E]).matMul(W)).matMul(v));
  const emb = tf.tensor3d(rows(2, T * E, 5).flat(), [2, T, E]);
  const base = { numSamples: 16, seed: 6 };
  const tokens = await noLeak(() => expectedHessians(f, emb, { ...base, embedding: true }));
  const features = await expectedHessians(f, emb, base);
  assert.deepEqual(tokens.shape, [2, T, T]);
  assert.deepEqual(tokens.featureShape, [T]);
  for (let i = 0; i < 2; i++) {
    const expected: number[] = [];
    for (let t = 0; t < T; t++) {
      for (let u = 0; u < T; u++) {
        let s = 0;
        for (let a = 0; a < E; a++) for (let b = 0; b < E; b++) s += features.interactions[i][(t * E + a) * T * E + u * E + b];
        expected.push(s);
      }
    }
    assertClose(tokens.interactions[i], expected, 1e-5, `input ${i}`);
    // Token attributions are the sums over E, and token rows sum to them.
    const tokPhi = Array.from(
      { length: T },
      (_, t) => features.diagnostics.attributions[i][t * E] + features.diagnostics.attributions[i][t * E + 1],
    );
    assertClose(tokens.diagnostics.attributions[i], tokPhi, 1e-5);
  }
  const row = await noLeak(() => expectedHessians(f, emb, { ...base, embedding: true, interactionIndex: 2 }));
  assertClose2(
    row.interactions,
    tokens.interactions.map((m) => m.slice(2 * T, 3 * T)),
    1e-5,
  );
  await rejectsWith(
    () => expectedHessians(f, rows(2, 6), { embedding: true }),
    "Argument 'inputs' passed to 'expectedHessians' must be embedded sequences of shape [N, T, E], but got shape [2, 6].",
  );
  tf.dispose([W, v, emb]);
});

test('output selection: index, per-row indices, weights (linear in them) and every output', async () => {
  const model = mlp([4, 8, 2], 'softplus', 12);
  const x = rows(3, 4, 9);
  const base = { baseline: rows(5, 4, 2), numSamples: 12, seed: 7 };
  const o0 = await expectedHessians(model, x, { ...base, output: 0 });
  const o1 = await expectedHessians(model, x, { ...base, output: 1 });
  const w = await noLeak(() => expectedHessians(model, x, { ...base, output: { weights: [0.3, -2] } }));
  assertClose2(
    w.interactions,
    o0.interactions.map((r, i) => r.map((v, j) => 0.3 * v - 2 * o1.interactions[i][j])),
    1e-5,
  );
  const per = await noLeak(() => expectedHessians(model, x, { ...base, output: [1, 0, 1] }));
  assertClose2(per.interactions, [o1.interactions[0], o0.interactions[1], o1.interactions[2]], 1e-6);
  const all = await noLeak(() => expectedHessians(model, x, base));
  assert.equal(all.outputs, 2);
  assert.deepEqual(all.shape, [3, 2, 4, 4]);
  assertClose2(
    all.interactions,
    [0, 1, 2].flatMap((i) => [o0.interactions[i], o1.interactions[i]]),
    1e-6,
  );
  await rejectsWith(
    () => expectedHessians(model, x, { ...base, output: 2 }),
    "Argument 'output' passed to 'expectedHessians' must be an integer output index in [0, 1], but got 2.",
  );
  model.dispose();
});

test('per-entry standard errors on request: same values, √(var/n) of the per-draw matrices', async () => {
  const model = mlp([3, 6, 1], 'softplus', 2);
  const x = rows(2, 3, 4);
  const base = { baseline: rows(4, 3, 6), numSamples: 50, seed: 9 };
  const plain = await expectedHessians(model, x, base);
  assert.equal(plain.standardError, null);
  const withSe = await noLeak(() => expectedHessians(model, x, { ...base, standardErrors: true }));
  assertClose2(withSe.interactions, plain.interactions, 1e-6);
  assert.ok(withSe.standardError);
  // The diagonal carries the gradient term, so its spread is never zero; SEs shrink like 1/√n.
  const more = await expectedHessians(model, x, { ...base, numSamples: 800, standardErrors: true });
  assert.ok(more.standardError);
  const ratio = more.standardError[0][0] / withSe.standardError[0][0];
  assert.ok(ratio > 0.12 && ratio < 0.5, `SE ratio ${ratio} for 16× the draws`);
  model.dispose();
});

test('errors: index out of range, memory budget (says to use interactionIndex), bad inputs; no leaks', async () => {
  const model = mlp([4, 6, 1]);
  const x = rows(2, 4);
  await rejectsWith(
    () => expectedHessians(model, x, { interactionIndex: 4 }),
    "Argument 'interactionIndex' passed to 'expectedHessians' must be a flat index in [0, 3] or one index per axis of feature shape [4], but got 4.",
  );
  await rejectsWith(
    () => expectedHessians(model, x, { interactionIndex: -1 }),
    "Argument 'interactionIndex' passed to 'expectedHessians' must be a flat index in [0, 3] or one index per axis of feature shape [4], but got -1.",
  );
  await rejectsWith(
    () => expectedHessians(model, x, { interactionIndex: [0, 1] }),
    "Argument 'interactionIndex' passed to 'expectedHessians' must be a flat index in [0, 3] or one index per axis of feature shape [4], but got [0, 1].",
  );
  const img = tf.zeros([1, 2, 2]);
  await rejectsWith(
    () => expectedHessians((t) => t.sum([1, 2]), img, { interactionIndex: [1, 2] }),
    "Argument 'interactionIndex' passed to 'expectedHessians' must be a flat index in [0, 3] or one index per axis of feature shape [2, 2], but got [1, 2].",
  );
  img.dispose();
  await rejectsWith(
    () => expectedHessians(model, x, { baseline: rows(3, 5) }),
    "Argument 'baseline' passed to 'expectedHessians' must have 4 features, but got 5.",
  );
  await rejectsWith(
    () => expectedHessians(model, [[1, NaN, 0, 0]]),
    "Argument 'inputs' passed to 'expectedHessians' must contain only finite numbers, but got NaN at position [0, 1].",
  );
  await rejectsWith(
    () => expectedHessians(model, x, { numSamples: 0 }),
    "Argument 'numSamples' passed to 'expectedHessians' must be an integer >= 1, but got 0.",
  );
  await rejectsWith(
    () => expectedHessians(model, x, { memoryBudgetMB: -1 }),
    "Argument 'memoryBudgetMB' passed to 'expectedHessians' must be a finite number > 0, but got -1.",
  );
  await rejectsWith(
    () => expectedHessians(model, x, { hessian: 'fast' as 'auto' }),
    "Argument 'hessian' passed to 'expectedHessians' must be one of 'auto', 'autodiff', 'dense', but got \"fast\".",
  );
  await rejectsWith(
    () => expectedHessians((t) => t.sum(1), x, { hessian: 'dense' }),
    "Argument 'model' passed to 'expectedHessians' must be a tf.Sequential of dense layers (optionally with Activation, ReLU, Dropout and Flatten layers), but got a function.",
  );
  // 40 inputs × 200 × 200 values and their standard errors: 24.4 MB, over a 16 MB budget.
  const wide = rows(40, 200, 3);
  const wideModel = (t: tf.Tensor) => tf.tidy(() => t.square().sum(1));
  await rejectsWith(
    () => expectedHessians(wideModel, wide, { memoryBudgetMB: 16 }),
    "Argument 'inputs' passed to 'expectedHessians' asks for full interaction matrices of 40 × 200 × 200 values (≈ 25 MB), more than memoryBudgetMB = 16; pass 'interactionIndex' to get one row of the matrix, or explain a smaller batch of inputs at a time.",
  );
  assert.match(
    "Argument 'inputs' passed to 'expectedHessians' asks for x (≈ 20 MB), more than memoryBudgetMB = 16; pass 'interactionIndex' to get one row of the matrix, or explain a smaller batch of inputs at a time.",
    /pass 'interactionIndex' to get one row of the matrix, or explain a smaller batch/,
  );
  // The advice works: one row fits the same budget.
  const row = await noLeak(() => expectedHessians(wideModel, wide, { memoryBudgetMB: 16, interactionIndex: 7, numSamples: 4 }));
  assert.equal(row.interactions.length, 40);
  model.dispose();
});

test('ReLU networks: a warning recommending softplus, once per model', async () => {
  const relu = mlp([3, 5, 1], 'relu', 3);
  const relu2 = mlp([3, 5, 1], 'relu', 4);
  const x = rows(2, 3);
  const saved = process.env.PATHLAB_QUIET;
  delete process.env.PATHLAB_QUIET;
  const original = console.warn;
  const seen: string[] = [];
  console.warn = (m: unknown) => void seen.push(String(m));
  try {
    const part = piecewiseLinearPart(relu);
    assert.ok(part && /relu/.test(part));
    const r1 = await noLeak(() => expectedHessians(relu, x, { numSamples: 8 }));
    assert.deepEqual(r1.warnings, [piecewiseLinearWarning(FN, part)]);
    assert.match(r1.warnings[0], /softplus/);
    await expectedHessians(relu, x, { numSamples: 8, interactionIndex: 1 });
    assert.equal(seen.length, 1, 'warned once for the first model');
    await expectedHessians(relu2, x, { numSamples: 8 });
    assert.equal(seen.length, 2, 'and once for another model');
    // A plain function: detected from the all-zero Hessian.
    const fnRelu = (t: tf.Tensor) =>
      tf.tidy(() =>
        tf
          .relu(
            t.matMul(
              tf.tensor2d([
                [1, -1],
                [2, 1],
                [-1, 1],
              ]),
            ),
          )
          .sum(1),
      );
    const r2 = await expectedHessians(fnRelu, x, { numSamples: 8 });
    assert.deepEqual(r2.warnings, [zeroHessianWarning(FN)]);
    assert.equal(seen.length, 3);
    const smooth = await expectedHessians(mlp([3, 5, 1], 'softplus', 3), x, { numSamples: 8 });
    assert.deepEqual(smooth.warnings, []);
    assert.equal(seen.length, 3);
  } finally {
    console.warn = original;
    if (saved !== undefined) process.env.PATHLAB_QUIET = saved;
  }
  relu.dispose();
  relu2.dispose();
});

test('progress is reported per pass and an abort cancels without leaking', async () => {
  const model = mlp([4, 6, 1]);
  const x = rows(3, 4);
  const events: number[] = [];
  const r = await expectedHessians(model, x, { numSamples: 10, batchSize: 5, onProgress: (e) => events.push(e.done) });
  assert.deepEqual(events, [1, 2, 3, 4, 5, 6]);
  assert.equal(r.interactions.length, 3);
  const ctl = new AbortController();
  await noLeak(() =>
    assert.rejects(
      expectedHessians(model, x, { numSamples: 10, batchSize: 5, signal: ctl.signal, onProgress: () => ctl.abort() }),
      (e: unknown) => e instanceof CancelledError,
    ),
  );
  model.dispose();
});

test('toText shows the strongest pairs and the checks', async () => {
  const r = await expectedHessians(mlp([3, 4, 1]), rows(2, 3), { numSamples: 10 });
  const text = r.toText();
  assert.match(text, /^expectedHessians: interactions, shape \[2, 3, 3\] \(numSamples=10, seed=0\), dense Hessians/);
  assert.match(text, /max \|row gap\|/);
  assert.match(text, /Γ of row 0:/);
  assert.deepEqual(r.matrix(1), [r.interactions[1].slice(0, 3), r.interactions[1].slice(3, 6), r.interactions[1].slice(6, 9)]);
});
