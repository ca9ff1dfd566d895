import test from 'node:test';
import assert from 'node:assert/strict';
import { lorenzPlot } from '../../viz';
import { giniCoefficient, lorenzCurve } from '../../viz/lorenzPlot';
import { rowsOf } from './helpers';

test('Gini: 0 for uniform, (n−1)/n for one-hot, matches the pairwise definition', () => {
  assert.equal(giniCoefficient([2, 2, 2, 2]), 0);
  assert.ok(Math.abs(giniCoefficient([0, 0, 0, 0, 3]) - 4 / 5) < 1e-12);
  const v = [0.3, 1.7, 0.2, 4, 0.9];
  let pair = 0;
  for (const a of v) for (const b of v) pair += Math.abs(a - b);
  const mean = v.reduce((a, b) => a + b) / v.length;
  assert.ok(Math.abs(giniCoefficient(v) - pair / (2 * v.length ** 2 * mean)) < 1e-12);
  assert.equal(giniCoefficient([0, 0]), 0);
  assert.deepEqual(lorenzCurve([3, 1]), [
    { x: 0, y: 0 },
    { x: 0.5, y: 0.25 },
    { x: 1, y: 1 },
  ]);
});

test('curves of mean |φ| per method with the Gini in the legend and as bars', () => {
  const chart = lorenzPlot({
    a: [
      [1, -1],
      [-1, 1],
    ],
    b: [0, 2],
  });
  const curves = rowsOf(chart, (rows) => rows.length > 0 && 'method' in rows[0]);
  assert.deepEqual(
    curves.filter((r) => r.method === 'a (Gini 0.000)').map((r) => r.y),
    [0, 0.5, 1],
  );
  assert.deepEqual(
    curves.filter((r) => r.method === 'b (Gini 0.500)').map((r) => r.y),
    [0, 0, 1],
  );
  const bars = rowsOf(chart, (rows) => rows.length > 0 && 'gini' in rows[0]);
  assert.deepEqual(
    bars.map((r) => r.gini),
    [0, 0.5],
  );
  assert.equal((chart.spec.hconcat as unknown[]).length, 2);
  assert.ok(!('hconcat' in lorenzPlot({ a: [1, 2] }, { showGini: false }).spec));
});

test('bad input is refused with clear messages', () => {
  assert.throws(() => lorenzPlot({}), {
    message: "Argument 'methods' passed to 'lorenzPlot' must not be empty, but got an empty array.",
  });
  assert.throws(() => lorenzPlot({ a: [1, 2], b: [1, 2, 3] }), {
    message: `Argument 'methods["b"]' passed to 'lorenzPlot' must have 2 entries (features, as methods["a"]), but got 3.`,
  });
});
