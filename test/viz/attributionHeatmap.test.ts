import test from 'node:test';
import assert from 'node:assert/strict';
import { attributionHeatmap } from '../../viz';
import { clusterOrder } from '../../viz/attributionHeatmap';
import { rowsOf } from './helpers';
import { attributionResult, PHI } from './resultForms';

test('heatmap rows by f(x), largest first, or clustered so that similar rows sit together', () => {
  const phi = [
    [1, 0],
    [-1, 0.1],
    [0.9, 0.05],
    [-1.1, 0],
  ];
  const cells = rowsOf(attributionHeatmap(phi, { outputs: [0.1, 0.9, 0.5, 0.3] }), (r) => r.length > 0 && 'feature' in r[0]) as {
    position: number;
    row: number;
  }[];
  const byPos = [...new Set(cells.sort((a, b) => a.position - b.position).map((c) => c.row))];
  assert.deepEqual(byPos, [1, 2, 3, 0]);
  const order = clusterOrder(Float64Array.from(phi.flat()), 4, 2);
  assert.equal(order.length, 4);
  const pos = (i: number) => order.indexOf(i);
  assert.equal(Math.abs(pos(0) - pos(2)), 1);
  assert.equal(Math.abs(pos(1) - pos(3)), 1);
  assert.throws(() => attributionHeatmap(phi, { order: 'output' }), {
    message: "Argument 'order' passed to 'attributionHeatmap' requires 'outputs' to be given as well.",
  });
  assert.throws(() => attributionHeatmap(phi, { outputs: [1] }), {
    message: "Argument 'outputs' passed to 'attributionHeatmap' must have 4 entries (one per row), but got 1.",
  });
});

test('attributionHeatmap(result) is named by the result and ordered by its f(x), as the arrays with those options', () => {
  const r = attributionResult(['age', 'bmi', 'bp']);
  r.diagnostics.outputAtInput = [1, 0, 3, 2.5];
  assert.deepEqual(
    attributionHeatmap(r, { topK: 2 }).spec,
    attributionHeatmap(PHI, { featureNames: ['age', 'bmi', 'bp'], outputs: [1, 0, 3, 2.5], topK: 2 }).spec,
  );
  assert.deepEqual(
    attributionHeatmap(r, { order: 'cluster' }).spec,
    attributionHeatmap(PHI, { featureNames: ['age', 'bmi', 'bp'], outputs: [1, 0, 3, 2.5], order: 'cluster' }).spec,
  );
});
