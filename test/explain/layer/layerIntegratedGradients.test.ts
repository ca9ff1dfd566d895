import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { layerIntegratedGradients } from '../../../explain/layer/layerIntegratedGradients';
import { layerConductance } from '../../../explain/layer/layerConductance';
import { layerActivation } from '../../../explain/layer/layerActivation';
import { layerGradientXActivation } from '../../../explain/layer/layerGradientXActivation';
import { internalInfluence } from '../../../explain/layer/internalInfluence';
import { errors } from '../../../explain/internal/errors';
import { assertClose, mlp, noLeak, quietReady, rejectsWith } from '../support';
import { rows } from '../attribution/fixtures';

quietReady();

test('layer IG sums to f(x) − f(x′) to 1e-4 with Gauss–Legendre, on dense and conv layers', async () => {
  const model = mlp([5, 7, 6, 1], 'softplus', 3, 0.8);
  const x = rows(3, 5, 2);
  for (const layer of [0, 1]) {
    const r = await noLeak(() => layerIntegratedGradients(model, x, { layer, numSamples: 16, baseline: 0.1 }));
    assert.deepEqual(r.shape, [3, layer === 0 ? 7 : 6]);
    assertClose(r.diagnostics.completenessGap, [0, 0, 0], 1e-4);
  }
  const c = await layerConductance(model, x, { layer: 1, numSamples: 64 });
  assertClose(c.diagnostics.completenessGap, [0, 0, 0], 5e-3);
  const cnn = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [5, 5, 1], filters: 2, kernelSize: 3, activation: 'softplus', name: 'c' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'tanh' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  const img = tf.randomUniform([2, 5, 5, 1], 0, 1, 'float32', 1);
  const g = await noLeak(() => layerIntegratedGradients(cnn, img, { layer: 'c', numSamples: 16 }));
  assert.deepEqual(g.shape, [2, 3, 3, 2]);
  assertClose(g.diagnostics.completenessGap, [0, 0], 1e-4);
  img.dispose();
  cnn.dispose();
  model.dispose();
});

test('a linear layer stack: activation, gradient × activation and internal influence in closed form', async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 2, useBias: false, name: 'h' }),
      tf.layers.dense({ units: 1, useBias: false }),
    ],
  });
  model.layers[0].setWeights([tf.tensor2d([1, 2, 3, 4], [2, 2])]);
  model.layers[1].setWeights([tf.tensor2d([5, -1], [2, 1])]);
  const x = [[1, 1]];
  const a = await layerActivation(model, x, { layer: 'h' });
  assertClose(a.attributions[0], [4, 6], 1e-5);
  const gx = await layerGradientXActivation(model, x, { layer: 'h' });
  assertClose(gx.attributions[0], [20, -6], 1e-5);
  const inf = await internalInfluence(model, x, { layer: 'h', numSamples: 3 });
  assertClose(inf.attributions[0], [5, -1], 1e-5);
  await rejectsWith(
    () => layerActivation(model, x, { layer: 'nope' }),
    errors.unknownLayer(
      'layerActivation',
      'nope',
      model.layers.map((l) => l.name),
    ),
  );
  await rejectsWith(
    () => layerIntegratedGradients(model, x, { layer: 0, numSamples: 0 }),
    "Argument 'numSamples' passed to 'layerIntegratedGradients' must be an integer >= 1, but got 0.",
  );
  model.dispose();
});
