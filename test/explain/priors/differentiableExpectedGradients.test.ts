/**
 * Differentiable expected gradients: exact values on linear models (SPEC.md: EG of a linear model
 * is w ⊙ (x − x')), output selection, reference sources, seeds, and use inside variableGrads.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { differentiableExpectedGradients as eg } from '../../../explain/priors/differentiableExpectedGradients';
import { graphPrior } from '../../../explain/priors/graphPrior';
import { totalVariation } from '../../../explain/priors/totalVariation';
import { quietReady, values } from '../support';

quietReady();

const X = [
  [1, 2, 3],
  [4, 5, 6],
  [-1, 0, 2],
  [3, -2, 1],
];
// Linear model with three outputs: f_c(x) = W[:, c]ᵀ x.
const W = [
  [1, -1, 0.5],
  [2, 0, -1],
  [-3, 1, 2],
];
const linear = (w: tf.Tensor2D) => (x: tf.Tensor) => tf.matMul(x.reshape([x.shape[0], 3]), w);

function close(a: number[][], b: number[][], tol = 1e-5): void {
  a.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - b[i][j]) < tol, `[${i}][${j}] ${v} vs ${b[i][j]}`)));
}

test('linear model, roll references: φ = w_label ⊙ (x − x_{i+1}) exactly, whatever α', () => {
  const x = tf.tensor2d(X);
  const w = tf.tensor2d(W);
  const labels = [0, 2, 1, 2];
  const expected = X.map((row, i) => row.map((v, j) => W[j][labels[i]] * (v - X[(i + 1) % 4][j])));
  for (const lab of [tf.tensor1d(labels, 'int32'), tf.oneHot(tf.tensor1d(labels, 'int32'), 3), tf.tensor2d(labels, [4, 1])]) {
    const phi = eg(linear(w), x, { references: 'roll', labels: lab, seed: 3 });
    close(phi.arraySync() as number[][], expected);
    tf.dispose([phi, lab]);
  }
  // outputIndex picks one output for every row.
  const phi1 = eg(linear(w), x, { references: 'roll', outputIndex: 1 });
  close(
    phi1.arraySync() as number[][],
    X.map((row, i) => row.map((v, j) => W[j][1] * (v - X[(i + 1) % 4][j]))),
  );
  tf.dispose([x, w, phi1]);
});

test('k references: φ is w ⊙ (x − mean of the k references); a background set is sampled from', () => {
  const x = tf.tensor2d(X);
  const w = tf.tensor2d([[1], [2], [3]]);
  const phi = eg(linear(w), x, { references: 'roll', k: 2, alpha: 'grid' });
  const expected = X.map((row, i) => row.map((v, j) => [1, 2, 3][j] * (v - (X[(i + 1) % 4][j] + X[(i + 2) % 4][j]) / 2)));
  close(phi.arraySync() as number[][], expected);
  // A one-row background is the only possible reference.
  const bg = tf.tensor2d([[10, 20, 30]]);
  const phiBg = eg(linear(w), x, { references: bg, k: 3, seed: 9 });
  close(
    phiBg.arraySync() as number[][],
    X.map((row) => row.map((v, j) => [1, 2, 3][j] * (v - [10, 20, 30][j]))),
  );
  tf.dispose([x, w, phi, bg, phiBg]);
});

test('shuffle references: each row gets another row of the batch, drawn from the seed', () => {
  const x = tf.tensor2d(X);
  const w = tf.tensor2d([[1], [1], [1]]);
  const a = eg(linear(w), x, { references: 'shuffle', seed: 5 }).arraySync() as number[][];
  const b = eg(linear(w), x, { references: 'shuffle', seed: 5 }).arraySync() as number[][];
  assert.deepEqual(a, b);
  // Σᵢ φᵢ = x − x' for a linear model with unit weights: each reference is a permutation of the batch.
  const refs = a.map((row, i) => row.map((v, j) => X[i][j] - v));
  const sorted = (m: number[][]) => m.map((r) => r.join(',')).sort();
  assert.deepEqual(sorted(refs.map((r) => r.map((v) => Math.round(v)))), sorted(X));
  tf.dispose([x, w]);
});

test('image and sequence inputs keep their shape; a scalar regression output needs no labels', () => {
  const img = tf.randomUniform([3, 4, 4, 2], -1, 1, 'float32', 1);
  const seq = tf.randomUniform([3, 5, 2], -1, 1, 'float32', 2);
  const f = (x: tf.Tensor) => x.square().reshape([x.shape[0], -1]).sum(1);
  const pi = eg(f, img, { seed: 1 });
  const ps = eg(f, seq, { references: 'shuffle', seed: 1 });
  assert.deepEqual(pi.shape, [3, 4, 4, 2]);
  assert.deepEqual(ps.shape, [3, 5, 2]);
  tf.dispose([img, seq, pi, ps]);
});

test("quadratic f = Σx²: with α on the grid, φ = 2(x − x')(x' + α(x − x')) per feature", () => {
  const x = tf.tensor2d([
    [1, 2],
    [3, -1],
    [0, 4],
  ]);
  const f = (z: tf.Tensor) => z.square().sum(1);
  const phi = eg(f, x, { references: 'roll', alpha: 'grid' }).arraySync() as number[][];
  const xs = [
    [1, 2],
    [3, -1],
    [0, 4],
  ];
  const expected = xs.map((row, i) =>
    row.map((v, j) => {
      const r = xs[(i + 1) % 3][j];
      return 2 * (v - r) * (r + 0.5 * (v - r));
    }),
  );
  close(phi, expected);
  x.dispose();
});

test('bad arguments throw the exact messages and leave no tensors', () => {
  const x = tf.tensor2d(X);
  const w = tf.tensor2d(W);
  const before = tf.memory().numTensors;
  assert.throws(() => eg(linear(w), x), {
    message:
      "Argument 'output' passed to 'differentiableExpectedGradients' must be given for a model with 3 outputs (an output index or a tensor of labels), but got undefined.",
  });
  const badLabels = tf.tensor1d([0, 1], 'int32');
  assert.throws(() => eg(linear(w), x, { labels: badLabels }), {
    message: "Argument 'labels' passed to 'differentiableExpectedGradients' must have 4 rows (one per input), but got 2.",
  });
  badLabels.dispose();
  assert.throws(() => eg(linear(w), x, { outputIndex: 3 }), {
    message: "Argument 'outputIndex' passed to 'differentiableExpectedGradients' must be an integer in 0..2, but got 3.",
  });
  assert.throws(() => eg(linear(w), x, { outputIndex: 0, k: 0 }), {
    message: "Argument 'k' passed to 'differentiableExpectedGradients' must be an integer >= 1, but got 0.",
  });
  assert.throws(() => eg(linear(w), x, { outputIndex: 0, k: 4, references: 'roll' }), {
    message:
      "Argument 'inputs' passed to 'differentiableExpectedGradients' must have at least 5 rows for references 'roll', but got 4.",
  });
  const bg = tf.zeros([2, 4]);
  assert.throws(() => eg(linear(w), x, { outputIndex: 0, references: bg }), {
    message:
      "Argument 'references' passed to 'differentiableExpectedGradients' must have rows of shape [3] like the inputs, but got [4].",
  });
  bg.dispose();
  const empty = tf.zeros([0, 3]);
  assert.throws(() => eg(linear(w), x, { outputIndex: 0, references: empty }), {
    message:
      "Argument 'references' passed to 'differentiableExpectedGradients' must be a background set with at least one row, but got 0 rows.",
  });
  empty.dispose();
  assert.equal(tf.memory().numTensors, before);
  const phi = eg(linear(w), x, { outputIndex: 0 });
  assert.equal(tf.memory().numTensors, before + 1);
  tf.dispose([x, w, phi]);
});

test('inputs that are not a tensor (null, an array) are a named error, not a TypeError', () => {
  const w = tf.tensor2d(W);
  const before = tf.memory().numTensors;
  assert.throws(() => eg(linear(w), null as never), {
    message: "Argument 'inputs' passed to 'differentiableExpectedGradients' must be a tensor [N, ...featureShape], but got null.",
  });
  assert.throws(() => eg(linear(w), X as never), {
    message: `Argument 'inputs' passed to 'differentiableExpectedGradients' must be a tensor [N, ...featureShape], but got an array of length ${X.length}.`,
  });
  assert.throws(() => eg(linear(w), tf.tensor2d(X), { seed: 0.9 }), {
    message: "Argument 'seed' passed to 'differentiableExpectedGradients' must be a whole number or a string, but got 0.9.",
  });
  assert.equal(tf.memory().numTensors, before + 1);
  w.dispose();
});

test('inside tf.variableGrads the attributions are differentiable with respect to the weights', () => {
  // f(x) = (vᵀx)² with a roll reference r and α = ½: φ = 2 v ⊙ (x − r) · vᵀ(r + ½(x − r)), a
  // polynomial in v; the weight gradient of Σφ² is checked against central differences.
  const v = tf.variable(tf.tensor2d([[0.7], [-0.4]]));
  const x = tf.tensor2d([
    [1, 0.5],
    [0.2, 1],
    [-1, 0.3],
  ]);
  const loss = () =>
    eg((z) => tf.matMul(z, v).square(), x, { references: 'roll', alpha: 'grid' })
      .square()
      .sum() as tf.Scalar;
  const { grads } = tf.variableGrads(loss, [v]);
  const g = grads[v.name].dataSync();
  const base = v.dataSync().slice();
  const h = 1e-3;
  for (let i = 0; i < 2; i++) {
    const at = (d: number) => {
      const p = base.slice();
      p[i] += d;
      v.assign(tf.tensor2d(p, [2, 1]));
      return tf.tidy(() => loss().dataSync()[0]);
    };
    const fd = (at(h) - at(-h)) / (2 * h);
    assert.ok(Math.abs(fd - g[i]) < 1e-2 * Math.abs(fd), `∂/∂v${i}: ${g[i]} vs ${fd}`);
  }
  tf.dispose([v, x, grads[v.name]]);
});

// --- the weight gradient of λ·Ω(φ) against finite differences (issue 5: rel. error < 1e-2) ---

/** Sets every weight deterministically (layer initialisers draw from tfjs' unseeded RNG). */
function setWeights(model: tf.LayersModel, seed: number, scale: number): void {
  model.trainableWeights.forEach((w, i) => {
    const shape = w.shape as number[];
    const t = tf.tensor(
      values(
        shape.reduce((p, v) => p * v, 1),
        seed + i,
        scale,
      ),
      shape,
    );
    w.write(t);
    t.dispose();
  });
}

