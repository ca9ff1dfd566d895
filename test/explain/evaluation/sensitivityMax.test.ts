import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { sensitivityMax } from '../../../explain/evaluation/sensitivityMax';
import { assertClose, captumFixture, captumModel, linearModel, noLeak, rejectsWith } from './fixtures';

const X = [
  [1, 2, -1, 0.5],
  [-0.5, 0.3, 2, -1],
];

test('the sensitivity of a constant-gradient method on a linear model is 0', async () => {
  for (const method of ['saliency', 'gradient'] as const) {
    const r = await noLeak(() => sensitivityMax(linearModel, X, method, { radius: 0.5, numSamples: 8 }));
    assertClose(r.perRow, [0, 0], 1e-7, method);
  }
  // Gradient × input moves with the input: at most ‖w ⊙ ε‖/‖w ⊙ x‖ ≤ r‖w‖/‖w ⊙ x‖.
  const r = await sensitivityMax(linearModel, X, 'gradientXInput', { radius: 0.1, numSamples: 8 });
  r.perRow.forEach((v) => assert.ok(v > 0));
});

test("matches captum's sensitivity_max on the same model and perturbations", async () => {
  const fx = captumFixture();
  const model = captumModel(fx);
  for (const c of fx.sensitivityMax) {
    const r = await noLeak(() =>
      sensitivityMax(model, fx.inputs, c.method, { perturbation: () => tf.tensor(c.perturbedInputs), numSamples: fx.numSamples }),
    );
    assertClose(r.perRow, c.values, 1e-4, `${c.method} r=${c.radius}`);
  }
  model.dispose();
});

test('sensitivity grows with the radius and is reproducible by seed; method specs and labels', async () => {
  const model = (x: tf.Tensor) => tf.tidy(() => x.square().sum(1));
  const small = await sensitivityMax(model, X, 'gradient', { radius: 0.01, seed: 2 });
  const large = await sensitivityMax(model, X, 'gradient', { radius: 0.3, seed: 2 });
  const again = await sensitivityMax(model, X, { method: 'gradient', label: 'grad' }, { radius: 0.3, seed: 2 });
  small.perRow.forEach((v, i) => assert.ok(v < large.perRow[i]));
  assert.deepEqual(again.perRow, large.perRow);
  assert.equal(again.method, 'grad');
});

test('sensitivityMax errors name the argument', async () => {
  await rejectsWith(
    () => sensitivityMax(linearModel, X, 'lime' as never),
    "Argument 'method' passed to 'sensitivityMax' must be one of 'saliency', 'gradient', 'gradientXInput', 'integratedGradients', 'expectedGradients', 'deepLift', 'epsilonLrp', 'occlusion', 'shapleySampling', but got \"lime\".",
  );
  await rejectsWith(
    () => sensitivityMax(linearModel, X, 'saliency', { radius: -1 }),
    "Argument 'radius' passed to 'sensitivityMax' must be a finite number > 0, but got -1.",
  );
});
