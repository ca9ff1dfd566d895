import test from 'node:test';
import assert from 'node:assert/strict';
import { deletionCurvePlot } from '../../viz';
import { rowsOf } from './helpers';

test("deletion/insertion curves carry each method's AUC in the legend", () => {
  const chart = deletionCurvePlot({ IG: { fractions: [0, 1], meanCurve: [1, 0], mean: 0.5 } }, { kind: 'insertion' });
  const rows = rowsOf(chart);
  assert.equal(rows[0].series, 'IG (AUC 0.500)');
  assert.match(chart.description, /insertion curves — IG AUC 0.500/);
  assert.throws(() => deletionCurvePlot({}), {
    message: "Argument 'curves' passed to 'deletionCurvePlot' must not be empty, but got an empty array.",
  });
  assert.throws(() => deletionCurvePlot({ a: { fractions: [0, 1], meanCurve: [1], mean: 0 } }), {
    message:
      "Argument 'curves[\"a\"].meanCurve' passed to 'deletionCurvePlot' must have 2 entries (one per fraction), but got 1.",
  });
});
