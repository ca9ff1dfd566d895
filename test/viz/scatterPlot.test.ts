import test from 'node:test';
import assert from 'node:assert/strict';
import { scatterPlot } from '../../viz';
import { tabular, tabularInteractions } from './fixtures';
import { rowsOf } from './helpers';
import { attributionResult, interactionResult, GAMMA, PHI, X } from './resultForms';

test('interaction and main-effect panels sum to the attribution', () => {
  const t = tabular(30, 4);
  const inter = tabularInteractions(t.x, t.phi);
  const chart = scatterPlot(t.phi, t.x, { feature: 2, colorBy: 'f0', interactions: inter, featureNames: t.names });
  const rows = rowsOf(chart);
  assert.equal(rows.length, 30);
  rows.forEach((r, i) => {
    // Γ is symmetric here: Γ[2][0] + Γ[0][2] = 2 · 0.1 · x2 · x0.
    assert.ok(Math.abs((r.interaction as number) - 0.2 * t.x[i][2] * t.x[i][0]) < 1e-5);
    assert.ok(Math.abs((r.interaction as number) + (r.main as number) - t.phi[i][2]) < 1e-5);
    assert.equal(r.attribution, t.phi[i][2]);
    assert.equal(r.value, t.x[i][2]);
  });
  const panels = chart.spec.concat as { encoding: { y: { field: string; title: string } } }[];
  assert.deepEqual(
    panels.map((p) => p.encoding.y.field),
    ['y', 'interaction', 'main'],
  );
  assert.deepEqual(
    panels.map((p) => p.encoding.y.title),
    ['Attribution to f2', 'Interaction between f2 and f0', 'Main effect of f2'],
  );
  assert.deepEqual(chart.spec.resolve, { scale: { x: 'shared', y: 'shared', color: 'shared' } });
  const noMain = scatterPlot(t.phi, t.x, { feature: 2, colorBy: 0, interactions: inter, plotMain: false });
  assert.equal((noMain.spec.concat as unknown[]).length, 2);
});

test('2-D interactions are column c doubled, as path_explain reads them', () => {
  const t = tabular(8, 3);
  const inter2 = t.x.map((r) => r.map((v) => v * 0.5));
  const rows = rowsOf(scatterPlot(t.phi, t.x, { feature: 0, colorBy: 1, interactions: inter2 }));
  rows.forEach((r, i) => assert.ok(Math.abs((r.interaction as number) - t.x[i][1]) < 1e-9));
});

test('colour is clipped to the 5th–95th percentile and the default feature is the most important', () => {
  const values = [...Array.from({ length: 100 }, (_, i) => i), -500];
  const x = values.map((v) => [v, v]);
  const phi = values.map((_, i) => [0.1, i % 7]);
  const chart = scatterPlot(phi, x, { colorBy: 0 });
  const rows = rowsOf(chart);
  // The percentiles of 0..99 ∪ {-500}: 5th = 4, 95th = 94.
  assert.equal(Math.min(...rows.map((r) => r.color as number)), 4);
  assert.equal(Math.max(...rows.map((r) => r.color as number)), 94);
  assert.equal(rows[100].colorValue, -500);
  assert.match(chart.description, /attribution to Feature 1/);
});

test('jitter is seeded and leaves the tooltip values alone', () => {
  const t = tabular(20, 2);
  const a = rowsOf(scatterPlot(t.phi, t.x, { feature: 0, jitterX: true, seed: 3 }));
  const b = rowsOf(scatterPlot(t.phi, t.x, { feature: 0, jitterX: true, seed: 3 }));
  const c = rowsOf(scatterPlot(t.phi, t.x, { feature: 0, jitterX: true, seed: 4 }));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.some((r) => r.x !== r.value));
  a.forEach((r, i) => assert.equal(r.value, t.x[i][0]));
});

test('bad input is refused with clear messages', () => {
  const t = tabular(5, 3);
  assert.throws(() => scatterPlot(t.phi, t.x, { feature: 'nope', featureNames: t.names }), {
    message:
      "Argument 'feature' passed to 'scatterPlot' must be a feature index in [0, 3) or one of the feature names, but got \"nope\".",
  });
  assert.throws(() => scatterPlot(t.phi, t.x, { interactions: t.phi }), {
    message: "Argument 'interactions' passed to 'scatterPlot' requires 'colorBy' to be given as well.",
  });
  assert.throws(() => scatterPlot(t.phi, t.x, { colorBy: 1, interactions: [[1]] }), {
    message: "Argument 'interactions' passed to 'scatterPlot' must have shape [5, 3] like 'attributions', but got [1, 1].",
  });
});

test('scatterPlot(result, { featureValues, interactions: result }) draws the chart of the arrays', () => {
  const names = ['age', 'bmi', 'bp'];
  const fromArrays = scatterPlot(PHI, X, { feature: 'bmi', colorBy: 'age', featureNames: names, interactions: GAMMA });
  const fromResults = scatterPlot(attributionResult(names), {
    featureValues: X,
    feature: 'bmi',
    colorBy: 'age',
    interactions: interactionResult(GAMMA, names),
  });
  assert.deepEqual(fromResults.spec, fromArrays.spec);
  assert.deepEqual(scatterPlot(attributionResult(), { featureValues: X }).spec, scatterPlot(PHI, X).spec);
});

test('issue 16 #14: a jitter seed that is not a whole number is refused', () => {
  const t = tabular(20, 3);
  assert.throws(() => scatterPlot(t.phi, t.x, { feature: 0, seed: 0.5 }), {
    message: "Argument 'seed' passed to 'scatterPlot' must be a whole number or a string, but got 0.5.",
  });
});
