import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { embeddingAttributions } from '../../../explain/attribution/embeddingAttributions';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { assertClose, noLeak, rejectsWith } from './fixtures';

// A small sequence model: mean over time of softplus(e · v), [N, T, E] → [N, 1].
const v = [0.5, -1, 2];
const seqModel = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => tf.softplus(x.matMul(tf.tensor2d(v, [3, 1]).expandDims(0).tile([x.shape[0], 1, 1]))).mean(1));

test('token attributions are the IG attributions summed over E, with completeness', async () => {
  const emb = tf.tidy(() => tf.randomNormal([2, 4, 3], 0, 1, 'float32', 7));
  const r = await noLeak(() => embeddingAttributions(seqModel, emb, { rule: 'gaussLegendre', numSamples: 16 }));
  assert.deepEqual(r.shape, [2, 4]);
  const full = await integratedGradients(seqModel, emb, { rule: 'gaussLegendre', numSamples: 16 });
  const summed = full.attributions.map((row) => [0, 1, 2, 3].map((t) => row[3 * t] + row[3 * t + 1] + row[3 * t + 2]));
  summed.forEach((row, i) => assertClose(r.attributions[i], row, 1e-5));
  assertClose(r.diagnostics.completenessGap, [0, 0], 1e-4);
  assert.match(r.toText(), /embeddingAttributions/);
  emb.dispose();
});

test('expected gradients over a background of sequences gives a standard error per token', async () => {
  const emb = tf.tidy(() => tf.randomNormal([2, 4, 3], 0, 1, 'float32', 8));
  const bg = tf.tidy(() => tf.randomNormal([5, 4, 3], 0, 1, 'float32', 9));
  const r = await noLeak(() =>
    embeddingAttributions(seqModel, emb, { method: 'expectedGradients', baseline: bg, numSamples: 100 }),
  );
  assert.ok(r.diagnostics.standardError && r.diagnostics.standardError[0].length === 4);
  const se = r.diagnostics.completenessStandardError ?? [];
  r.diagnostics.completenessGap.forEach((g, i) => assert.ok(Math.abs(g) <= 4 * se[i] + 1e-6, `gap ${g} se ${se[i]}`));
  emb.dispose();
  bg.dispose();
  await rejectsWith(
    () => embeddingAttributions(seqModel, [[1, 2, 3]]),
    "Argument 'inputs' passed to 'embeddingAttributions' must be embedded sequences of shape [N, T, E], but got shape [1, 3].",
  );
});
