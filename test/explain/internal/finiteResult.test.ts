/**
 * NaN and ±Infinity never come back as attributions (issue 16, item 11): a model whose output is
 * NaN or Infinity for one input row, and NaN among the output weights, are errors naming the
 * method and the first offending row (or the weight) — 33 cases over 11 methods.
 */
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  deepLift,
  epsilonLrp,
  expectedGradients,
  expectedHessians,
  gradient,
  gradientXInput,
  integratedGradients,
  integratedHessians,
  occlusion,
  saliency,
  shapleySampling,
} from '../../../index';
import type { ModelFunction, OutputSelection } from '../../../index';
import { quietReady, rejectsWith } from '../support';

quietReady();

type Call = (m: ModelFunction, x: number[][], output: OutputSelection) => Promise<unknown>;

const METHODS: [string, Call][] = [
  ['expectedGradients', (m, x, output) => expectedGradients(m, x, { output, numSamples: 4 })],
  ['integratedGradients', (m, x, output) => integratedGradients(m, x, { output, numSamples: 4 })],
  ['saliency', (m, x, output) => saliency(m, x, { output })],
  ['gradient', (m, x, output) => gradient(m, x, { output })],
  ['gradientXInput', (m, x, output) => gradientXInput(m, x, { output })],
  ['deepLift', (m, x, output) => deepLift(m, x, { output })],
  ['epsilonLrp', (m, x, output) => epsilonLrp(m, x, { output })],
  ['occlusion', (m, x, output) => occlusion(m, x, { output })],
  ['shapleySampling', (m, x, output) => shapleySampling(m, x, { output, numSamples: 2 })],
  ['expectedHessians', (m, x, output) => expectedHessians(m, x, { output, numSamples: 4 })],
  ['integratedHessians', (m, x, output) => integratedHessians(m, x, { output, numSamples: 4 })],
];

let cached: tf.Tensor2D | null = null;
/** Made on first use (each test's first line), after `quietReady` has selected the backend. */
const W = (): tf.Tensor2D => (cached ??= tf.tensor2d([1, 2, 3, -1, 0.5, 1, 2, -2, 0, 1, 1, 1], [4, 3]));

/**
 * Three outputs x·W(), undefined where the first feature exceeds 5 (row 1 below): plus
 * log(5 − x₀), NaN there, or divided by relu(5 − x₀), Infinity there.
 */
function poisoned(bad: 'nan' | 'inf'): ModelFunction {
  return (x) =>
    tf.tidy(() => {
      const out = x.matMul(W());
      const gap = tf.scalar(5).sub(x.slice([0, 0], [-1, 1]));
      return bad === 'nan' ? out.add(gap.log()) : out.div(gap.relu());
    });
}

const X = [
  [1, 2, 3, 4],
  [10, 1, 1, 1],
  [1, 1, 1, 1],
];
const clean: ModelFunction = (x) => tf.tidy(() => x.matMul(W()));

for (const [name, call] of METHODS) {
  test(`${name}: NaN output of the model names row 1`, async () => {
    W();
    await rejectsWith(
      () => call(poisoned('nan'), X, 2),
      `'${name}': the model's output for input row 1 is NaN, so its explanation is undefined; check the model and row 1 of the inputs.`,
    );
  });
  test(`${name}: Infinity output of the model names row 1`, async () => {
    W();
    await rejectsWith(
      () => call(poisoned('inf'), X, 0),
      `'${name}': the model's output for input row 1 is Infinity, so its explanation is undefined; check the model and row 1 of the inputs.`,
    );
  });
  test(`${name}: NaN among the output weights is named`, async () => {
    W();
    await rejectsWith(
      () => call(clean, X, { weights: [1, NaN, 0] }),
      `Argument 'output' passed to '${name}' must have finite weights, but weight 1 is NaN.`,
    );
  });
}

test('a gradient that is infinite along the path names the attributions of the first such row', async () => {
  W();
  // √x has an infinite derivative at the baseline 0, which the trapezoid rule evaluates.
  await rejectsWith(
    () => integratedGradients((x) => x.sqrt().sum(1), [[1, 4]], { numSamples: 4, rule: 'trapezoid' }),
    "'integratedGradients' produced Infinity in the attributions of input row 0: the model or its gradient is NaN or ±Infinity between the baseline and that input.",
  );
});
