import test from 'node:test';
import assert from 'node:assert/strict';
import { neuronConductance } from '../../../explain/neuron/neuronConductance';
import { neuronGradient } from '../../../explain/neuron/neuronGradient';
import { neuronIntegratedGradients } from '../../../explain/neuron/neuronIntegratedGradients';
import { neuronDeepLift } from '../../../explain/neuron/neuronDeepLift';
import { layerConductance } from '../../../explain/layer/layerConductance';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { assertClose, mlp, noLeak, quietReady, rejectsWith } from '../support';
import { rows } from '../attribution/fixtures';

quietReady();

test('neuron conductances over all units of a layer sum to the input IG; each sums to the layer conductance of its unit', async () => {
  const model = mlp([4, 5, 1], 'softplus', 2, 0.9);
  const x = rows(2, 4, 3);
  const ig = await integratedGradients(model, x, { numSamples: 16, rule: 'gaussLegendre' });
  const total = [new Float64Array(4), new Float64Array(4)];
  for (let k = 0; k < 5; k++) {
    const c = await noLeak(() => neuronConductance(model, x, { layer: 0, neuron: k, numSamples: 16 }));
    c.attributions.forEach((a, i) => a.forEach((v, j) => (total[i][j] += v)));
  }
  for (let i = 0; i < 2; i++) assertClose(Array.from(total[i]), ig.attributions[i], 1e-4);
  const lc = await layerConductance(model, x, { layer: 0, numSamples: 200 });
  const c2 = await neuronConductance(model, x, { layer: 0, neuron: [2], numSamples: 200 });
  assertClose([c2.attributions[0].reduce((a, b) => a + b, 0)], [lc.attributions[0][2]], 2e-3);
  model.dispose();
});

test('neuron gradient, IG and DeepLIFT explain the unit; bad neuron indices are named', async () => {
  const model = mlp([3, 4, 1], 'relu', 5, 1);
  const x = [[0.5, -0.2, 0.9]];
  const w = model.layers[0].getWeights()[0].arraySync() as number[][];
  const b = model.layers[0].getWeights()[1].arraySync() as number[];
  const z = b[1] + x[0].reduce((s, v, j) => s + v * w[j][1], 0);
  const g = await noLeak(() => neuronGradient(model, x, { layer: 0, neuron: 1 }));
  assertClose(g.attributions[0], z > 0 ? w.map((r) => r[1]) : [0, 0, 0], 1e-5);
  const ig = await neuronIntegratedGradients(model, x, { layer: 0, neuron: 1, numSamples: 200 });
  assertClose([ig.attributions[0].reduce((a, c) => a + c, 0)], [Math.max(0, z) - Math.max(0, b[1])], 2e-2);
  const dl = await neuronDeepLift(model, x, { layer: 0, neuron: 1 });
  assertClose([dl.attributions[0].reduce((a, c) => a + c, 0)], [Math.max(0, z) - Math.max(0, b[1])], 1e-5);
  assert.equal(dl.method, 'neuronDeepLift');
  await rejectsWith(
    () => neuronGradient(model, x, { layer: 0, neuron: 4 }),
    "Argument 'neuron' passed to 'neuronGradient' must be a flat index in [0, 3] or one index per axis of the layer's output shape [4], but got 4.",
  );
  await rejectsWith(
    () => neuronGradient(model, x, { layer: 0, neuron: [0, 1] }),
    "Argument 'neuron' passed to 'neuronGradient' must be a flat index in [0, 3] or one index per axis of the layer's output shape [4], but got [0, 1].",
  );
  await rejectsWith(
    () => neuronConductance(model, x, { layer: 9, neuron: 0 }),
    "Argument 'layer' passed to 'neuronConductance' must be a layer name or an integer index in [0, 1], but got 9.",
  );
  model.dispose();
});
