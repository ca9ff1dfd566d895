import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradCam } from '../../../explain/attribution/gradCam';
import { guidedGradCam } from '../../../explain/attribution/guidedGradCam';
import { guidedBackprop } from '../../../explain/attribution/guidedBackprop';
import { assertClose, lcg, noLeak, quietReady, rejectsWith } from '../support';

quietReady();

/** conv 4×4, 2 filters, on 6×6×1 (A: 3×3×2) → flatten → dense 2 (no activations). */
function oneConv(): { model: tf.Sequential; kernel: number[]; bias: number[]; dense: number[]; denseBias: number[] } {
  const r = lcg(5);
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 4, name: 'conv' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 2, name: 'out' }),
    ],
  });
  const kernel = Array.from({ length: 32 }, () => r());
  const bias = [0.1, -0.2];
  const dense = Array.from({ length: 36 }, () => r());
  const denseBias = [0, 0.3];
  model.layers[0].setWeights([tf.tensor4d(kernel, [4, 4, 1, 2]), tf.tensor1d(bias)]);
  model.layers[2].setWeights([tf.tensor2d(dense, [18, 2]), tf.tensor1d(denseBias)]);
  return { model, kernel, bias, dense, denseBias };
}

/** The hand-computed Grad-CAM map [3·3] of output k at one 6×6 image. */
function handMap(img: number[], m: ReturnType<typeof oneConv>, k: number): number[] {
  const A = new Array<number>(18).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      for (let c = 0; c < 2; c++) {
        let s = m.bias[c];
        for (let u = 0; u < 4; u++) for (let v = 0; v < 4; v++) s += img[(i + u) * 6 + (j + v)] * m.kernel[(u * 4 + v) * 2 + c];
        A[(i * 3 + j) * 2 + c] = s;
      }
  // y_k = Σ A_p,c · W[(p·2 + c), k]: the gradient wrt A is the dense weight itself.
  const alpha = [0, 1].map((c) => {
    let s = 0;
    for (let p = 0; p < 9; p++) s += m.dense[(p * 2 + c) * 2 + k];
    return s / 9;
  });
  return Array.from({ length: 9 }, (_, p) => Math.max(0, alpha[0] * A[p * 2] + alpha[1] * A[p * 2 + 1]));
}

test('closed form: Grad-CAM of a one-conv-layer model is the hand-computed map; nearest upsampling repeats it', async () => {
  const m = oneConv();
  const r = lcg(9);
  const imgs = [Array.from({ length: 36 }, () => r()), Array.from({ length: 36 }, () => r())];
  const x = tf.tensor4d(imgs.flat(), [2, 6, 6, 1]);
  for (const k of [0, 1]) {
    const g = await noLeak(() => gradCam(m.model, x, { layer: 'conv', output: k, upsample: 'none' }));
    assert.deepEqual(g.shape, [2, 3, 3, 1]);
    imgs.forEach((img, i) => assertClose(g.attributions[i], handMap(img, m, k), 1e-4));
  }
  const up = await gradCam(m.model, x, { layer: 0, output: 1, upsample: 'nearest' });
  assert.deepEqual(up.shape, [2, 6, 6, 1]);
  const hm = handMap(imgs[0], m, 1);
  assertClose(
    up.attributions[0],
    Array.from({ length: 36 }, (_, p) => hm[Math.floor(Math.floor(p / 6) / 2) * 3 + Math.floor((p % 6) / 2)]),
    1e-4,
  );
  const bil = await gradCam(m.model, x, { layer: 'conv', output: 1 });
  assert.deepEqual(bil.shape, [2, 6, 6, 1]);
  // Every output explained when none is chosen.
  const all = await gradCam(m.model, x, { layer: 'conv', upsample: 'none' });
  assert.deepEqual(all.shape, [2, 2, 3, 3, 1]);
  assertClose(all.attributions[1].slice(9), handMap(imgs[1], m, 1), 1e-4);
  // Guided Grad-CAM = guided backprop ⊙ the upsampled map.
  const gg = await noLeak(() => guidedGradCam(m.model, x, { layer: 'conv', output: 1, upsample: 'nearest' }));
  const gb = await guidedBackprop(m.model, x, { output: 1 });
  assertClose(
    gg.attributions[0],
    gb.attributions[0].map((v, p) => v * up.attributions[0][p]),
    1e-4,
  );
  x.dispose();
  m.model.dispose();
});

test('bad layers and inputs are named', async () => {
  const m = oneConv();
  const x = tf.zeros([1, 6, 6, 1]);
  await rejectsWith(
    () => gradCam(m.model, x, { layer: 'nope' }),
    "Argument 'layer' passed to 'gradCam' must name a layer of the model ('conv', 'flat', 'out'), but got 'nope'.",
  );
  await rejectsWith(
    () => gradCam(m.model, x, { layer: 3 }),
    "Argument 'layer' passed to 'gradCam' must be a layer name or an integer index in [0, 2], but got 3.",
  );
  await rejectsWith(
    () => gradCam(m.model, x, { layer: 'out' }),
    "Argument 'layer' passed to 'gradCam' must be a layer whose output is [N, height, width, channels], but layer 'out' gives shape [1, 2].",
  );
  await rejectsWith(
    () => gradCam((t: tf.Tensor) => t, x, { layer: 'conv' }),
    "Argument 'model' passed to 'gradCam' must be a tf.LayersModel (a layer is named by its name or index), but got a function.",
  );
  await rejectsWith(
    () => guidedGradCam(m.model, x, { layer: 'conv', upsample: 'none' as never }),
    "Argument 'upsample' passed to 'guidedGradCam' must be one of 'bilinear', 'nearest', but got \"none\".",
  );
  x.dispose();
  m.model.dispose();
});

test('upsampling needs image inputs: a flat input reshaped inside the model is named', async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.reshape({ inputShape: [36], targetShape: [6, 6, 1] }),
      tf.layers.conv2d({ filters: 2, kernelSize: 4, name: 'conv' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1 }),
    ],
  });
  const x = tf.zeros([1, 36]);
  await rejectsWith(
    () => gradCam(model, x, { layer: 'conv' }),
    "Argument 'inputs' passed to 'gradCam' must be images [N, height, width, channels] to upsample the map onto, but got shape [1, 36]; pass upsample: 'none' for the map at the layer's resolution.",
  );
  const g = await noLeak(() => gradCam(model, x, { layer: 'conv', upsample: 'none' }));
  assert.equal(g.attributions.length, 1);
  x.dispose();
  model.dispose();
});
