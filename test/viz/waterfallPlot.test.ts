import test from 'node:test';
import assert from 'node:assert/strict';
import { waterfallPlot } from '../../viz';
import { rowsOf } from './helpers';
import { attributionResult, PHI as ROWS } from './resultForms';

const PHI = [0.3, -1.25, 0.05, 2.1, -0.4, 0.0007];

function bars(chart: ReturnType<typeof waterfallPlot>) {
  return rowsOf(chart, (rows) => rows.length > 0 && 'start' in rows[0]) as {
    label: string;
    start: number;
    end: number;
    value: number;
    kind: string;
    rank: number;
  }[];
}

test('waterfall: consecutive bars from the base value to f(x); they sum to f(x) − base value exactly', () => {
  const base = 0.37;
  for (const maxDisplay of [10, 3]) {
    const chart = waterfallPlot(PHI, base, { maxDisplay });
    const b = bars(chart);
    assert.equal(b[0].start, base);
    for (let k = 1; k < b.length; k++) assert.equal(b[k].start, b[k - 1].end);
    const fx = base + PHI.reduce((a, v) => a + v, 0);
    assert.equal(b[b.length - 1].end, fx);
    const sum = b.reduce((a, r) => a + (r.end - r.start), 0);
    assert.ok(Math.abs(sum - (fx - base)) < 1e-12, `${sum} vs ${fx - base}`);
    assert.ok(Math.abs(b.reduce((a, r) => a + r.value, 0) - (fx - base)) < 1e-12);
  }
  // maxDisplay 3: the two largest, then the four others merged; largest on top (rank 1).
  const b = bars(waterfallPlot(PHI, base, { maxDisplay: 3 }));
  assert.deepEqual(
    b.map((r) => r.label),
    ['4 other features', 'Feature 1', 'Feature 3'],
  );
  assert.equal(b[2].rank, 1);
});

test('waterfall with f(x) given: a completeness-gap bar closes the sum; feature values in the labels', () => {
  const b = bars(waterfallPlot([1, -0.5], 0, { outputValue: 0.8, featureNames: ['age', 'bmi'], featureValues: [61, 27.5] }));
  assert.deepEqual(
    b.map((r) => r.label),
    ['not attributed (completeness gap)', 'bmi = 27.5', 'age = 61'],
  );
  assert.equal(b[b.length - 1].end, 0.8);
  assert.ok(Math.abs(b.reduce((a, r) => a + r.value, 0) - 0.8) < 1e-12);
  assert.throws(() => waterfallPlot([[1, 2]] as never, 0), {
    message:
      "Argument 'attributions' passed to 'waterfallPlot' must be a 1-D array [features] (one prediction), but got shape [1, 2].",
  });
  assert.throws(() => waterfallPlot([1, 2], NaN), {
    message: "Argument 'baseValue' passed to 'waterfallPlot' must be a finite number, but got NaN.",
  });
  assert.throws(() => waterfallPlot([1, 2], 0, { featureNames: ['a'] }), {
    message: "Argument 'featureNames' passed to 'waterfallPlot' must have 2 entries (one per attribution), but got 1.",
  });
});

test("waterfallPlot(result, { row }) draws that row from f(x') to f(x), as the arrays with those values", () => {
  const r = attributionResult(['age', 'bmi', 'bp']);
  r.diagnostics.outputAtBaseline = [0.5, -1, 0, 2];
  r.diagnostics.outputAtInput = [1, 0, 3, 2.5];
  assert.deepEqual(
    waterfallPlot(r, { row: 1, title: 't' }).spec,
    waterfallPlot(ROWS[1], -1, { featureNames: ['age', 'bmi', 'bp'], outputValue: 0, title: 't' }).spec,
  );
  assert.deepEqual(
    waterfallPlot(r).spec,
    waterfallPlot(ROWS[0], 0.5, { featureNames: ['age', 'bmi', 'bp'], outputValue: 1 }).spec,
  );
  assert.throws(
    () => waterfallPlot({ attributions: ROWS, outputs: 3 }),
    new Error(
      "Argument 'result' passed to 'waterfallPlot' must explain one output per row, but got a result of every output (3); explain with 'output'.",
    ),
  );
  assert.throws(
    () => waterfallPlot({ attributions: ROWS }),
    new Error(
      "Argument 'result' passed to 'waterfallPlot' must carry diagnostics.outputAtBaseline (the base value), but got none; pass the attributions and a base value instead.",
    ),
  );
});
