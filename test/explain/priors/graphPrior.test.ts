/** The graph prior (SPEC.md: ≥ 0, and 0 for equal mean |φ| on a connected graph). */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { graphPrior, laplacian } from '../../../explain/priors/graphPrior';
import { Rng } from '../../../core';
import { quietReady } from '../support';

quietReady();

const id = (x: tf.Tensor) => x;
const path4 = {
  nodes: 4,
  edges: [
    [0, 1],
    [1, 2],
    [2, 3],
  ] as [number, number][],
};

test('laplacian builds D − A from a dense matrix or an edge list', () => {
  const expected = [
    [1, -1, 0, 0],
    [-1, 2, -1, 0],
    [0, -1, 2, -1],
    [0, 0, -1, 1],
  ];
  assert.deepEqual(laplacian(path4), expected);
  const dense = [
    [0, 1, 0, 0],
    [1, 0, 1, 0],
    [0, 1, 0, 1],
    [0, 0, 1, 0],
  ];
  assert.deepEqual(laplacian(dense), expected);
  assert.deepEqual(laplacian({ nodes: 2, edges: [[0, 1, 2.5]] }), [
    [2.5, -2.5],
    [-2.5, 2.5],
  ]);
});

test('Ω = ½ Σ Aᵢⱼ (φ̄ᵢ − φ̄ⱼ)² with φ̄ the batch mean of |φ|; 0 for equal φ̄ on a connected graph', () => {
  const phi = tf.tensor2d([
    [1, -2, 3, 0],
    [-1, 0, 1, 2],
  ]);
  // φ̄ = [1, 1, 2, 1]: edges (0,1) 0, (1,2) 1, (2,3) 1 → 2.
  assert.ok(Math.abs((graphPrior(path4).penalty(phi, id).arraySync() as number) - 2) < 1e-5);
  const equal = tf.tensor2d([
    [0.5, -0.5, 0.5, 0.5],
    [-0.5, 0.5, -0.5, 0.5],
  ]);
  assert.equal(graphPrior(path4).penalty(equal, id).arraySync(), 0);
  tf.dispose([phi, equal]);
});

test('Ω equals ½ Σ Aᵢⱼ (φ̄ᵢ − φ̄ⱼ)² computed directly, for random graphs and attributions, dense and sparse alike', () => {
  const rng = new Rng(12345);
  for (let trial = 0; trial < 5; trial++) {
    const n = 6;
    const rows = 3;
    const edges: [number, number, number][] = [];
    const dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (rng.uniform() < 0.5) {
          const w = rng.uniform() * 3;
          edges.push([i, j, w]);
          dense[i][j] = dense[j][i] = w;
        }
      }
    }
    const values = Array.from({ length: rows * n }, () => rng.uniform() * 4 - 2);
    const phi = tf.tensor2d(values, [rows, n]);
    // The closed form in float64: φ̄ = batch mean of |φ|, each undirected edge counted once.
    const mean = Array.from({ length: n }, (_, f) => {
      let t = 0;
      for (let r = 0; r < rows; r++) t += Math.abs(values[r * n + f]);
      return t / rows;
    });
    const expected = edges.reduce((acc, [i, j, w]) => acc + w * (mean[i] - mean[j]) ** 2, 0);
    const a = graphPrior({ nodes: n, edges }).penalty(phi, id).arraySync() as number;
    const b = graphPrior(dense).penalty(phi, id).arraySync() as number;
    assert.ok(expected > 0);
    assert.ok(Math.abs(a - expected) < 1e-5 * Math.max(1, expected), `sparse ${a} vs ${expected}`);
    assert.ok(Math.abs(b - expected) < 1e-5 * Math.max(1, expected), `dense ${b} vs ${expected}`);
    phi.dispose();
  }
});

test('a graph whose size does not match the features is rejected before training', () => {
  assert.throws(() => graphPrior(path4).check([5], 'train'), {
    message: "Argument 'adjacency' passed to 'train' must have one node per feature (5), but got 4 nodes.",
  });
  assert.doesNotThrow(() => graphPrior(path4).check([2, 2], 'train'));
  assert.throws(() => graphPrior([[0, 1], [1]]), {
    message: "Argument 'adjacency' passed to 'graphPrior' must be a square matrix, but got 2 rows of lengths [2, 1].",
  });
  assert.throws(() => graphPrior({ nodes: 3, edges: [[0, 3]] }), {
    message:
      "Argument 'adjacency' passed to 'graphPrior' must have edges between nodes 0..2 with finite non-negative weights, but edge 0 is [0,3].",
  });
  assert.throws(
    () =>
      graphPrior([
        [0, -1],
        [-1, 0],
      ]),
    { message: "Argument 'adjacency' passed to 'graphPrior' must have finite non-negative entries, but entry [0][1] is -1." },
  );
});

test('the graph prior leaves no tensors behind', () => {
  const phi = tf.randomNormal([3, 4]);
  const before = tf.memory().numTensors;
  graphPrior(path4).penalty(phi, id).dispose();
  assert.equal(tf.memory().numTensors, before);
  phi.dispose();
});
