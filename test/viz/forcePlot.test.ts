import test from 'node:test';
import assert from 'node:assert/strict';
import { forcePlot } from '../../viz';
import { rowsOf } from './helpers';
import { attributionResult, PHI as ROWS } from './resultForms';

test('force plot: red segments end at f(x), blue start there; signed sizes sum to f(x) − base value exactly', () => {
  const phi = [0.3, -1.25, 0.05, 2.1, -0.4];
  const base = -0.2;
  const fx = base + phi.reduce((a, v) => a + v, 0);
  const seg = rowsOf(forcePlot(phi, base), (rows) => rows.length > 0 && 'sign' in rows[0]) as {
    start: number;
    end: number;
    value: number;
    sign: string;
    label: string;
  }[];
  const pos = seg.filter((s) => s.sign === 'positive');
  const neg = seg.filter((s) => s.sign === 'negative');
  assert.equal(pos[0].end, fx);
  assert.equal(neg[0].start, fx);
  assert.deepEqual(
    pos.map((s) => s.label),
    ['Feature 3', 'Feature 0', 'Feature 2'],
  );
  assert.deepEqual(
    neg.map((s) => s.label),
    ['Feature 1', 'Feature 4'],
  );
  for (let k = 1; k < pos.length; k++) assert.equal(pos[k].end, pos[k - 1].start);
  for (let k = 1; k < neg.length; k++) assert.equal(neg[k].start, neg[k - 1].end);
  const signedSum = pos.reduce((a, s) => a + (s.end - s.start), 0) - neg.reduce((a, s) => a + (s.end - s.start), 0);
  assert.ok(Math.abs(signedSum - (fx - base)) < 1e-12);
  assert.ok(Math.abs(seg.reduce((a, s) => a + s.value, 0) - (fx - base)) < 1e-12);
  assert.throws(() => forcePlot(phi, base, { maxDisplay: 0 }), {
    message: "Argument 'maxDisplay' passed to 'forcePlot' must be a positive integer, but got 0.",
  });
});

test("forcePlot(result, { row }) draws that row from f(x') to f(x), as the arrays with those values", () => {
  const r = attributionResult(['age', 'bmi', 'bp']);
  r.diagnostics.outputAtBaseline = [0.5, -1, 0, 2];
  r.diagnostics.outputAtInput = [1, 0, 3, 2.5];
  assert.deepEqual(
    forcePlot(r, { row: 1, title: 't' }).spec,
    forcePlot(ROWS[1], -1, { featureNames: ['age', 'bmi', 'bp'], outputValue: 0, title: 't' }).spec,
  );
  assert.deepEqual(forcePlot(r).spec, forcePlot(ROWS[0], 0.5, { featureNames: ['age', 'bmi', 'bp'], outputValue: 1 }).spec);
  assert.throws(
    () => forcePlot({ attributions: ROWS, outputs: 3 }),
    new Error(
      "Argument 'result' passed to 'forcePlot' must explain one output per row, but got a result of every output (3); explain with 'output'.",
    ),
  );
  assert.throws(
    () => forcePlot({ attributions: ROWS }),
    new Error(
      "Argument 'result' passed to 'forcePlot' must carry diagnostics.outputAtBaseline (the base value), but got none; pass the attributions and a base value instead.",
    ),
  );
});
