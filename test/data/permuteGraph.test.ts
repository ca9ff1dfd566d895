import test from 'node:test';
import assert from 'node:assert/strict';
import { permuteGraph } from '../../data/permuteGraph';
import { makeGraphDataset } from '../../data/makeGraphDataset';

const degrees = (a: number[][]) => a.map((r) => r.reduce((s, v) => s + v, 0));

test('permuteGraph: same degree multiset, edge count and symmetry; edges no longer follow the modules', () => {
  const g = makeGraphDataset({ trainSize: 1, testSize: 0, seed: 4 });
  const r = permuteGraph(g.adjacency, 1);
  assert.deepEqual(
    degrees(r).sort((a, b) => a - b),
    degrees(g.adjacency).sort((a, b) => a - b),
  );
  r.forEach((row, i) => {
    assert.equal(row[i], 0);
    row.forEach((v, j) => assert.equal(v, r[j][i]));
  });
  const within = (a: number[][]) =>
    a.reduce((s, row, i) => s + row.reduce((t, v, j) => t + (v && g.moduleOf[i] === g.moduleOf[j] ? 1 : 0), 0), 0);
  const total = (a: number[][]) => a.flat().reduce((s, v) => s + v, 0);
  assert.equal(total(r), total(g.adjacency));
  assert.equal(within(g.adjacency), total(g.adjacency));
  // Of 100 features in modules of 10, a random edge stays inside a module about 9% of the time.
  assert.ok(within(r) / total(r) < 0.3, `${within(r) / total(r)}`);
  assert.deepEqual(permuteGraph(g.adjacency, 1), r);
  assert.notDeepEqual(permuteGraph(g.adjacency, 2), r);
});

test('permuteGraph: a small case by hand, and a non-square matrix is named', () => {
  // A path 0 – 1 – 2: whatever the permutation, one node of degree 2 and two of degree 1.
  const path = [
    [0, 1, 0],
    [1, 0, 1],
    [0, 1, 0],
  ];
  for (let s = 0; s < 5; s++) assert.deepEqual(degrees(permuteGraph(path, s)).sort(), [1, 1, 2]);
  assert.throws(() => permuteGraph(null as unknown as number[][]), {
    message: "Argument 'adjacency' passed to 'permuteGraph' must be a square matrix (an array of rows), but got null.",
  });
  assert.throws(() => permuteGraph([[0, 1], [1]]), {
    message: "Argument 'adjacency' passed to 'permuteGraph' must have 2 features, but got 1.",
  });
});
