import test from 'node:test';
import assert from 'node:assert/strict';
import { globalBarPlot } from '../../viz';
import { rowsOf } from './helpers';
import { attributionResult, PHI, SE } from './resultForms';

test('global bars: mean |φ| per feature, largest first, ±2 SE across rows or from Monte-Carlo SEs', () => {
  const phi = [
    [1, -2, 0],
    [3, 2, 0.5],
  ];
  const rows = rowsOf(globalBarPlot(phi, { featureNames: ['a', 'b', 'c'] })) as {
    feature: string;
    mean: number;
    se: number;
    lower: number;
    upper: number;
  }[];
  assert.deepEqual(
    rows.map((r) => r.feature),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    rows.map((r) => r.mean),
    [2, 2, 0.25],
  );
  // |φ| of a: 1 and 3, SE = sd/√2 = √2/√2 = 1.
  assert.equal(rows[0].se, 1);
  assert.equal(rows[0].upper, 4);
  assert.equal(rows[0].lower, 0);
  assert.equal(rows[1].se, 0);
  const mc = rowsOf(
    globalBarPlot(phi, {
      standardError: [
        [0.3, 0, 0],
        [0.4, 0, 0],
      ],
    }),
  ) as { se: number }[];
  assert.equal(mc[0].se, 0.25);
  assert.throws(() => globalBarPlot(phi, { standardError: [[1, 2, 3]] }), {
    message: "Argument 'standardError' passed to 'globalBarPlot' must have shape [2, 3] like 'attributions', but got [1, 3].",
  });
});

test('globalBarPlot(result) uses its names and Monte-Carlo standard errors, as the arrays with those options', () => {
  const names = ['age', 'bmi', 'bp'];
  assert.deepEqual(
    globalBarPlot(attributionResult(names)).spec,
    globalBarPlot(PHI, { featureNames: names, standardError: SE }).spec,
  );
  assert.deepEqual(
    globalBarPlot(attributionResult(), { topK: 2, standardError: PHI }).spec,
    globalBarPlot(PHI, { topK: 2, standardError: PHI }).spec,
  );
});
