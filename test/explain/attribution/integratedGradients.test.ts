import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { integratedGradients, isIntegrationRule } from '../../../explain/attribution/integratedGradients';
import { CancelledError } from '../../../explain/progress';
import {
  LIN_W,
  assertClose,
  assertClose2,
  linear3,
  linearModel,
  noLeak,
  productModel,
  rejectsWith,
  rows,
  softplusMlp,
  specRelu,
  squareProductModel,
} from './fixtures';

test('SPEC: ReLU network at (3, 1) gives (1.5, -0.5); at (-10, -5) all zero', async () => {
  const r = await noLeak(() =>
    integratedGradients(specRelu, [
      [3, 1],
      [-10, -5],
    ]),
  );
  assertClose2(
    r.attributions,
    [
      [1.5, -0.5],
      [0, 0],
    ],
    1e-4,
  );
  assert.deepEqual(r.shape, [2, 2]);
});

test('SPEC: linear model gives w ⊙ (x − x′) for every rule and baseline form', async () => {
  const x = rows(3, 4);
  const b = rows(3, 4, 99);
  for (const rule of ['grid', 'trapezoid', 'gaussLegendre'] as const) {
    const shared = await integratedGradients(linearModel, x, { baseline: b[0], rule, numSamples: 5 });
    assertClose2(
      shared.attributions,
      x.map((r) => r.map((v, j) => LIN_W[j] * (v - b[0][j]))),
      1e-4,
      rule,
    );
    const per = await integratedGradients(linearModel, x, { baseline: b, rule, numSamples: 3 });
    assertClose2(
      per.attributions,
      x.map((r, i) => r.map((v, j) => LIN_W[j] * (v - b[i][j]))),
      1e-4,
      rule,
    );
  }
});

test('SPEC: f = x1·x2 at (2, 3) gives (3, 3); f = x1²·x2 gives (2/3, 1/3)·f', async () => {
  const p = await integratedGradients(productModel, [[2, 3]]);
  assertClose(p.attributions[0], [3, 3], 1e-4);
  const q = await integratedGradients(squareProductModel, [[2, 3]], { rule: 'gaussLegendre', numSamples: 4 });
  assertClose(q.attributions[0], [(2 / 3) * 12, (1 / 3) * 12], 1e-4);
});

test('completeness: the gap shrinks with samples; Gauss–Legendre reaches 1e-4 with far fewer points', async () => {
  const model = softplusMlp(6, 16, 1, 3);
  const x = rows(4, 6).map((r) => r.map((v) => 3 * v));
  const maxGap = async (rule: 'grid' | 'gaussLegendre', n: number) =>
    Math.max(...(await integratedGradients(model, x, { rule, numSamples: n })).diagnostics.completenessGap.map(Math.abs));
  const g8 = await maxGap('grid', 8);
  const g64 = await maxGap('grid', 64);
  const gl8 = await maxGap('gaussLegendre', 8);
  assert.ok(g64 < g8 / 4, `grid gap ${g8} -> ${g64}`);
  assert.ok(gl8 < 1e-4, `Gauss–Legendre with 8 points: ${gl8}`);
  assert.ok(g64 > 1e-3, `grid with 64 points still ${g64}`);
  model.dispose();
});

test('results do not depend on batchSize', async () => {
  const model = softplusMlp(5, 8, 1);
  const x = rows(3, 5);
  const a = await integratedGradients(model, x, { numSamples: 10 });
  for (const batchSize of [1, 4, 10, 13]) {
    const b = await noLeak(() => integratedGradients(model, x, { numSamples: 10, batchSize }));
    assertClose2(b.attributions, a.attributions, 1e-5, `batchSize ${batchSize}`);
  }
  model.dispose();
});

test('output selection: linear in weights, per-row indices, all outputs', async () => {
  const model = softplusMlp(4, 8, 3);
  const x = rows(2, 4);
  const all = await noLeak(() => integratedGradients(model, x, { numSamples: 8 }));
  assert.deepEqual(all.shape, [2, 3, 4]);
  assert.equal(all.outputs, 3);
  const per = [0, 1, 2].map((k) => all.attributions.map((r) => r.slice(k * 4, (k + 1) * 4)));
  const w = [0.5, -2, 1.25];
  const weighted = await noLeak(() => integratedGradients(model, x, { numSamples: 8, output: { weights: w } }));
  assertClose2(
    weighted.attributions,
    x.map((_, i) => [0, 1, 2, 3].map((j) => w.reduce((s, wk, k) => s + wk * per[k][i][j], 0))),
    1e-4,
  );
  const rowSel = await noLeak(() => integratedGradients(model, x, { numSamples: 8, output: [2, 0] }));
  assertClose2(rowSel.attributions, [per[2][0], per[0][1]], 1e-5);
  const one = await integratedGradients(model, x, { numSamples: 8, output: 1 });
  assertClose2(one.attributions, per[1], 1e-5);
  assert.equal(all.diagnostics.completenessGap.length, 6);
  model.dispose();
});

