import test from 'node:test';
import assert from 'node:assert/strict';
import { summaryPlot } from '../../viz';
import { resetWarnings } from '../../viz/internal/errors';
import { beeswarmOffsets } from '../../viz/summaryPlot';
import { tabular } from './fixtures';
import { captureWarnings, captureWarningsAsync, flattenRows, rowsOf } from './helpers';
import { attributionResult, interactionResult, GAMMA, PHI, X } from './resultForms';

test('features are ordered by mean |attribution| and cut to the top k', () => {
  // Column j has mean |φ| = [0.1, 3, 0.5, 2][j]: order 1, 3, 2, 0.
  const scale = [0.1, 3, 0.5, 2];
  const phi = [1, -1, 1, -1].map((s) => scale.map((v) => v * s));
  const x = phi.map((r) => r.map((_, j) => j));
  const chart = summaryPlot(phi, x, { featureNames: ['a', 'b', 'c', 'd'], topK: 3 });
  const rows = rowsOf(chart);
  assert.deepEqual(
    rows.map((r) => r.feature),
    ['b', 'd', 'c'],
  );
  assert.deepEqual(
    rows.map((r) => r.rank),
    [0, 1, 2],
  );
  assert.deepEqual(rows[0].attribution, [3, -3, 3, -3]);
  assert.match(chart.description, /top 3 by mean \|attribution\|: b, d, c$/);
  const points = (chart.spec.layer as { encoding?: { y?: { axis?: { labelExpr?: string; values?: number[] } } } }[])[1];
  assert.equal(points.encoding?.y?.axis?.labelExpr, `["b","d","c"][datum.value] || ''`);
  assert.deepEqual(points.encoding?.y?.axis?.values, [0, 1, 2]);
});

test('colour is the feature value clipped to its own 5th–95th percentile, scaled to [0, 1]', () => {
  // 0..99 plus an outlier 1000: the 5th and 95th percentiles (numpy's linear rule) are 5 and 95.
  const values = [...Array.from({ length: 100 }, (_, i) => i), 1000];
  const x = values.map((v) => [v, -v * 2]);
  const phi = values.map((_, i) => [i % 3, 1]);
  const dots = flattenRows(rowsOf(summaryPlot(phi, x)));
  const lo = 5;
  const hi = 95;
  for (const col of [0, 1]) {
    for (const dot of dots.filter((d) => d.feature === `Feature ${col}`)) {
      const v = dot.value as number;
      const raw = col === 0 ? v : -v / 2;
      const expected =
        col === 0 ? (Math.min(Math.max(raw, lo), hi) - lo) / (hi - lo) : 1 - (Math.min(Math.max(raw, lo), hi) - lo) / (hi - lo);
      assert.ok(
        Math.abs((dot.color as number) - expected) < 1e-3,
        `${dot.feature} value ${v}: colour ${dot.color} vs ${expected}`,
      );
    }
  }
  const outlier = dots.find((d) => d.value === 1000);
  assert.equal(outlier?.color, 1);
});

test('dots stay within their row and interactions set the offset', () => {
  const t = tabular(60, 3);
  const dots = flattenRows(rowsOf(summaryPlot(t.phi, t.x)));
  for (const d of dots) assert.ok(Math.abs((d.row as number) - (d.rank as number)) <= 0.4 + 1e-9);
  const inter = t.phi.map((r) => r.map((v) => v / 2));
  const withInter = flattenRows(rowsOf(summaryPlot(t.phi, t.x, { interactions: inter })));
  const maxAbs = Math.max(...inter.flat().map(Math.abs));
  for (const d of withInter) {
    assert.ok(Math.abs((d.rank as number) - (d.row as number) - ((d.interaction as number) / maxAbs) * 0.4) < 1e-4);
  }
});

test('beeswarm offsets alternate around the centre within a bin', () => {
  const o = beeswarmOffsets([1, 1, 1, 1, 5], 100, 0.4);
  // Layers 0, 1, 2, 3 in one bin: 0, +1, -1, +2, scaled by 0.4 / (2 + 1).
  assert.deepEqual(
    Array.from(o).map((v) => Math.round(v * 1e6) / 1e6),
    [0, 0.133333, -0.133333, 0.266667, 0],
  );
});

