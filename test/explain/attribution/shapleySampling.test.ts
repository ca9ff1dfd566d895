import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { shapleySampling } from '../../../explain/attribution/shapleySampling';
import { LIN_W, assertClose, linearModel, minModel, noLeak, rejectsWith, squareProductModel } from './fixtures';

test('SPEC: min(x1, x2) at (2, -2) gives exactly (0, -2); at (4, 2) about (1, 1)', async () => {
  const a = await noLeak(() => shapleySampling(minModel, [[2, -2]], { samples: 7 }));
  assertClose(a.attributions[0], [0, -2], 1e-6);
  // Each permutation credits (0, 2) or (2, 0): φ₁ = 2·(share of one order), SE = 1/√n.
  const n = 2000;
  const b = await noLeak(() => shapleySampling(minModel, [[4, 2]], { samples: n, seed: 3 }));
  assertClose(b.attributions[0], [1, 1], 4 / Math.sqrt(n));
  assertClose([b.attributions[0][0] + b.attributions[0][1]], [2], 1e-5);
});

test('SPEC: zero-baseline linear model gives w ⊙ x; x1²·x2 gives (1/2, 1/2)·f', async () => {
  const x = [1, -2, 0.5, 4];
  const r = await shapleySampling(linearModel, [x], { samples: 3 });
  assertClose(
    r.attributions[0],
    LIN_W.map((w, j) => w * x[j]),
    1e-5,
  );
  assertClose(r.diagnostics.completenessGap, [0], 1e-5);
  const n = 2000;
  const q = await shapleySampling(squareProductModel, [[2, 3]], { samples: n, seed: 5 });
  assertClose(q.attributions[0], [6, 6], (4 * 12 * 0.5) / Math.sqrt(n));
});

test('same seed same result; groups over sampling dims share their value', async () => {
  const img = tf.tidy(() => tf.randomUniform([2, 3, 3, 2], 0, 1, 'float32', 4));
  const model = (x: tf.Tensor) => tf.tidy(() => x.reshape([x.shape[0], -1]).square().sum(1));
  const a = await noLeak(() => shapleySampling(model, img, { samples: 4, samplingDims: [1, 2], seed: 9, batchSize: 7 }));
  const b = await shapleySampling(model, img, { samples: 4, samplingDims: [1, 2], seed: 9 });
  assert.deepEqual(a.attributions, b.attributions);
  // Additive model: a pixel's value is its channels' sum of squares, split evenly over channels.
  const v = img.dataSync();
  for (let i = 0; i < 2; i++)
    for (let p = 0; p < 9; p++) {
      const g = (v[i * 18 + 2 * p] ** 2 + v[i * 18 + 2 * p + 1] ** 2) / 2;
      assertClose([a.attributions[i][2 * p], a.attributions[i][2 * p + 1]], [g, g], 1e-5);
    }
  img.dispose();
  await rejectsWith(
    () => shapleySampling(model, [[1, 2]], { samplingDims: [2] }),
    "Argument 'samplingDims' passed to 'shapleySampling' must be distinct feature axes in [1, 1], but got [2].",
  );
  await rejectsWith(
    () => shapleySampling(model, [[1, 2]], { samples: 0 }),
    "Argument 'samples' passed to 'shapleySampling' must be an integer >= 1, but got 0.",
  );
});
