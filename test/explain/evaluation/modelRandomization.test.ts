import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { modelRandomization } from '../../../explain/evaluation/modelRandomization';
import { linearModel, mlp, noLeak, rejectsWith, values } from './fixtures';

const rows = (n: number, d: number, seed: number) => {
  const v = values(n * d, seed);
  return Array.from({ length: n }, (_, i) => Array.from(v.subarray(i * d, (i + 1) * d)));
};

test('randomisation check: correlation 1 at step 0, falling as layers are re-initialised; weights restored', async () => {
  const model = mlp([12, 16, 16, 1], 'tanh', 3, 0.8);
  const before = model.getWeights().map((w) => Array.from(w.dataSync()));
  const x = rows(20, 12, 5);
  const r = await noLeak(() => modelRandomization(model, x, 'gradient', { seed: 1 }));
  assert.deepEqual(r.steps, ['original', ...model.layers.map((l) => l.name).reverse()]);
  assert.equal(r.spearman[0], 1);
  assert.deepEqual(r.spearmanPerRow[0], Array(20).fill(1));
  assert.equal(r.ssim, null);
  assert.ok(r.spearman[1] < 0.9, `after the top layer: ${r.spearman[1]}`);
  assert.ok(r.spearman[3] < 0.5, `fully randomised: ${r.spearman[3]}`);
  const after = model.getWeights().map((w) => Array.from(w.dataSync()));
  assert.deepEqual(after, before);
  // Independent: each step changes one layer, the others keep their trained weights.
  const ind = await noLeak(() => modelRandomization(model, x, 'gradient', { seed: 1, randomization: 'independent' }));
  assert.equal(ind.spearman[0], 1);
  assert.ok(ind.spearman[1] < 0.9);
  assert.match(r.toText(), /Spearman/);
  model.dispose();
});

test('image maps get an SSIM that is 1 at step 0 and falls', async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [10, 10, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'tanh',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const v = values(3 * 100, 9);
  const x = tf.tensor4d(v, [3, 10, 10, 1]);
  const r = await noLeak(() => modelRandomization(model, x, 'saliency', { seed: 4 }));
  assert.ok(r.ssim !== null);
  assert.ok(Math.abs(r.ssim[0] - 1) < 1e-12);
  assert.ok(r.ssim[2] < 0.9, `ssim after all layers: ${r.ssim[2]}`);
  x.dispose();
  model.dispose();
});

test('modelRandomization errors: not a LayersModel, unknown randomisation, SSIM for tabular inputs', async () => {
  await rejectsWith(
    () => modelRandomization(linearModel as never, [[1, 2, 3, 4]], 'gradient'),
    "Argument 'model' passed to 'modelRandomization' must be a tf.LayersModel with trainable weights, but got a function.",
  );
  const model = mlp([4, 3, 1], 'tanh', 1);
  await rejectsWith(
    () => modelRandomization(model, [[1, 2, 3, 4]], 'gradient', { randomization: 'all' as never }),
    "Argument 'randomization' passed to 'modelRandomization' must be one of 'cascading', 'independent', but got \"all\".",
  );
  await rejectsWith(
    () => modelRandomization(model, [[1, 2, 3, 4]], 'gradient', { ssim: true }),
    "Argument 'inputs' passed to 'modelRandomization' must be images of feature shape [height, width] or [height, width, channels], but got feature shape [4].",
  );
  model.dispose();
});
