import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { occlusion } from '../../../explain/attribution/occlusion';
import { LIN_W, assertClose, assertClose2, linearModel, noLeak, rejectsWith, specRelu } from './fixtures';

test('SPEC: occlusion of the ReLU network is (1, -1); window 2 gives (0.5, 0.5); zero at (-10, -5)', async () => {
  const r = await noLeak(() =>
    occlusion(specRelu, [
      [3, 1],
      [-10, -5],
    ]),
  );
  assertClose2(
    r.attributions,
    [
      [1, -1],
      [0, 0],
    ],
    1e-4,
  );
  const w = await noLeak(() => occlusion(specRelu, [[3, 1]], { windowShape: 2 }));
  assertClose2(w.attributions, [[0.5, 0.5]], 1e-4);
});

test('SPEC: linear model gives w ⊙ x; overlapping windows average', async () => {
  const x = [1, -2, 0.5, 4];
  const r = await occlusion(linearModel, [x], { batchSize: 3 });
  assertClose(
    r.attributions[0],
    LIN_W.map((w, j) => w * x[j]),
    1e-5,
  );
  // Window 2, step 1 on 4 features: windows {0,1},{1,2},{2,3}; feature 1 averages two windows.
  const o = await occlusion(linearModel, [x], { windowShape: 2 });
  const c = LIN_W.map((w, j) => w * x[j]);
  const win = [(c[0] + c[1]) / 2, (c[1] + c[2]) / 2, (c[2] + c[3]) / 2];
  assertClose(o.attributions[0], [win[0], (win[0] + win[1]) / 2, (win[1] + win[2]) / 2, win[2]], 1e-5);
});

test('images: a number window covers the channel axis whole; fill value is used', async () => {
  const img = tf.tidy(() => tf.range(0, 16).reshape([1, 4, 2, 2]).div(10));
  const sumModel = (x: tf.Tensor) => x.reshape([x.shape[0], -1]).sum(1);
  const r = await noLeak(() => occlusion(sumModel, img, { windowShape: 2, step: 2, fillValue: 1 }));
  assert.deepEqual(r.shape, [1, 4, 2, 2]);
  const v = img.dataSync();
  // Each feature's attribution is the window's mean of (x − 1): windows are 2×2×2 blocks.
  const expected = Array.from(v, (_, j) => {
    const h = Math.floor(j / 4);
    const block = Math.floor(h / 2);
    let s = 0;
    for (let q = block * 8; q < block * 8 + 8; q++) s += v[q] - 1;
    return s / 8;
  });
  assertClose(r.attributions[0], expected, 1e-5);
  img.dispose();
  await rejectsWith(
    () => occlusion(sumModel, [[1, 2, 3]], { windowShape: 4 }),
    "Argument 'windowShape' passed to 'occlusion' must be a positive integer or one positive integer per feature axis of [3] no larger than that axis, but got 4.",
  );
});

test('windows that leave features uncovered warn once and give them 0', async (t) => {
  const warn = t.mock.method(console, 'warn', () => undefined);
  const prev = process.env.PATHLAB_QUIET;
  delete process.env.PATHLAB_QUIET;
  try {
    const r = await occlusion(linearModel, [[1, 1, 1, 1]], { windowShape: 3, step: 3 });
    await occlusion(linearModel, [[2, 2, 2, 2]], { windowShape: 3, step: 3 });
    assert.equal(r.attributions[0][3], 0);
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0].arguments[0]), /do not cover every feature/);
  } finally {
    if (prev !== undefined) process.env.PATHLAB_QUIET = prev;
  }
});
