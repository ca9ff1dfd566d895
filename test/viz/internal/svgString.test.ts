import test from 'node:test';
import assert from 'node:assert/strict';
import { scatterPlot, summaryPlot } from '../../../viz';
import { compileToVega, loadVega, render, svgToPNG, withoutTooltips } from '../../../viz/internal/render';
import { RASTER_SYMBOLS, viewToSVG, type HeadlessView, type VegaScenegraphModule } from '../../../viz/internal/svgString';
import { parseColor } from '../../../viz/internal/dotRaster';
import { decodePNG } from './png';
import { allCharts, tabular } from '../fixtures';

/** SVG of a spec through vega's own View.toSVG() and through the fast writer, from one view. */
async function bothWriters(spec: unknown): Promise<[string, string]> {
  const { vega } = await loadVega();
  const vg = (await compileToVega(spec)) as { marks?: unknown };
  withoutTooltips(vg.marks);
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Error });
  try {
    const ours = await viewToSVG(vega as unknown as VegaScenegraphModule, view as unknown as HeadlessView);
    return [await view.toSVG(), ours];
  } finally {
    view.finalize();
  }
}

test('the fast SVG writer gives the same document as vega, byte for byte', async () => {
  const charts = { ...allCharts(), many: summaryPlot(tabular(700, 3).phi, tabular(700, 3).x) };
  for (const [name, chart] of Object.entries(charts)) {
    const [theirs, ours] = await bothWriters(chart.spec);
    assert.equal(ours, theirs, name);
  }
  // The direct symbol path (1,000 dots and more) and escaping of names in text.
  const t = tabular(600, 2);
  const [theirs, ours] = await bothWriters(summaryPlot(t.phi, t.x, { featureNames: ['a<b & "c"', 'd\te'] }).spec);
  assert.equal((ours.match(/<path transform/g) ?? []).length >= 1200, true);
  assert.equal(ours, theirs);
});

test('tooltips are dropped from the compiled spec only for static rendering', async () => {
  const t = tabular(5, 2);
  const vg = (await compileToVega(summaryPlot(t.phi, t.x).spec)) as { marks: unknown };
  assert.match(JSON.stringify(vg), /"tooltip"/);
  withoutTooltips(vg.marks);
  assert.doesNotMatch(JSON.stringify(vg), /"tooltip"/);
});

test('colours of dots are parsed from the forms vega writes, others are refused', () => {
  assert.deepEqual(parseColor('rgb(75, 149, 0)'), { rgb: [75, 149, 0], alpha: 1 });
  assert.deepEqual(parseColor('rgba(1,2,3,0.5)'), { rgb: [1, 2, 3], alpha: 0.5 });
  assert.deepEqual(parseColor('#0a0B0c'), { rgb: [10, 11, 12], alpha: 1 });
  assert.deepEqual(parseColor('#abc'), { rgb: [170, 187, 204], alpha: 1 });
  assert.equal(parseColor('steelblue'), undefined);
  assert.equal(parseColor('hsl(10, 20%, 30%)'), undefined);
});

test('a PNG of many dots is drawn without per-dot SVG elements and matches resvg closely', async () => {
  const n = Math.ceil(RASTER_SYMBOLS / 2);
  const t = tabular(n, 2);
  const chart = summaryPlot(t.phi, t.x, { width: 200, rowHeight: 40 });
  const { svg, png } = await render(chart.spec, { svg: true, pngScale: 1 });
  assert.equal((svg?.match(/<path transform/g) ?? []).length, 2 * n, 'the SVG keeps every dot');
  const reference = decodePNG(await svgToPNG(svg as string, 1));
  const fast = decodePNG(png as Buffer);
  assert.deepEqual([fast.width, fast.height], [reference.width, reference.height]);
  assert.ok(!Buffer.from(fast.data).equals(Buffer.from(reference.data)), 'the dots were drawn by dotRaster, not resvg');
  let sum = 0;
  let big = 0;
  for (let i = 0; i < fast.data.length; i++) {
    const d = Math.abs(fast.data[i] - reference.data[i]);
    sum += d;
    if (d > 64) big++;
  }
  // Same dots, anti-aliased alike: on average well under one level of 255 apart, and no
  // pixel is far off (a missing or misplaced dot would differ by hundreds over many pixels).
  assert.ok(sum / fast.data.length < 1, `mean difference ${sum / fast.data.length}`);
  assert.ok(big < fast.data.length / 1000, `${big} channels differ by more than 64`);
  // Deterministic, and scaled like the SVG route.
  assert.ok((await chart.toPNG()).equals(png as Buffer));
  const twice = decodePNG(await chart.toPNG({ scale: 2 }));
  assert.deepEqual([twice.width, twice.height], [2 * fast.width, 2 * fast.height]);
});

test('marks the raster route cannot draw exactly fall back to resvg paths', async () => {
  const t = tabular(RASTER_SYMBOLS + 10, 1);
  const spec = scatterPlot(t.phi, t.x, { feature: 0 }).spec as Record<string, unknown>;
  // A square shape is not a circle: the PNG must come from the SVG as-is.
  const squares = JSON.parse(JSON.stringify(spec).replace(/"type":"circle"/g, '"type":"square"'));
  const { svg, png } = await render(squares, { svg: true, pngScale: 1 });
  assert.ok((png as Buffer).equals(await svgToPNG(svg as string, 1)));
});