/**
 * Compares ⟨∇L, d⟩ from tf.variableGrads with (L(θ + hd) − L(θ − hd)) / 2h along a random
 * direction d over all weights; returns the relative error.
 */
function directionalCheck(model: tf.LayersModel, loss: () => tf.Scalar, h: number): { analytic: number; numeric: number } {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(loss, vars);
  value.dispose();
  const base = vars.map((v) => v.dataSync().slice());
  const dirs = vars.map((v, i) => values(v.size, 1000 + i, 1));
  let analytic = 0;
  vars.forEach((v, i) => {
    const g = grads[v.name].dataSync();
    for (let j = 0; j < g.length; j++) analytic += g[j] * dirs[i][j];
  });
  tf.dispose(grads);
  const set = (i: number, data: Float32Array | Uint8Array | Int32Array) => {
    const t = tf.tensor(data, vars[i].shape);
    vars[i].assign(t);
    t.dispose();
  };
  const at = (t: number) => {
    vars.forEach((_, i) =>
      set(
        i,
        base[i].map((b, j) => b + t * dirs[i][j]),
      ),
    );
    return tf.tidy(() => loss().dataSync()[0]);
  };
  const numeric = (at(h) - at(-h)) / (2 * h);
  vars.forEach((_, i) => set(i, base[i]));
  return { analytic, numeric };
}

