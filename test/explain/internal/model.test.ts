import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { evaluate, inspectOutput, toModelFunction } from '../../../explain/internal/model';
import type { ModelLike } from '../../../explain/types';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { gradientXInput } from '../../../explain/attribution/gradientXInput';
import { assertClose2, noLeak } from '../attribution/fixtures';

test('LayersModel, GraphModel-like and function models become differentiable functions', () => {
  const layers = tf.sequential({
    layers: [tf.layers.dense({ units: 2, inputShape: [3], useBias: false, kernelInitializer: 'ones' })],
  });
  const f = toModelFunction(layers, 'f');
  const g = tf.grad((x: tf.Tensor) => f(x).sum())(tf.ones([1, 3]));
  assert.deepEqual(Array.from(g.dataSync()), [2, 2, 2]);
  g.dispose();
  const graphLike = { execute: (x: tf.Tensor) => [x.sum(1)], executeAsync: () => undefined } as unknown as ModelLike;
  const h = toModelFunction(graphLike, 'f');
  const y = tf.tidy(() => h(tf.ones([2, 3])));
  assert.deepEqual(Array.from(y.dataSync()), [3, 3]);
  y.dispose();
  assert.throws(() => toModelFunction({} as ModelLike, 'f'), {
    message:
      "Argument 'model' passed to 'f' must be a tf.LayersModel, a tf.GraphModel or a function of a tensor, but got an object with keys {}.",
  });
  layers.dispose();
});

test('output shapes: [N] and [N, 1] single, [N, K] multi, others rejected; evaluate batches', () => {
  const a = tf.zeros([4]);
  const b = tf.zeros([4, 1]);
  const c = tf.zeros([4, 3]);
  const d = tf.zeros([4, 3, 2]);
  assert.deepEqual(inspectOutput(a, 4, 'f'), { numOutputs: 1, single: true });
  assert.deepEqual(inspectOutput(b, 4, 'f'), { numOutputs: 1, single: true });
  assert.deepEqual(inspectOutput(c, 4, 'f'), { numOutputs: 3, single: false });
  assert.throws(() => inspectOutput(d, 4, 'f'), {
    message: "Argument 'model' passed to 'f' must return an output of shape [N] or [N, K], but got [4, 3, 2].",
  });
  assert.throws(() => inspectOutput(c, 5, 'f'), {
    message: "Argument 'model' passed to 'f' must return one output row per input row (5), but got 4.",
  });
  [a, b, c, d].forEach((t) => t.dispose());
  const x = tf.tensor2d([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const before = tf.memory().numTensors;
  const r = evaluate(
    (t) =>
      t.matMul(
        tf.tensor2d([
          [1, 0, 1],
          [0, 1, 1],
        ]),
      ),
    x,
    2,
    'f',
  );
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(Array.from(r.values), [1, 2, 3, 3, 4, 7, 5, 6, 11]);
  assert.equal(r.info.numOutputs, 3);
  x.dispose();
});

// A GraphModel for y = softplus(x · W), W = [[1], [-2]], built from an in-memory GraphDef.
async function graphModel(): Promise<tf.GraphModel> {
  const f32 = { type: 'DT_FLOAT' };
  const modelTopology = {
    node: [
      { name: 'x', op: 'Placeholder', attr: { dtype: f32, shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } } } },
      {
        name: 'w',
        op: 'Const',
        attr: { dtype: f32, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '2' }, { size: '1' }] } } } },
      },
      { name: 'mm', op: 'MatMul', input: ['x', 'w'], attr: { T: f32, transpose_a: { b: false }, transpose_b: { b: false } } },
      { name: 'y', op: 'Softplus', input: ['mm'], attr: { T: f32 } },
    ],
    versions: { producer: 1 },
  };
  const weightData = new Float32Array([1, -2]).buffer;
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology,
      weightSpecs: [{ name: 'w', shape: [2, 1], dtype: 'float32' }],
      weightData,
      format: 'graph-model',
    }),
  );
}

test('a tf.GraphModel is explained through execute, differentiably', async () => {
  const model = await graphModel();
  const x = [
    [1, 0.5],
    [-1, 2],
  ];
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const r = await noLeak(() => gradientXInput(model, x));
  assertClose2(
    r.attributions,
    x.map(([a, b]) => [a * sig(a - 2 * b), -2 * b * sig(a - 2 * b)]),
    1e-5,
  );
  const ig = await noLeak(() => integratedGradients(model, x, { rule: 'gaussLegendre', numSamples: 16 }));
  ig.diagnostics.completenessGap.forEach((g) => assert.ok(Math.abs(g) < 1e-4));
  model.dispose();
});
