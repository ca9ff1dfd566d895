import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { expectedGradients } from '../../../explain/attribution/expectedGradients';
import { uniformSampler } from '../../../explain/internal/samplers';
import { checkPathMethodMemory } from '../../../explain/internal/runPathMethod';
import { LIN_W, assertClose, assertClose2, linear3, linearModel, noLeak, rejectsWith, rows, softplusMlp } from './fixtures';

test('SPEC: linear model gives w ⊙ (x − mean of the drawn references), exactly', async () => {
  const x = rows(3, 4);
  const bg = rows(10, 4, 5);
  const n = 64;
  const r = await noLeak(() => expectedGradients(linearModel, x, { baseline: bg, numSamples: n, seed: 11 }));
  // The same draws the method makes: references first, in input-major order.
  const draws = uniformSampler(n, 11).draw(3, { kind: 'distribution', rows: 10 });
  const expected = x.map((row, i) =>
    row.map((v, j) => {
      let mean = 0;
      for (let p = i * n; p < (i + 1) * n; p++) mean += bg[draws.refs[p]][j] / n;
      return LIN_W[j] * (v - mean);
    }),
  );
  assertClose2(r.attributions, expected, 1e-4);
  assertClose(r.diagnostics.completenessGap, [0, 0, 0], 1e-4);
});

test('standard error is √(var/n) of the per-draw contributions', async () => {
  const x = [[0.3, -0.2, 0.9, 0.1]];
  const bg = rows(7, 4, 3);
  const n = 50;
  const r = await expectedGradients(linearModel, x, { baseline: bg, numSamples: n, seed: 2 });
  const draws = uniformSampler(n, 2).draw(1, { kind: 'distribution', rows: 7 });
  const se = LIN_W.map((w, j) => {
    const c = Array.from(draws.refs, (ref) => w * (x[0][j] - bg[ref][j]));
    const mean = c.reduce((a, b) => a + b, 0) / n;
    const variance = c.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    return Math.sqrt(variance / n);
  });
  assert.ok(r.diagnostics.standardError);
  assertClose(r.diagnostics.standardError[0], se, 1e-4);
});

test('completeness: the gap lies within 4 standard errors; same seed same result', async () => {
  const model = softplusMlp(6, 16, 1, 5);
  const x = rows(5, 6).map((r) => r.map((v) => 2 * v));
  const bg = rows(20, 6, 13);
  const r = await noLeak(() => expectedGradients(model, x, { baseline: bg, numSamples: 300, seed: 1 }));
  const se = r.diagnostics.completenessStandardError;
  assert.ok(se && se.length === 5);
  r.diagnostics.completenessGap.forEach((g, i) => {
    assert.ok(se[i] > 0);
    assert.ok(Math.abs(g) <= 4 * se[i], `row ${i}: gap ${g}, SE ${se[i]}`);
  });
  const again = await expectedGradients(model, x, { baseline: bg, numSamples: 300, seed: 1 });
  assert.deepEqual(again.attributions, r.attributions);
  const other = await expectedGradients(model, x, { baseline: bg, numSamples: 300, seed: 2 });
  assert.notDeepEqual(other.attributions, r.attributions);
  // Independent of batchSize (same draws, other passes).
  const chunked = await noLeak(() => expectedGradients(model, x, { baseline: bg, numSamples: 300, seed: 1, batchSize: 128 }));
  assertClose2(chunked.attributions, r.attributions, 1e-5);
  model.dispose();
});

test('one background row: EG of a linear model is w ⊙ (x − x′) exactly', async () => {
  const r = await expectedGradients(linearModel, [[1, 2, 3, 4]], { baseline: [1, 1, 1, 1], numSamples: 3 });
  assertClose(r.attributions[0], [0, -2, 1, 9], 1e-5);
});

test('linear in output weights; all outputs with shape [N, K, d]', async () => {
  const x = rows(2, 4);
  const bg = rows(5, 4, 8);
  const all = await expectedGradients(linear3, x, { baseline: bg, numSamples: 20 });
  assert.deepEqual(all.shape, [2, 3, 4]);
  const w = [1, -1, 0.5];
  const weighted = await expectedGradients(linear3, x, { baseline: bg, numSamples: 20, output: { weights: w } });
  const expected = all.attributions.map((row) => [0, 1, 2, 3].map((j) => w.reduce((s, wk, k) => s + wk * row[k * 4 + j], 0)));
  assertClose2(weighted.attributions, expected, 1e-4);
});

test('bad arguments give exact messages', async () => {
  await rejectsWith(
    () => expectedGradients(linearModel, [[1, 2, 3, 4]], { baseline: rows(3, 10) }),
    "Argument 'baseline' passed to 'expectedGradients' must have 4 features, but got 10.",
  );
  await rejectsWith(
    () => expectedGradients(linearModel, [[1, 2, 3, 4]], { numSamples: -1 }),
    "Argument 'numSamples' passed to 'expectedGradients' must be an integer >= 1, but got -1.",
  );
  await rejectsWith(
    () => expectedGradients(linearModel, [[1, 2, 3, 4]], { baseline: [[NaN, 0, 0, 0]] }),
    "Argument 'baseline' passed to 'expectedGradients' must contain only finite numbers, but got NaN at position [0, 0].",
  );
  await rejectsWith(
    () => expectedGradients(linear3, [[1, 2, 3, 4]], { output: [1, 2] }),
    "Argument 'output' passed to 'expectedGradients' must have one output index per input row (1), but got 2.",
  );
  const t = tf.zeros([2, 4], 'int32');
  await rejectsWith(
    () => expectedGradients(linearModel, t),
    "Argument 'inputs' passed to 'expectedGradients' must be a float32 tensor, but got a int32 tensor.",
  );
  t.dispose();
});

