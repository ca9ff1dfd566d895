/** Weight penalties against their closed forms, in both the textbook and the paper's forms. */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { l1WeightPrior, l2WeightPrior } from '../../../explain/priors/weightPrior';
import { quietReady } from '../support';

quietReady();

// Dense 3 → 2 (kernel K1) → 1 (kernel K2), biases set to large values that must be ignored.
const K1 = [
  [1, -2],
  [0.5, 0],
  [-3, 4],
];
const K2 = [[-1], [2.5]];
const flat = [...K1.flat(), ...K2.flat()];

function model(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 2, inputShape: [3], activation: 'relu' }));
  m.add(tf.layers.dense({ units: 1 }));
  m.layers[0].setWeights([tf.tensor2d(K1), tf.tensor1d([100, 100])]);
  m.layers[1].setWeights([tf.tensor2d(K2), tf.tensor1d([-50])]);
  return m;
}

function omega(prior: ReturnType<typeof l1WeightPrior>, m: tf.LayersModel): number {
  const before = tf.memory().numTensors;
  const t = prior.penalty(null, m);
  const v = t.dataSync()[0];
  t.dispose();
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  return v;
}

test('L1: Σ|w| by default, mean |w| over all kernel weights with form "mean"; biases excluded', () => {
  const m = model();
  const sumAbs = flat.reduce((s, w) => s + Math.abs(w), 0); // 14
  assert.equal(sumAbs, 14);
  assert.ok(Math.abs(omega(l1WeightPrior(), m) - sumAbs) < 1e-5);
  assert.ok(Math.abs(omega(l1WeightPrior({ form: 'sum' }), m) - sumAbs) < 1e-5);
  assert.ok(Math.abs(omega(l1WeightPrior({ form: 'mean' }), m) - sumAbs / 8) < 1e-6);
  assert.equal(l1WeightPrior({ form: 'mean' }).name, 'l1WeightsMean');
  m.dispose();
});

test('L2: Σw² by default, the unsquared norm ‖w‖₂ with form "norm"; biases excluded', () => {
  const m = model();
  const sumSq = flat.reduce((s, w) => s + w * w, 0); // 1+4+0.25+0+9+16+1+6.25 = 37.5
  assert.equal(sumSq, 37.5);
  assert.ok(Math.abs(omega(l2WeightPrior(), m) - sumSq) < 1e-4);
  assert.ok(Math.abs(omega(l2WeightPrior({ form: 'norm' }), m) - Math.sqrt(37.5)) < 1e-5);
  assert.equal(l2WeightPrior({ form: 'norm' }).name, 'l2WeightsNorm');
  m.dispose();
});

test('gradients: d mean|w|/dw = sign(w)/n and d‖w‖/dw = w/‖w‖', () => {
  const m = model();
  const vars = m.trainableWeights.filter((w) => !/bias$/.test(w.originalName)).map((w) => w.read() as tf.Variable);
  const grads = (prior: ReturnType<typeof l1WeightPrior>) =>
    tf.variableGrads(() => prior.penalty(null, m), vars as tf.Variable[]);
  const g1 = grads(l1WeightPrior({ form: 'mean' }));
  const got1 = vars.flatMap((v) => Array.from(g1.grads[v.name].dataSync()));
  flat.forEach((w, i) => assert.ok(Math.abs(got1[i] - Math.sign(w) / 8) < 1e-6 || w === 0, `l1 grad ${i}`));
  const g2 = grads(l2WeightPrior({ form: 'norm' }));
  const got2 = vars.flatMap((v) => Array.from(g2.grads[v.name].dataSync()));
  flat.forEach((w, i) => assert.ok(Math.abs(got2[i] - w / Math.sqrt(37.5)) < 1e-5, `l2 grad ${i}`));
  tf.dispose([g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads)]);
  m.dispose();
});

test('an unknown form names the argument and the valid forms', () => {
  assert.throws(() => l1WeightPrior({ form: 'avg' as never }), {
    message: "Argument 'form' passed to 'l1WeightPrior' must be one of 'sum', 'mean', but got \"avg\".",
  });
  assert.throws(() => l2WeightPrior({ form: 'squared' as never }), {
    message: "Argument 'form' passed to 'l2WeightPrior' must be one of 'sumOfSquares', 'norm', but got \"squared\".",
  });
});

test('a function model is named: the weight penalties need the kernels of a tf.LayersModel', () => {
  const f = (t: tf.Tensor) => t;
  const before = tf.memory().numTensors;
  assert.throws(() => l1WeightPrior().penalty(null, f), {
    message: "Argument 'model' passed to 'l1Weights' must be a tf.LayersModel with one input and one output, but got a function.",
  });
  assert.throws(() => l2WeightPrior().penalty(null, f), {
    message: "Argument 'model' passed to 'l2Weights' must be a tf.LayersModel with one input and one output, but got a function.",
  });
  assert.equal(tf.memory().numTensors, before);
});
