import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { barInteractionPlot, Chart, hconcat, linePlot, summaryPlot, textPlot, vconcat } from '../../viz';
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
  const dots =
    svg
      .slice(svg.indexOf('mark-symbol'))
      .split('</g>')[0]
      .match(/<path /g) ?? [];
  assert.equal(dots.length, 80);
});

test('PNG has the SVG size times the scale', async () => {
  const chart = textPlot(TOKENS, TOKEN_ATTRIBUTIONS);
  const [w, h] = svgSize(await chart.toSVG());
  assert.deepEqual(pngSize(await chart.toPNG()), [w, h]);
  assert.deepEqual(pngSize(await chart.toPNG({ scale: 2 })), [2 * w, 2 * h]);
  await assert.rejects(chart.toPNG({ scale: 0 }), {
    message: "Argument 'scale' passed to 'Chart.toPNG' must be a number in (0, 32], but got 0.",
  });
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
    await assert.rejects(chart.save(path.join(dir, 'c.pdf')), {
      message: `Argument 'path' passed to 'Chart.save' must end in .svg, .png, .html or .json, but got "${path.join(dir, 'c.pdf')}".`,
    });
    await assert.rejects(chart.save('c.pdf'), {
      message: "Argument 'path' passed to 'Chart.save' must end in .svg, .png, .html or .json, but got \"c.pdf\".",
    });
    assert.ok(!fs.existsSync('c.pdf'));
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
  assert.throws(() => hconcat(), {
    message: "Argument 'charts' passed to 'hconcat' must hold at least one chart, but got none.",
  });
});

test('issue 16 #3: PNG scale and pixel count are bounded before anything is rasterised', async () => {
  const chart = linePlot({ a: [1, 2, 3] });
  await assert.rejects(chart.toPNG({ scale: 1000 }), {
    message: "Argument 'scale' passed to 'Chart.toPNG' must be a number in (0, 32], but got 1000.",
  });
  // A wide chart at the largest scale is over the pixel bound: the message gives the image size.
  const wide = new Chart({ ...chart.spec, width: 4000, height: 3000 }, 'wide');
  const before = process.memoryUsage().rss;
  // 4115 × 3049 is the SVG's size (the plot plus axes and padding), times the scale.
  await assert.rejects(wide.toPNG({ scale: 32 }), {
    message:
      "Argument 'scale' passed to 'Chart.toPNG' must keep the PNG within 64,000,000 pixels, but got scale 32, a 131680 × 97568 image; use a smaller scale.",
  });
  assert.ok(process.memoryUsage().rss - before < 200 * 2 ** 20, 'nothing large was allocated');
});

test('issue 16 #4: PNG rendering frees its native memory (memory outside the JS heap grows < 30 MB over 300 renders)', async () => {
  const chart = linePlot({ a: [1, 2, 3] });
  // Off-heap memory: RSS minus the JS heap, so heap growth between collections is not counted.
  const native = () => process.memoryUsage().rss - process.memoryUsage().heapTotal;
  for (let i = 0; i < 150; i++) await chart.toPNG();
  const before = native();
  for (let i = 0; i < 300; i++) await chart.toPNG();
  const grown = (native() - before) / 2 ** 20;
  // The synchronous resvg render kept ≈ 1 MB per call: 300 calls grew RSS by ≈ 300 MB.
  assert.ok(grown < 30, `off-heap memory grew ${grown.toFixed(1)} MB`);
});

test('issue 16 #22: a spec with a mark type that does not exist is a named error, not a TypeError', async () => {
  const why =
    'spec.mark has type "nonsense", which is not one of arc, area, bar, boxplot, circle, errorband, errorbar, geoshape, image, line, point, rect, rule, square, text, tick, trail';
  await assert.rejects(new Chart({ mark: 'nonsense' }, 'x').toSVG(), {
    message: `The spec of the chart passed to 'Chart.toSVG' is not valid vega-lite: ${why}.`,
  });
  await assert.rejects(new Chart({ layer: [{ mark: 'point' }, { mark: { type: 'bogus' } }] }, 'x').toPNG(), {
    message: /^The spec of the chart passed to 'Chart.toPNG' is not valid vega-lite: spec.layer\[1\].mark has type "bogus"/,
  });
  await assert.rejects(Chart.validate({ mark: 'point', encoding: { x: { field: 'a', type: 'wrong' } } }), {
    message: `The spec of the chart passed to 'Chart.validate' is not valid vega-lite: Invalid field type "undefined".`,
  });
  await assert.rejects(new Chart({}, 'x').toMimeBundle(), {
    message: /^The spec of the chart passed to 'Chart.toMimeBundle' is not valid vega-lite: Invalid specification/,
  });
  await Chart.validate(linePlot({ a: [1, 2] }).spec);
});

test('issue 16 #10: renderer options are checked: toPNG, toSVG, toHTML, save', async () => {
  const chart = linePlot({ a: [1, 2, 3] });
  await assert.rejects(chart.toPNG({ scael: 2 } as never), {
    message: "Argument 'options' passed to 'Chart.toPNG' has an unknown key 'scael' (did you mean 'scale'?); valid keys: scale.",
  });
  await assert.rejects(chart.toSVG({ scale: 2 } as never), {
    message: "Argument 'options' passed to 'Chart.toSVG' has an unknown key 'scale'; it takes no options.",
  });
  assert.throws(() => chart.toHTML({ render: 'canvas' } as never), {
    message:
      "Argument 'options' passed to 'Chart.toHTML' has an unknown key 'render' (did you mean 'renderer'?); valid keys: renderer.",
  });
  const file = path.join(os.tmpdir(), `pathlab-keys-${process.pid}.png`);
  await assert.rejects(chart.save(file, { scal: 2 } as never), {
    message:
      "Argument 'options' passed to 'Chart.save' has an unknown key 'scal' (did you mean 'scale'?); valid keys: renderer, scale.",
  });
  assert.equal(fs.existsSync(file), false);
});