test('issue 16 #1: a LayersModel with a background set and numSamples 1 equals the same model as a function', async () => {
  const model = softplusMlp(4, 8, 1);
  const x = rows(2, 4);
  const bg = rows(10, 4, 9);
  const asLayers = await noLeak(() => expectedGradients(model, x, { baseline: bg, numSamples: 1, seed: 3 }));
  const asFunction = await expectedGradients((z: tf.Tensor) => model.apply(z) as tf.Tensor, x, {
    baseline: bg,
    numSamples: 1,
    seed: 3,
  });
  assertClose2(asLayers.attributions, asFunction.attributions, 1e-5);
  model.dispose();
});

test('issue 16 #2: numSamples beyond the memory budget fails at once, naming the value that fits', async () => {
  await rejectsWith(
    () => expectedGradients(linearModel, rows(2, 4), { numSamples: 1e9 }),
    "Argument 'numSamples' passed to 'expectedGradients' would need ≈ 30533 MB with numSamples = 1000000000, more than memoryBudgetMB = 1024; " +
      'use numSamples <= 33054428, a smaller batchSize, fewer inputs per call, or a larger memoryBudgetMB.',
  );
  // The suggested value is accepted by the estimate (the call itself is not run here).
  assert.doesNotThrow(() => checkPathMethodMemory('expectedGradients', { numSamples: 33054428 }, 1, 2, 1, 4, 1, 100000));
  assert.throws(() => checkPathMethodMemory('expectedGradients', { numSamples: 33054429 }, 1, 2, 1, 4, 1, 100000));
  await rejectsWith(
    () => expectedGradients(linearModel, rows(2, 4), { memoryBudgetMB: 0 }),
    "Argument 'memoryBudgetMB' passed to 'expectedGradients' must be a finite number > 0, but got 0.",
  );
});

test('issue 16 #2: a long call below the budget reports progress chunk by chunk and stops on abort', async () => {
  const ctl = new AbortController();
  const seen: number[] = [];
  await rejectsWith(
    () =>
      expectedGradients(linearModel, rows(2, 4), {
        numSamples: 200000,
        batchSize: 1000,
        signal: ctl.signal,
        onProgress: (e) => {
          seen.push(e.done);
          if (e.done === 3) ctl.abort();
        },
      }),
    "'expectedGradients' was cancelled.",
  );
  assert.deepEqual(seen, [1, 2, 3]);
});

test('issue 16 #10: a misspelt option is an error, not the default', async () => {
  await rejectsWith(
    () => expectedGradients(linearModel, rows(1, 4), { numSample: 3 } as never),
    "Argument 'options' passed to 'expectedGradients' has an unknown key 'numSample' (did you mean 'numSamples'?); valid keys: baseline, batchSize, memoryBudgetMB, numSamples, onProgress, output, seed, signal.",
  );
  await rejectsWith(
    () => expectedGradients(linearModel, rows(1, 4), 'fast' as never),
    "Argument 'options' passed to 'expectedGradients' must be an object of options, but got \"fast\".",
  );
});

test('issue 16 #14: a seed that is not a whole number or a string is refused before any work', async () => {
  const x = rows(2, 4);
  const bg = rows(5, 4, 5);
  await rejectsWith(
    () => expectedGradients(linearModel, x, { baseline: bg, seed: 0.9 }),
    "Argument 'seed' passed to 'expectedGradients' must be a whole number or a string, but got 0.9.",
  );
  await rejectsWith(
    () => expectedGradients(linearModel, x, { baseline: bg, seed: NaN }),
    "Argument 'seed' passed to 'expectedGradients' must be a whole number or a string, but got NaN.",
  );
  await rejectsWith(
    () => expectedGradients(linearModel, x, { baseline: bg, seed: {} as never }),
    "Argument 'seed' passed to 'expectedGradients' must be a whole number or a string, but got an object with keys {}.",
  );
});

test('issue 16 #22: peak tensor memory grows with batchSize, on the dense path and the generic one', async () => {
  const d = 2000;
  const mlp = softplusMlp(d, 16, 1);
  const x = tf.tensor2d(rows(4, d, 3));
  const bg = tf.tensor2d(rows(8, d, 5));
  try {
    for (const model of [mlp, (z: tf.Tensor) => mlp.apply(z) as tf.Tensor]) {
      const peaks: number[] = [];
      for (const batchSize of [8, 32, 128]) {
        const info = await tf.profile(async () => {
          await expectedGradients(model, x, { baseline: bg, numSamples: 32, seed: 0, batchSize });
        });
        peaks.push(info.peakBytes);
      }
      assert.ok(peaks[0] < peaks[1] && peaks[1] < peaks[2], `peaks ${peaks.join(' < ')}`);
      // A chunk of 128 path points is ~ 128 × 2,000 floats; its peak stays within a few copies of it.
      assert.ok(peaks[2] < 8 * 128 * d * 4 + 4e6, `peak ${peaks[2]}`);
    }
  } finally {
    tf.dispose([x, bg]);
    mlp.dispose();
  }
});
