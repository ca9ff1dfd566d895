/**
 * The method prelude names the argument at fault (issue 16, items 12 and 13): disposed tensors,
 * function models that return something other than a tensor, inputs that do not fit a
 * LayersModel, and output selections of the wrong kind — each with its literal message, across
 * the methods that share the prelude.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  expectedGradients,
  expectedHessians,
  integratedGradients,
  kernelShap,
  layerConductance,
  neuronConductance,
  occlusion,
  saliency,
  shapleySampling,
} from '../../../index';
import type { ModelFunction, ModelLike } from '../../../index';
import { mlp, noLeak, quietReady, rejectsWith } from '../support';

quietReady();

type Call = (m: ModelLike, x: tf.Tensor | number[][], baseline?: tf.Tensor) => Promise<unknown>;

let cached: tf.Sequential | null = null;
/** Made on first use (each test's first line), after `quietReady` has selected the backend. */
const net = (): tf.Sequential => (cached ??= mlp([4, 8, 1], 'softplus', 3, 0.5));

/** Methods with their cheapest options; those taking a baseline pass it through. */
const METHODS: [string, Call][] = [
  ['expectedGradients', (m, x, baseline) => expectedGradients(m, x, { numSamples: 2, baseline })],
  ['integratedGradients', (m, x, baseline) => integratedGradients(m, x, { numSamples: 2, baseline })],
  ['saliency', (m, x) => saliency(m, x)],
  ['occlusion', (m, x) => occlusion(m, x)],
  ['shapleySampling', (m, x, baseline) => shapleySampling(m, x, { numSamples: 1, baseline })],
  ['kernelShap', (m, x, baseline) => kernelShap(m, x, { numSamples: 8, baseline })],
  ['expectedHessians', (m, x, baseline) => expectedHessians(m, x, { numSamples: 2, baseline })],
  ['layerConductance', (m, x, baseline) => layerConductance(m as tf.LayersModel, x, { layer: 0, numSamples: 2, baseline })],
  [
    'neuronConductance',
    (m, x, baseline) => neuronConductance(m as tf.LayersModel, x, { layer: 0, neuron: 1, numSamples: 2, baseline }),
  ],
];
const takesBaseline = new Set([
  'expectedGradients',
  'integratedGradients',
  'shapleySampling',
  'kernelShap',
  'expectedHessians',
  'layerConductance',
  'neuronConductance',
]);

for (const [name, call] of METHODS) {
  test(`${name}: a disposed inputs or baseline tensor is named`, async () => {
    net();
    const x = tf.ones([2, 4]);
    x.dispose();
    await rejectsWith(
      () => call(net(), x),
      `Argument 'inputs' passed to '${name}' must be a live tensor, but got a disposed tensor of shape [2, 4].`,
    );
    if (takesBaseline.has(name)) {
      const b = tf.zeros([1, 4]);
      b.dispose();
      await rejectsWith(
        () => call(net(), [[1, 2, 3, 4]], b),
        `Argument 'baseline' passed to '${name}' must be a live tensor, but got a disposed tensor of shape [1, 4].`,
      );
    }
  });

  test(`${name}: inputs of another feature shape than the LayersModel's are the inputs' fault`, async () => {
    net();
    const x = tf.ones([2, 1, 4]);
    const refs = tf.zeros([10, 4]);
    try {
      await rejectsWith(
        () => call(net(), x, refs),
        `Argument 'inputs' passed to '${name}' must have feature shape [4] (the model's input shape), but got [1, 4].`,
      );
    } finally {
      x.dispose();
      refs.dispose();
    }
  });
}

const GRADIENT_METHODS = METHODS.filter(
  ([n]) => !['occlusion', 'shapleySampling', 'kernelShap', 'layerConductance', 'neuronConductance'].includes(n),
);
for (const [name, call] of GRADIENT_METHODS) {
  test(`${name}: a function model returning an array, a number or a Promise is named`, async () => {
    net();
    const x = [[1, 2, 3, 4]];
    const arrayModel = ((t: tf.Tensor) => [t.sum(1)]) as unknown as ModelFunction;
    const numberModel = (() => 3) as unknown as ModelFunction;
    const promiseModel = ((t: tf.Tensor) => Promise.resolve(t)) as unknown as ModelFunction;
    await rejectsWith(
      () => call(arrayModel, x),
      `Argument 'model' passed to '${name}' must return one tensor [N] or [N, K] for a batch, but it returned an array of length 1.`,
    );
    await rejectsWith(
      () => call(numberModel, x),
      `Argument 'model' passed to '${name}' must return one tensor [N] or [N, K] for a batch, but it returned 3.`,
    );
    await rejectsWith(
      () => call(promiseModel, x),
      `Argument 'model' passed to '${name}' must return a tensor (a tfjs model or function of a tensor) or be wrapped with blackBox(...) when it is an async function of rows, but it returned a Promise.`,
    );
  });
}

const three: ModelFunction = (x) => tf.tidy(() => x.matMul(tf.tensor2d([1, 2, 3, -1, 0.5, 1, 2, -2, 0, 1, 1, 1], [4, 3])));
const X2 = [
  [1, 2, 3, 4],
  [0.5, -1, 2, 0],
];

test('a string output is named as the wrong kind, not as a weight count', async () => {
  net();
  await rejectsWith(
    () => saliency(three, X2, { output: '1' as unknown as number }),
    `Argument 'output' passed to 'saliency' must be an output index in [0, 2], one index per input row (2) or { weights } with 3 numbers, but got "1".`,
  );
});

test("a 1-D integer tensor as output (captum's target) is one index per row; a scalar tensor one index", async () => {
  net();
  const perRow = await saliency(three, X2, { output: [2, 0] });
  const ids = tf.tensor1d([2, 0], 'int32');
  const floats = tf.tensor1d([2, 0]);
  const one = tf.scalar(1, 'int32');
  try {
    const t = await noLeak(() => saliency(three, X2, { output: ids }));
    assert.deepEqual(t.attributions, perRow.attributions);
    assert.deepEqual((await saliency(three, X2, { output: floats })).attributions, perRow.attributions);
    assert.deepEqual(
      (await saliency(three, X2, { output: one })).attributions,
      (await saliency(three, X2, { output: 1 })).attributions,
    );
    const twoD = tf.tensor2d([[0], [1]], [2, 1], 'int32');
    await rejectsWith(
      () => saliency(three, X2, { output: twoD }),
      "Argument 'output' passed to 'saliency' must be a scalar or 1-D tensor of output indices (int32 or integral float32), but got a int32 tensor of shape [2, 1].",
    );
    twoD.dispose();
    const half = tf.tensor1d([0.5, 1]);
    await rejectsWith(
      () => saliency(three, X2, { output: half }),
      "Argument 'output' passed to 'saliency' must be an integer output index in [0, 2], but got 0.5.",
    );
    half.dispose();
  } finally {
    ids.dispose();
    floats.dispose();
    one.dispose();
  }
});

test('occlusion names a fillValue given as a string, with the string', async () => {
  net();
  await rejectsWith(
    () => occlusion(net(), [[1, 2, 3, 4]], { fillValue: '0' as unknown as number }),
    `Argument 'fillValue' passed to 'occlusion' must be a finite number, but got "0".`,
  );
  await rejectsWith(
    () => occlusion(net(), [[1, 2, 3, 4]], { fillValue: NaN }),
    `Argument 'fillValue' passed to 'occlusion' must be a finite number, but got NaN.`,
  );
});