test('a LayersModel with [N, 1] output is single-output; toText shows a table', async () => {
  const model = softplusMlp(3, 4, 1);
  const r = await integratedGradients(model, tf.tensor2d(rows(2, 3)), { numSamples: 4 });
  assert.equal(r.outputs, null);
  assert.match(r.toText(), /^integratedGradients: attributions of shape \[2, 3\]/);
  assert.match(r.toText(), /gap/);
  model.dispose();
});

test('bad arguments give exact messages and leak nothing', async () => {
  await rejectsWith(
    () => integratedGradients(linearModel, [[1, 2, 3, 4]], { baseline: [1, 2] }),
    "Argument 'baseline' passed to 'integratedGradients' must have 4 features, but got 2.",
  );
  await rejectsWith(
    () => integratedGradients(linearModel, [[1, 2, 3, 4]], { numSamples: 0 }),
    "Argument 'numSamples' passed to 'integratedGradients' must be an integer >= 1, but got 0.",
  );
  await rejectsWith(
    () => integratedGradients(linearModel, [[1, 2, 3, 4]], { numSamples: 2.5 }),
    "Argument 'numSamples' passed to 'integratedGradients' must be an integer >= 1, but got 2.5.",
  );
  await rejectsWith(
    () => integratedGradients(linearModel, [[1, NaN, 3, 4]]),
    "Argument 'inputs' passed to 'integratedGradients' must contain only finite numbers, but got NaN at position [0, 1].",
  );
  await rejectsWith(
    () => integratedGradients(linearModel, [[1, 2, 3, 4]], { baseline: [[0, 0, Infinity, 0]] }),
    "Argument 'baseline' passed to 'integratedGradients' must contain only finite numbers, but got Infinity at position [0, 2].",
  );
  const ints = tf.tensor2d([[1, 2, 3, 4]], [1, 4], 'int32');
  await rejectsWith(
    () => integratedGradients(linearModel, ints),
    "Argument 'inputs' passed to 'integratedGradients' must be a float32 tensor, but got a int32 tensor.",
  );
  ints.dispose();
  const empty = tf.zeros([0, 4]);
  await rejectsWith(
    () => integratedGradients(linearModel, empty),
    "Argument 'inputs' passed to 'integratedGradients' must hold at least one row, but got shape [0, 4].",
  );
  empty.dispose();
  await rejectsWith(
    () => integratedGradients(linearModel, [[1, 2, 3, 4]], { output: 0 }),
    "Argument 'output' passed to 'integratedGradients' must be omitted for a single-output model, but got 0.",
  );
  await rejectsWith(
    () => integratedGradients(linear3, [[1, 2, 3, 4]], { output: 3 }),
    "Argument 'output' passed to 'integratedGradients' must be an integer output index in [0, 2], but got 3.",
  );
  await rejectsWith(
    () => integratedGradients(linear3, [[1, 2, 3, 4]], { output: { weights: [1, 2] } }),
    "Argument 'output' passed to 'integratedGradients' must have 3 weights (one per output), but got 2.",
  );
  await rejectsWith(
    () => integratedGradients(linearModel, rows(3, 4), { baseline: rows(2, 4) }),
    "Argument 'baseline' passed to 'integratedGradients' must have 1 row or 3 rows (one per input), but got 2.",
  );
  const constant = (x: tf.Tensor) => tf.ones([x.shape[0], 1]);
  await rejectsWith(
    () => integratedGradients(constant, [[1, 2]]),
    "Argument 'model' passed to 'integratedGradients' must have an output that depends on its input, but got a model whose output does not (no gradient path from input to output).",
  );
  await rejectsWith(
    () => integratedGradients(linearModel, [[1, 2, 3, 4]], { rule: 'simpson' as 'grid' }),
    "Argument 'rule' passed to 'integratedGradients' must be one of 'grid', 'trapezoid', 'gaussLegendre', but got \"simpson\".",
  );
  assert.ok(isIntegrationRule('gaussLegendre') && !isIntegrationRule('simpson'));
});

test('progress is reported per chunk and an aborted signal cancels', async () => {
  const events: number[] = [];
  await integratedGradients(linearModel, rows(4, 4), { numSamples: 10, batchSize: 20, onProgress: (e) => events.push(e.done) });
  assert.deepEqual(events, [1, 2]);
  const ac = new AbortController();
  await noLeak(() =>
    assert.rejects(
      integratedGradients(linearModel, rows(4, 4), {
        numSamples: 10,
        batchSize: 10,
        signal: ac.signal,
        onProgress: () => ac.abort(),
      }),
      CancelledError,
    ),
  );
});