test('MLP (tanh, softmax output): ∇ of λ·graph prior on EG matches finite differences', () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [5], units: 7, activation: 'tanh' }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  setWeights(model, 7, 0.8);
  const x = tf.tensor2d(values(6 * 5, 3, 1.5), [6, 5]);
  const labels = tf.tensor1d([0, 1, 2, 1, 0, 2], 'int32');
  const prior = graphPrior({
    nodes: 5,
    edges: [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [0, 4],
    ],
  });
  const lambda = 3;
  const loss = () =>
    tf.tidy(() => prior.penalty(eg(model, x, { labels, references: 'shuffle', k: 2, seed: 11 }), model).mul(lambda) as tf.Scalar);
  const before = tf.memory().numTensors;
  const { analytic, numeric } = directionalCheck(model, loss, 1e-2);
  assert.equal(tf.memory().numTensors, before);
  assert.ok(Math.abs(analytic) > 1e-4, 'the gradient is not trivially zero');
  const rel = Math.abs(analytic - numeric) / Math.abs(numeric);
  assert.ok(rel < 1e-2, `analytic ${analytic} vs numeric ${numeric} (rel. error ${rel})`);
  tf.dispose([x, labels]);
  model.dispose();
});

test('conv + max-pool net: ∇ of λ·TV on EG matches finite differences', () => {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, padding: 'same', activation: 'softplus' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  setWeights(model, 21, 0.5);
  const x = tf.tensor4d(values(4 * 36, 5, 1), [4, 6, 6, 1]);
  const labels = tf.tensor1d([0, 1, 1, 0], 'int32');
  const lambda = 0.5;
  const loss = () =>
    tf.tidy(() => totalVariation(eg(model, x, { labels, references: 'roll', seed: 2 })).mul(lambda) as tf.Scalar);
  const { analytic, numeric } = directionalCheck(model, loss, 1e-3);
  assert.ok(Math.abs(analytic) > 1e-4, 'the gradient is not trivially zero');
  const rel = Math.abs(analytic - numeric) / Math.abs(numeric);
  assert.ok(rel < 1e-2, `analytic ${analytic} vs numeric ${numeric} (rel. error ${rel})`);
  tf.dispose([x, labels]);
  model.dispose();
});

