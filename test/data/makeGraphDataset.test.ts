import test from 'node:test';
import assert from 'node:assert/strict';
import { makeGraphDataset } from '../../data/makeGraphDataset';

test('shapes, a symmetric adjacency with zero diagonal, and edges only inside modules', () => {
  const g = makeGraphDataset({ numModules: 4, moduleSize: 5, trainSize: 12, testSize: 7, seed: 1 });
  assert.equal(g.trainX.length, 12);
  assert.equal(g.testX.length, 7);
  assert.ok(g.trainX.every((r) => r.length === 20));
  for (let i = 0; i < 20; i++) {
    assert.equal(g.adjacency[i][i], 0);
    for (let j = 0; j < 20; j++) {
      assert.equal(g.adjacency[i][j], g.adjacency[j][i]);
      if (g.adjacency[i][j]) assert.equal(g.moduleOf[i], g.moduleOf[j]);
    }
  }
});

test('every module is connected (so the graph prior can equalise it)', () => {
  const g = makeGraphDataset({ seed: 5 });
  for (const mod of g.modules) {
    const seen = new Set([mod[0]]);
    const stack = [mod[0]];
    while (stack.length) {
      const i = stack.pop()!;
      g.adjacency[i].forEach((a, j) => {
        if (a && !seen.has(j)) {
          seen.add(j);
          stack.push(j);
        }
      });
    }
    assert.equal(seen.size, mod.length);
  }
});

test('only the driving modules carry weight, and the target follows their factors', () => {
  const g = makeGraphDataset({ drivingModules: 2, trainSize: 2000, testSize: 0, targetNoise: 0, seed: 3 });
  assert.ok(g.moduleWeights.slice(0, 2).every((w) => Math.abs(w) >= 1 && Math.abs(w) <= 2));
  assert.ok(g.moduleWeights.slice(2).every((w) => w === 0));
  assert.ok(g.trueImportance.slice(20).every((v) => v === 0));
  // Features of a module share a factor: corr(x_i, x_j) = 1/(1 + σ²) = 0.5 inside a module, ≈ 0 across.
  const corr = (i: number, j: number) => {
    const a = g.trainX.map((r) => r[i]);
    const b = g.trainX.map((r) => r[j]);
    const m = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    const ma = m(a),
      mb = m(b);
    const cov = m(a.map((v, k) => (v - ma) * (b[k] - mb)));
    return cov / Math.sqrt(m(a.map((v) => (v - ma) ** 2)) * m(b.map((v) => (v - mb) ** 2)));
  };
  assert.ok(Math.abs(corr(0, 1) - 0.5) < 0.06);
  assert.ok(Math.abs(corr(0, 15)) < 0.06);
  // The target correlates with a driving module's features, not with the others.
  const yCorr = (i: number) => {
    const col = g.trainX.map((r) => r[i]);
    const m = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    const mc = m(col),
      my = m(g.trainY);
    const cov = m(col.map((v, k) => (v - mc) * (g.trainY[k] - my)));
    return cov / Math.sqrt(m(col.map((v) => (v - mc) ** 2)) * m(g.trainY.map((v) => (v - my) ** 2)));
  };
  assert.ok(Math.abs(yCorr(0)) > 0.3);
  assert.ok(Math.abs(yCorr(50)) < 0.08);
});

test('deterministic under a seed', () => {
  assert.deepEqual(makeGraphDataset({ seed: 9, testSize: 10 }), makeGraphDataset({ seed: 9, testSize: 10 }));
  assert.notDeepEqual(makeGraphDataset({ seed: 9, testSize: 10 }).trainX, makeGraphDataset({ seed: 10, testSize: 10 }).trainX);
  assert.throws(() => makeGraphDataset({ trainSize: 0 }), {
    message: "Argument 'trainSize' passed to 'makeGraphDataset' must be a positive integer, but got 0.",
  });
});

test('validationSize: extra rows from the same model, drawn after the test rows so train and test are unchanged', () => {
  const a = makeGraphDataset({ trainSize: 20, testSize: 30, seed: 9 });
  const b = makeGraphDataset({ trainSize: 20, testSize: 30, validationSize: 40, seed: 9 });
  assert.deepEqual(a.validX, []);
  assert.deepEqual(a.validY, []);
  assert.deepEqual(b.trainX, a.trainX);
  assert.deepEqual(b.testY, a.testY);
  assert.equal(b.validX.length, 40);
  assert.equal(b.validY.length, 40);
  assert.equal(b.validX[0].length, 100);
  assert.notDeepEqual(b.validX[0], b.testX[0]);
  assert.throws(() => makeGraphDataset({ validationSize: -1 }), {
    message: "Argument 'validationSize' passed to 'makeGraphDataset' must be a non-negative integer, but got -1.",
  });
});
