import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { barInteractionPlot, Chart, hconcat, linePlot, summaryPlot, textPlot, vconcat } from '../../viz';
import { errors } from '../../viz/internal/errors';
import { allCharts, TOKEN_ATTRIBUTIONS, TOKEN_INTERACTIONS, TOKENS, tabular } from './fixtures';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

function svgSize(svg: string): [number, number] {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  assert.ok(m, 'svg has width and height');
  return [Number(m[1]), Number(m[2])];
}

test('every chart renders to SVG with its marks, in DejaVu Sans', async () => {
  const expected: Record<string, RegExp[]> = {
    summary: [/mark-symbol/, /mark-rule/],
    summaryInteractions: [/mark-symbol/],
    scatter: [/mark-symbol/],
    scatterInteractions: [/mark-symbol/],
    text: [/mark-rect/, /mark-text[^]*>movie</],
    textInteractions: [/Interactions with “not”/],
    matrixInteraction: [/mark-rect/, />−0\.8</],
    barInteraction: [/mark-rect/, /not, good \(3, 4\)/],
    imageAttribution: [/mark-rect/],
    line: [/mark-line/, /mark-area/, /TV prior/],
    lorenz: [/mark-line/, /mark-rect/, /Gini prior \(Gini 0\.660\)/],
    composed: [/mark-symbol/, /mark-rect/],
    waterfall: [/mark-rect/, /mark-rule/, /2 other features/],
    force: [/mark-rect/, /not attributed/],
    globalBar: [/mark-rect/, /mark-rule/],
    heatmap: [/mark-rect/, /mark-line/],
    deletionCurves: [/mark-line/, /IG \(AUC 0\.350\)/],
    roar: [/mark-line/, /mark-area/, /random \(control\)/],
    sanityCheck: [/mark-line/, /dense_3/],
    comparison: [/mark-rect/, /★/, /infidelity ↓/],
  };
  const charts = allCharts();
  for (const [name, chart] of Object.entries(charts)) {
    const svg = await chart.toSVG();
    assert.ok(svg.startsWith('<svg'), name);
    for (const re of expected[name]) assert.match(svg, re, `${name}: ${re}`);
    assert.ok(!/font-family="(?!DejaVu Sans)/.test(svg), `${name}: only DejaVu Sans`);
  }
  // One dot per example per shown feature.
  const t = tabular(40, 5);
  const svg = await summaryPlot(t.phi, t.x, { topK: 2 }).toSVG();
  const dots = svg.slice(svg.indexOf('mark-symbol')).split('</g>')[0].match(/<path /g) ?? [];
  assert.equal(dots.length, 80);
});

test('PNG has the SVG size times the scale', async () => {
  const chart = textPlot(TOKENS, TOKEN_ATTRIBUTIONS);
  const [w, h] = svgSize(await chart.toSVG());
  assert.deepEqual(pngSize(await chart.toPNG()), [w, h]);
  assert.deepEqual(pngSize(await chart.toPNG({ scale: 2 })), [2 * w, 2 * h]);
  await assert.rejects(chart.toPNG({ scale: 0 }), { message: errors.badOption('scale', 'Chart.toPNG', 'a positive number', 0) });
});

test('rendering is deterministic', async () => {
  const a = barInteractionPlot(TOKEN_INTERACTIONS, TOKENS);
  const b = barInteractionPlot(TOKEN_INTERACTIONS, TOKENS);
  assert.ok((await a.toPNG()).equals(await b.toPNG()));
});

test('the MIME bundle holds the v5 spec, SVG, base64 PNG and a text line', async () => {
  const chart = linePlot({ a: [1, 2, 3] });
  const bundle = await chart.toMimeBundle();
  assert.deepEqual(Object.keys(bundle).sort(), ['application/vnd.vegalite.v5+json', 'image/png', 'image/svg+xml', 'text/plain']);
  assert.equal(bundle['application/vnd.vegalite.v5+json'], chart.spec);
  assert.match(bundle['image/svg+xml'], /^<svg/);
  assert.deepEqual(pngSize(Buffer.from(bundle['image/png'], 'base64')), svgSize(bundle['image/svg+xml']));
  assert.equal(bundle['text/plain'], 'linePlot: a (Value against Epoch)');
  assert.equal(JSON.stringify(chart), JSON.stringify(chart.spec));
});

test('save picks the format from the extension', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-viz-'));
  try {
    const chart = textPlot(TOKENS, TOKEN_ATTRIBUTIONS);
    for (const ext of ['svg', 'png', 'html', 'json']) await chart.save(path.join(dir, `c.${ext}`));
    assert.match(fs.readFileSync(path.join(dir, 'c.svg'), 'utf8'), /^<svg/);
    assert.equal(fs.readFileSync(path.join(dir, 'c.png')).subarray(1, 4).toString(), 'PNG');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'c.json'), 'utf8')), JSON.parse(JSON.stringify(chart.spec)));
    assert.match(fs.readFileSync(path.join(dir, 'c.html'), 'utf8'), /^<!DOCTYPE html>/);
    await assert.rejects(chart.save(path.join(dir, 'c.pdf')), { message: errors.badExtension(path.join(dir, 'c.pdf')) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('HTML is self-contained: libraries inlined, no external references', () => {
  const html = textPlot(['<b>', '</script>'], [1, -1]).toHTML();
  assert.ok(html.includes('/* vega */') && html.includes('/* vega-lite */') && html.includes('/* vega-embed */'));
  assert.ok(!/<script[^>]+src=/.test(html));
  assert.ok(!/<link[^>]+href=/.test(html));
  assert.equal((html.match(/<\/script>/g) ?? []).length, 4, 'a token cannot close the script tag');
});

test('composition puts charts side by side or stacked with unique selection names', () => {
  const t = tabular(10, 3);
  const a = summaryPlot(t.phi, t.x);
  const both = hconcat(a, summaryPlot(t.phi, t.x));
  const parts = both.spec.hconcat as Record<string, unknown>[];
  assert.equal(parts.length, 2);
  assert.ok(parts.every((p) => !('$schema' in p) && !('config' in p)));
  const names = JSON.stringify(both.spec).match(/"name":"feature(_\d+)?"/g);
  assert.deepEqual(names, ['"name":"feature"', '"name":"feature_2"']);
  assert.ok(JSON.stringify(parts[1]).includes('"param":"feature_2"'));
  const stacked = vconcat(both, linePlot({ a: [1, 2] }));
  assert.equal((stacked.spec.vconcat as unknown[]).length, 2);
  assert.ok(stacked instanceof Chart);
  assert.throws(() => hconcat(), { message: errors.noCharts('hconcat') });
});
