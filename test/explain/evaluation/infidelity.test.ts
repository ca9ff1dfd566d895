import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { infidelity } from '../../../explain/evaluation/infidelity';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { saliency } from '../../../explain/attribution/saliency';
import { LIN_W, assertClose, captumFixture, captumModel, linearModel, noLeak, rejectsWith } from './fixtures';

const X = [
  [1, 2, -1, 0.5],
  [-0.5, 0.3, 2, -1],
  [0.2, -0.7, 0.1, 1.5],
];

test("infidelity of exact attributions w ⊙ (x − x') on a linear model is 0 under baseline perturbations", async () => {
  const baseline = [0.5, -1, 0.25, 2];
  const exact = X.map((r) => r.map((v, j) => LIN_W[j] * (v - baseline[j])));
  const r = await noLeak(() => infidelity(linearModel, X, exact, { perturbation: 'baseline', baseline, numSamples: 50 }));
  assertClose(r.perRow, [0, 0, 0], 1e-8);
  // Integrated gradients are exact on a linear model too, and multiplyByInputs defaults to true for them.
  const ig = await integratedGradients(linearModel, X, { baseline });
  const s = await noLeak(() => infidelity(linearModel, X, ig, { perturbation: 'baseline', baseline, numSamples: 20, seed: 3 }));
  assert.equal(s.method, 'integratedGradients');
  assertClose(s.perRow, [0, 0, 0], 1e-8);
  // The gradient of a linear model is exact for Gaussian perturbations: Iᵀw = f(x) − f(x − I).
  const g = await saliency(linearModel, X);
  const signed = X.map(() => [...LIN_W]);
  const t = await noLeak(() => infidelity(linearModel, X, signed, { multiplyByInputs: false, noiseScale: 0.5 }));
  assertClose(t.perRow, [0, 0, 0], 1e-8);
  // |w| is not: the negative weights make it unfaithful, by E[(Σ (|wⱼ| − wⱼ) Iⱼ)²] = σ² Σ (|wⱼ| − wⱼ)².
  const u = await infidelity(linearModel, X, g, { noiseScale: 0.5, numSamples: 4000 });
  const expected = 0.25 * LIN_W.reduce((a, w) => a + (Math.abs(w) - w) ** 2, 0);
  for (const v of u.perRow) assert.ok(Math.abs(v - expected) < 0.1 * expected, `${v} vs ${expected}`);
});

test("matches captum's infidelity on the same model and perturbations (plain and normalised)", async () => {
  const fx = captumFixture();
  const model = captumModel(fx);
  for (const c of fx.infidelity) {
    const r = await noLeak(() =>
      infidelity(model, fx.inputs, fx[c.attributions], {
        perturbation: () => tf.tensor(c.perturbedInputs),
        multiplyByInputs: c.multiplyByInputs,
        normalize: c.normalize,
        numSamples: fx.numSamples,
      }),
    );
    assertClose(r.perRow, c.values, 1e-4, `${c.perturbation} normalize=${c.normalize}`);
  }
  model.dispose();
});

test('the same seed gives the same score; normalisation never raises it', async () => {
  const model = (x: tf.Tensor) => tf.tidy(() => x.square().sum(1));
  const phi = X.map((r) => r.map((v) => v * v));
  const a = await infidelity(model, X, phi, { seed: 5 });
  const b = await infidelity(model, X, phi, { seed: 5, batchSize: 7 });
  assert.deepEqual(a.perRow, b.perRow);
  const c = await infidelity(model, X, phi, { seed: 5, normalize: true });
  c.perRow.forEach((v, i) => assert.ok(v <= a.perRow[i] + 1e-9));
  assert.match(a.toText(), /^infidelity of given \(gaussian, numSamples=10, multiplyByInputs\): /);
});

test('infidelity errors name the argument', async () => {
  await rejectsWith(
    () => infidelity(linearModel, X, [[1, 2, 3]], {}),
    "Argument 'attributions' passed to 'infidelity' must have shape [3, 4] like the inputs, but got [1, 3].",
  );
  await rejectsWith(
    () => infidelity(linearModel, X, X, { perturbation: 'uniform' as never }),
    "Argument 'perturbation' passed to 'infidelity' must be one of 'gaussian', 'baseline', but got \"uniform\".",
  );
  await rejectsWith(
    () => infidelity(linearModel, X, X, { replaceProbability: 1.5 }),
    "Argument 'replaceProbability' passed to 'infidelity' must be a fraction in [0, 1] (k as a share of the features), but got 1.5.",
  );
  await rejectsWith(
    () => infidelity(linearModel, X, X, { numSamples: 0 }),
    "Argument 'numSamples' passed to 'infidelity' must be an integer >= 1, but got 0.",
  );
  await rejectsWith(
    () => infidelity(linearModel, X, X, { perturbation: (x) => x.slice(0, 2) }),
    "Argument 'perturbation' passed to 'infidelity' must return perturbed inputs of shape [30, 4], but got a tensor of shape [2, 4].",
  );
  const three = (x: tf.Tensor) => tf.tidy(() => x.matMul(tf.ones([4, 3])));
  await rejectsWith(
    () => infidelity(three, X, X, {}),
    "Argument 'output' passed to 'infidelity' must select one output of the 3-output model (a metric scores one explained scalar per row), but got undefined.",
  );
});
