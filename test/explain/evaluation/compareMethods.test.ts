import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { compareMethods } from '../../../explain/evaluation/compareMethods';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { linearModel, mlp, noLeak, rejectsWith, values } from './fixtures';

const rows = (n: number, d: number, seed: number) => {
  const v = values(n * d, seed, 2);
  return Array.from({ length: n }, (_, i) => Array.from(v.subarray(i * d, (i + 1) * d)));
};

test('compareMethods runs every method by every metric, with winners and progress over the whole comparison', async () => {
  const x = rows(6, 4, 3);
  const events: number[] = [];
  const r = await noLeak(() =>
    compareMethods(linearModel, x, {
      methods: ['saliency', 'gradientXInput', { method: 'integratedGradients', options: { numSamples: 8 }, label: 'IG' }],
      infidelity: { perturbation: 'baseline' },
      onProgress: (e) => events.push(e.done),
    }),
  );
  assert.deepEqual(
    r.rows.map((row) => row.method),
    ['saliency', 'gradientXInput', 'IG'],
  );
  assert.deepEqual(r.metrics, ['completeness', 'infidelity', 'sensitivityMax', 'deletionAUC', 'insertionAUC']);
  assert.equal(events.length, 3 * 6);
  assert.equal(events[events.length - 1], 18);
  // Linear model, zero baseline: gradient × input and IG are exact; |w| is not.
  for (const m of ['gradientXInput', 'IG']) {
    const row = r.rows.find((q) => q.method === m)!;
    assert.ok(row.scores.infidelity!.mean < 1e-8, `${m}: ${row.scores.infidelity!.mean}`);
    assert.ok(row.scores.completeness!.mean < 1e-5);
  }
  assert.ok(r.rows[0].scores.infidelity!.mean > 0.1);
  assert.equal(r.rows[0].scores.sensitivityMax!.mean, 0);
  assert.equal(r.winners.sensitivityMax, 'saliency');
  // gradient × input and IG give the same ranking, which is the perfect one for an additive model.
  assert.notEqual(r.winners.deletionAUC, 'saliency');
  assert.ok(r.curves.IG.deletion && r.curves.IG.insertion);
  assert.match(r.toText(), /compareMethods/);
  // A labelled explainer function is scored the same way.
  const own = await compareMethods(linearModel, x, {
    methods: [{ label: 'mine', explain: (m, i) => integratedGradients(m, i, { numSamples: 8 }) }],
    metrics: ['completeness', 'deletionAUC'],
  });
  assert.equal(own.rows[0].method, 'mine');
  assert.ok(Math.abs(own.rows[0].scores.deletionAUC!.mean - r.rows[2].scores.deletionAUC!.mean) < 1e-6);
});

test('compareMethods on a multi-output model scores one output; seeds make sampling methods reproducible', async () => {
  const model = mlp([4, 8, 3], 'tanh', 2);
  const x = rows(4, 4, 9);
  const opts = {
    methods: [{ method: 'expectedGradients' as const, options: { baseline: rows(10, 4, 1), numSamples: 20 } }],
    metrics: ['monteCarloError' as const, 'infidelity' as const],
    output: 1,
    seed: 4,
  };
  const a = await noLeak(() => compareMethods(model, x, opts));
  const b = await compareMethods(model, x, opts);
  assert.deepEqual(a.rows[0].scores, b.rows[0].scores);
  assert.ok(a.rows[0].scores.monteCarloError!.mean > 0);
  model.dispose();
});

test('compareMethods errors: a metric unknown for a method, an unknown metric, no methods', async () => {
  await rejectsWith(
    () =>
      compareMethods(linearModel, [[1, 2, 3, 4]], { methods: ['expectedGradients', 'saliency'], metrics: ['monteCarloError'] }),
    "Argument 'metrics' passed to 'compareMethods' includes 'monteCarloError', which is not defined for method 'saliency': it draws no samples, so it has no Monte-Carlo standard error.",
  );
  await rejectsWith(
    () => compareMethods(linearModel, [[1, 2, 3, 4]], { methods: ['saliency'], metrics: ['accuracy' as never] }),
    "Argument 'metrics' passed to 'compareMethods' must be one of 'completeness', 'monteCarloError', 'infidelity', 'sensitivityMax', 'deletionAUC', 'insertionAUC', but got \"accuracy\".",
  );
  await rejectsWith(
    () => compareMethods(linearModel, [[1, 2, 3, 4]], { methods: [] }),
    "Argument 'methods' passed to 'compareMethods' must name at least one attribution method, but got none.",
  );
  await rejectsWith(
    () => compareMethods(linearModel, [[1, 2, 3, 4]], { methods: ['lime' as never] }),
    "Argument 'methods[0]' passed to 'compareMethods' must be one of 'saliency', 'gradient', 'gradientXInput', 'integratedGradients', 'expectedGradients', 'deepLift', 'epsilonLrp', 'occlusion', 'shapleySampling', but got \"lime\".",
  );
  void tf;
});