test("tanh and softmax weight gradients through EG reach every layer (with the engine's connected-output gradients)", () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 4, activation: 'tanh' }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  setWeights(model, 1, 0.7);
  const x = tf.tensor2d(values(12, 9), [4, 3]);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(
    () => eg(model, x, { outputIndex: 1, references: 'roll' }).square().sum() as tf.Scalar,
    vars,
  );
  assert.deepEqual(Object.keys(grads).sort(), vars.map((v) => v.name).sort());
  tf.dispose([value, grads, x]);
  model.dispose();
});

test('NaN inputs, a non-tensor and a disposed tensor are named instead of training on NaN', () => {
  const w = tf.tensor2d(W);
  const bad = tf.tensor2d([
    [1, 2, 3],
    [4, NaN, 6],
  ]);
  const gone = tf.ones([2, 3]);
  gone.dispose();
  const before = tf.memory().numTensors;
  try {
    assert.throws(() => eg(linear(w), bad, { outputIndex: 0 }), {
      message:
        "Argument 'inputs' passed to 'differentiableExpectedGradients' must contain only finite numbers, but got NaN at position [1, 1].",
    });
    assert.throws(() => eg(linear(w), null as unknown as tf.Tensor), {
      message:
        "Argument 'inputs' passed to 'differentiableExpectedGradients' must be a tensor [N, ...featureShape], but got null.",
    });
    assert.throws(() => eg(linear(w), gone), {
      message:
        "Argument 'inputs' passed to 'differentiableExpectedGradients' must be a live tensor, but got a disposed tensor of shape [2, 3].",
    });
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  } finally {
    w.dispose();
    bad.dispose();
  }
});

test('before ready() the backend is not chosen: the call says to await ready() first (a fresh process)', () => {
  const lib = path.join(__dirname, '../../../explain/priors/differentiableExpectedGradients');
  const script = `
    const tf = require('@tensorflow/tfjs');
    const { differentiableExpectedGradients } = require(${JSON.stringify(lib)});
    const x = tf.zeros([2, 3]);
    try { differentiableExpectedGradients((t) => t.sum(1), x); process.stdout.write('no error'); }
    catch (e) { process.stdout.write(e.message); }`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, PATHLAB_QUIET: '1' } });
  assert.equal(
    out,
    "'differentiableExpectedGradients' needs the tfjs backend chosen first: await ready() (from pathlab's explain) once before calling it.",
  );
});