test('a top k larger than the number of features is clamped with one warning', () => {
  resetWarnings();
  const t = tabular(10, 3);
  const { result, warnings: w } = captureWarnings(() => {
    summaryPlot(t.phi, t.x, { topK: 10 });
    return summaryPlot(t.phi, t.x, { topK: 10 });
  });
  assert.deepEqual(w, ["pathlab: Option 'topK' passed to 'summaryPlot' is 10, but there are only 3 features; plotting all 3."]);
  assert.equal(rowsOf(result).length, 3);
});

test('bad input is refused with the function and argument named', () => {
  const t = tabular(5, 3);
  assert.throws(() => summaryPlot(t.phi, t.x, { featureNames: ['a', 'b'] }), {
    message: "Argument 'featureNames' passed to 'summaryPlot' must have 3 entries (one per feature), but got 2.",
  });
  const nan = t.phi.map((r) => [...r]);
  nan[3][1] = NaN;
  assert.throws(() => summaryPlot(nan, t.x), {
    message: "Argument 'attributions' passed to 'summaryPlot' must contain only finite numbers, but got NaN at [3, 1].",
  });
  assert.throws(() => summaryPlot([], []), {
    message: "Argument 'attributions' passed to 'summaryPlot' must not be empty, but got an empty array.",
  });
  assert.throws(() => summaryPlot(t.phi, t.x.slice(1)), {
    message: "Argument 'featureValues' passed to 'summaryPlot' must have shape [5, 3] like 'attributions', but got [4, 3].",
  });
  assert.throws(
    () =>
      summaryPlot(
        [[1, 2], [3]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    {
      message:
        "Argument 'attributions' passed to 'summaryPlot' must be a rectangular array, but the row at [1] has length 1 instead of 2.",
    },
  );
  assert.throws(() => summaryPlot(t.phi, t.x, { topK: 0 }), {
    message: "Argument 'topK' passed to 'summaryPlot' must be a positive integer, but got 0.",
  });
  const inter3 = t.phi.map((r) => r.map(() => r.map(() => 0)));
  assert.throws(() => summaryPlot(t.phi, t.x, { interactions: inter3 }), {
    message: "Argument 'interactions' passed to 'summaryPlot' requires 'interactionFeature' to be given as well.",
  });
});

test('tensors are accepted structurally (arraySync or dataSync + shape)', () => {
  const t = tabular(6, 2);
  const viaArraySync = summaryPlot({ arraySync: () => t.phi }, t.x);
  const viaDataSync = summaryPlot({ dataSync: () => Float32Array.from(t.phi.flat()), shape: [6, 2] }, t.x);
  assert.deepEqual(rowsOf(viaArraySync), rowsOf(summaryPlot(t.phi, t.x)));
  assert.deepEqual(
    (rowsOf(viaDataSync)[0].attribution as number[]).map((v) => Math.round(v * 1000)),
    (rowsOf(viaArraySync)[0].attribution as number[]).map((v) => Math.round(v * 1000)),
  );
});

test('issue 16 #22: repeated feature names are an error (they would merge two rows)', () => {
  const t = tabular(5, 3);
  assert.throws(() => summaryPlot(t.phi, t.x, { featureNames: ['age', 'bmi', 'age'] }), {
    message: `Argument 'featureNames' passed to 'summaryPlot' must not repeat a feature name, but got "age" at 0 and 2.`,
  });
});

test('issue 16 #15: feature names holding U+2028/U+2029 render', async () => {
  const t = tabular(20, 2);
  const chart = summaryPlot(t.phi, t.x, { featureNames: ['line\u2028sep', 'para\u2029sep'] });
  assert.match(await chart.toSVG(), /^<svg/);
});

test('issue 16 #22: above maxDots every m-th example is drawn, with a warning; order and colours use all', () => {
  resetWarnings();
  const t = tabular(1000, 3);
  const full = summaryPlot(t.phi, t.x);
  const { result, warnings: got } = captureWarnings(() => summaryPlot(t.phi, t.x, { maxDots: 900 }));
  assert.deepEqual(got, [
    "pathlab: 'summaryPlot' would draw 3,000 dots, more than maxDots = 900; it shows every 4th example (250 of 1,000); the feature order and colour bounds still use all of them. Raise 'maxDots' to draw more.",
  ]);
  const rows = rowsOf(result);
  const fullRows = rowsOf(full);
  assert.deepEqual(
    rows.map((r) => r.feature),
    fullRows.map((r) => r.feature),
  );
  for (const [k, r] of rows.entries()) {
    const a = r.attribution as number[];
    assert.equal(a.length, 250);
    // Examples 0, 4, 8, …; their colours as in the full chart (bounds from all 1,000).
    assert.deepEqual(
      a,
      (fullRows[k].attribution as number[]).filter((_, i) => i % 4 === 0),
    );
    assert.deepEqual(
      r.color,
      (fullRows[k].color as number[]).filter((_, i) => i % 4 === 0),
    );
  }
  assert.match(result.description, /^summaryPlot: 1000 examples \(250 drawn\) × 3 features/);
  assert.throws(() => summaryPlot(t.phi, t.x, { maxDots: 0 }), { message: /Argument 'maxDots' passed to 'summaryPlot'/ });
});

test('issue 16 #22: 100,000 × 5 gives a summarised spec and an SVG whose dots are one image, not 88 MB', async () => {
  resetWarnings();
  const t = tabular(100000, 5);
  const { result: chart, warnings: got } = captureWarnings(() => summaryPlot(t.phi, t.x));
  assert.equal(got.length, 1);
  assert.match(got[0], /would draw 500,000 dots, more than maxDots = 150,000; it shows every 4th example \(25,000 of 100,000\)/);
  const { result: bundle, warnings: rastered } = await captureWarningsAsync(() => chart.toMimeBundle());
  assert.deepEqual(rastered, [
    "pathlab: 'Chart.toMimeBundle': a layer of 125,000 dots (50,000 or more) is drawn in the SVG as one image at twice its size; the interactive chart keeps every dot.",
  ]);
  const svg = bundle['image/svg+xml'];
  assert.ok(svg.length < 2e6, `SVG of ${svg.length} bytes`);
  assert.equal((svg.match(/<image /g) ?? []).length, 1);
  assert.equal((svg.match(/<path transform/g) ?? []).length, 0);
  assert.ok(JSON.stringify(bundle['application/vnd.vegalite.v5+json']).length < 6e6);
});

test('summaryPlot(result, { featureValues }) draws the chart of the arrays, named by the result', () => {
  const names = ['age', 'bmi', 'bp'];
  const fromArrays = summaryPlot(PHI, X, { featureNames: names, topK: 2 });
  assert.deepEqual(summaryPlot(attributionResult(names), { featureValues: X, topK: 2 }).spec, fromArrays.spec);
  // Names given in the options win over the result's.
  assert.deepEqual(
    summaryPlot(attributionResult(['a', 'b', 'c']), { featureValues: X, featureNames: names, topK: 2 }).spec,
    fromArrays.spec,
  );
  assert.deepEqual(summaryPlot(attributionResult(), { featureValues: X }).spec, summaryPlot(PHI, X).spec);
  // An interaction result as `interactions` is its [examples, features, features] matrices.
  assert.deepEqual(
    summaryPlot(attributionResult(), { featureValues: X, interactions: interactionResult(), interactionFeature: 1 }).spec,
    summaryPlot(PHI, X, { interactions: GAMMA, interactionFeature: 1 }).spec,
  );
  assert.throws(
    () => summaryPlot(attributionResult(), {} as never),
    new Error(
      "Argument 'featureValues' passed to 'summaryPlot' must be the [examples, features] inputs the result explains, but got undefined.",
    ),
  );
});
