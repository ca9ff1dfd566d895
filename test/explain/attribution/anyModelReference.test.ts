/**
 * Agreement with captum 0.8 and shap on the same weights: the numbers were computed once by
 * bench/reference/any_model_fixtures.py and stored in test/explain/fixtures/any_model_reference.json.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { gradCam } from '../../../explain/attribution/gradCam';
import { guidedBackprop } from '../../../explain/attribution/guidedBackprop';
import { guidedGradCam } from '../../../explain/attribution/guidedGradCam';
import { kernelShap } from '../../../explain/attribution/kernelShap';
import { exactShapley } from '../../../explain/attribution/exactShapley';
import { lime } from '../../../explain/attribution/lime';
import { layerConductance } from '../../../explain/layer/layerConductance';
import { assertClose, noLeak, quietReady } from '../support';

quietReady();

interface Dense {
  kernel: number[];
  bias: number[];
}
const ref = JSON.parse(
  fs.readFileSync(
    // The fixture stays beside the sources: found from dist/test/… and from test/… (npm run test:file).
    path.join(__dirname.replace(`${path.sep}dist${path.sep}`, path.sep), '..', 'fixtures', 'any_model_reference.json'),
    'utf8',
  ),
) as {
  cnn: {
    conv1: Dense;
    conv2: Dense;
    dense: Dense;
    images: number[];
    target: number;
    gradCam: number[];
    gradCamLayer: number[];
    guidedBackprop: number[];
    guidedGradCam: number[];
    layerConductance: number[];
  };
  kernelShapExact: Tabular;
  kernelShapSampled: Tabular;
  lime: { d: number; h: number; layers: Dense[]; x: number[][]; nSamples: number; captum: number[] };
};
interface Tabular {
  d: number;
  h: number;
  layers: Dense[];
  x: number[][];
  background: number[][];
  nsamples: number;
  shap: number[][];
}

function cnn(): tf.Sequential {
  const c = ref.cnn;
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 3, kernelSize: 3, activation: 'relu', name: 'conv1' }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', name: 'conv2' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, name: 'out' }),
    ],
  });
  const set = (i: number, w: Dense, shape: number[]) =>
    model.layers[i].setWeights([tf.tensor(w.kernel, shape), tf.tensor1d(w.bias)]);
  set(0, c.conv1, [3, 3, 1, 3]);
  set(1, c.conv2, [3, 3, 3, 4]);
  set(3, c.dense, [64, 3]);
  return model;
}

function mlp(t: { d: number; h: number; layers: Dense[] }): tf.Sequential {
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [t.d], units: t.h, activation: 'softplus' }), tf.layers.dense({ units: 1 })],
  });
  model.layers[0].setWeights([tf.tensor2d(t.layers[0].kernel, [t.d, t.h]), tf.tensor1d(t.layers[0].bias)]);
  model.layers[1].setWeights([tf.tensor2d(t.layers[1].kernel, [t.h, 1]), tf.tensor1d(t.layers[1].bias)]);
  return model;
}

test('captum: Grad-CAM (layer and bilinear-upsampled), Guided Backprop, Guided Grad-CAM and layer conductance', async () => {
  const model = cnn();
  const x = tf.tensor4d(ref.cnn.images, [2, 8, 8, 1]);
  const o = ref.cnn.target;
  const flat = (r: { attributions: number[][] }) => r.attributions.flat();
  assertClose(
    flat(await noLeak(() => gradCam(model, x, { layer: 'conv2', output: o, upsample: 'none' }))),
    ref.cnn.gradCamLayer,
    1e-5,
    'gradCam layer',
  );
  assertClose(flat(await gradCam(model, x, { layer: 'conv2', output: o })), ref.cnn.gradCam, 1e-5, 'gradCam');
  assertClose(flat(await guidedBackprop(model, x, { output: o })), ref.cnn.guidedBackprop, 1e-5, 'guidedBackprop');
  assertClose(flat(await guidedGradCam(model, x, { layer: 'conv2', output: o })), ref.cnn.guidedGradCam, 1e-5, 'guidedGradCam');
  assertClose(
    flat(await noLeak(() => layerConductance(model, x, { layer: 'conv1', output: o, numSamples: 20 }))),
    ref.cnn.layerConductance,
    1e-5,
    'layerConductance',
  );
  x.dispose();
  model.dispose();
});

test('shap KernelExplainer: exact when every coalition is enumerated, within sampling error when sampled', async () => {
  const e = ref.kernelShapExact;
  const m1 = mlp(e);
  const r = await kernelShap(m1, e.x, { baseline: e.background });
  for (let i = 0; i < 2; i++) assertClose(r.attributions[i], e.shap[i], 1e-5, `exact[${i}]`);
  const s = ref.kernelShapSampled;
  const m2 = mlp(s);
  const exact = await exactShapley(m2, s.x, { baseline: s.background });
  const k = await kernelShap(m2, s.x, { baseline: s.background, numSamples: s.nsamples, seed: 1 });
  const se = k.diagnostics.standardError as number[][];
  for (let i = 0; i < 2; i++) {
    // Both estimators scatter around the exact values: ours within 5 SE, shap's (fuller enumeration of small coalitions) closer.
    for (let j = 0; j < s.d; j++) {
      assert.ok(Math.abs(k.attributions[i][j] - exact.attributions[i][j]) <= 5 * se[i][j] + 1e-4, `ours [${i}][${j}]`);
      assert.ok(
        Math.abs(s.shap[i][j] - exact.attributions[i][j]) <= 5 * se[i][j] + 1e-3,
        `shap [${i}][${j}] ${s.shap[i][j]} vs ${exact.attributions[i][j]}`,
      );
    }
  }
  m1.dispose();
  m2.dispose();
});

test('captum Lime (linear regression, cosine kernel, width 1): the fitted coefficients agree within sampling error', async () => {
  const l = ref.lime;
  const model = mlp(l);
  const r = await lime(model, l.x, { surrogate: 'linear', numSamples: l.nSamples, seed: 2 });
  const scale = Math.max(...l.captum.map(Math.abs));
  assertClose(r.attributions[0], l.captum, 0.03 * scale, 'lime');
  assert.ok((r.diagnostics.surrogateR2 as number[])[0] > 0.5);
  model.dispose();
});
