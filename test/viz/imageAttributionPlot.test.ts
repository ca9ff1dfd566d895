import test from 'node:test';
import assert from 'node:assert/strict';
import { imageAttributionPlot } from '../../viz';
import { pixelColour, robustMax } from '../../viz/imageAttributionPlot';
import { images } from './fixtures';
import { decodeRgbDataURL, rowsOf } from './helpers';

test('the colour scale saturates at the 99.5th percentile of |attribution|, shared by the grid', () => {
  // 1000 values 0.001..1 and one outlier 100: the 99.5th percentile ignores the outlier.
  const values = [...Array.from({ length: 999 }, (_, i) => (i + 1) / 1000), 100];
  assert.ok(Math.abs(robustMax(values, 99.5) - 0.99451) < 1e-3);
  assert.equal(robustMax([0, 0, 0, 5], 50), 5, 'falls back to the maximum for sparse maps');
  const maps = [[values.slice(0, 500).map((v) => [v, -v])], [values.slice(500).map((v) => [v, -v])]].map((m) => [m[0]]);
  const chart = imageAttributionPlot(maps);
  const fill = (chart.spec.spec as { encoding: { fill: { scale: { domain: number[] } } } }).encoding.fill;
  const all = values
    .flatMap((v) => [v, -v])
    .map(Math.abs)
    .sort((a, b) => a - b);
  const pos = 0.995 * (all.length - 1);
  const expected = all[Math.floor(pos)] + (all[Math.ceil(pos)] - all[Math.floor(pos)]) * (pos - Math.floor(pos));
  assert.ok(Math.abs(fill.scale.domain[2] - expected) < 1e-9);
  assert.equal(fill.scale.domain[0], -fill.scale.domain[2]);
});

test('one PNG image mark per panel: rows × columns, images in grey underneath, opacity from |φ|', () => {
  const im = images();
  const chart = imageAttributionPlot(im.maps, { images: im.images, rowLabels: ['a', 'b'], columnLabels: ['x', 'y', 'z'] });
  const rows = rowsOf(chart);
  assert.equal(rows.length, 2 * 3);
  const inner = chart.spec.spec as { mark: Record<string, unknown>; encoding: { fill: { scale: { domain: number[] } } } };
  assert.deepEqual(inner.mark, { type: 'image', width: 24, height: 24, aspect: false, smooth: false, aria: false });
  const bound = inner.encoding.fill.scale.domain[2];
  const panel = rows.find((r) => r.r === 1 && r.c === 2)!;
  assert.equal(panel.rowLabel, 'b');
  assert.equal(panel.columnLabel, 'z');
  const map = im.maps[1][2];
  assert.equal(
    panel.sum,
    Number(
      map
        .flat()
        .reduce((a, b) => a + b, 0)
        .toPrecision(4),
    ),
  );
  assert.equal(panel.maxAbs, Math.max(...map.flat().map(Math.abs)));
  const { width, height, rgb } = decodeRgbDataURL(panel.url as string);
  assert.deepEqual([width, height], [6, 6]);
  // Every pixel as the scales compose it: grey (white at 0, #4d4d4d at 1), then the diverging
  // colour (white at 0 to #8c0f0f at −bound / #00dcaa at +bound, linear in RGB) with opacity |φ|/bound.
  for (let y = 0; y < 6; y++)
    for (let x = 0; x < 6; x++) {
      const v = map[y][x];
      const t = Math.min(1, Math.abs(v) / bound);
      const end = v < 0 ? [0x8c, 0x0f, 0x0f] : [0x00, 0xdc, 0xaa];
      const g = im.images[1][y][x];
      const want = [0, 1, 2].map((k) => {
        const under = 255 + (0x4d - 255) * g;
        return Math.round(under + (255 + (end[k] - 255) * t - under) * t);
      });
      assert.deepEqual(Array.from(rgb.subarray((y * 6 + x) * 3, (y * 6 + x) * 3 + 3)), want, `pixel ${x},${y}`);
    }
  const facet = chart.spec.facet as { row: { header: { labelExpr: string } }; column: { header: { labelExpr: string } } };
  assert.equal(facet.column.header.labelExpr, `["x","y","z"][datum.value] || ''`);
  // Channels of an [rows, columns, H, W, C] input are summed.
  const withChannels = im.maps.map((r) => r.map((m) => m.map((row) => row.map((v) => [v, v]))));
  const summed = rowsOf(imageAttributionPlot(withChannels));
  assert.equal(summed.find((r) => r.r === 1 && r.c === 2)!.maxAbs, 2 * Math.max(...map.flat().map(Math.abs)));
});

test('without images a pixel is the diverging colour itself: white at 0, the end colours at ±bound and beyond', () => {
  const bound = 2;
  const out = new Uint8Array(3);
  const colour = (v: number) => {
    pixelColour(v, bound, null, out, 0);
    return Array.from(out);
  };
  assert.deepEqual(colour(0), [255, 255, 255]);
  assert.deepEqual(colour(2), [0x00, 0xdc, 0xaa]);
  assert.deepEqual(colour(-5), [0x8c, 0x0f, 0x0f]);
  assert.deepEqual(colour(-1), [Math.round((255 + 0x8c) / 2), Math.round((255 + 0x0f) / 2), Math.round((255 + 0x0f) / 2)]);
  assert.deepEqual(colour(NaN), [255, 255, 255]);
  // Over an image pixel at full grey, φ = 0 leaves the grey.
  pixelColour(0, bound, 1, out, 0);
  assert.deepEqual(Array.from(out), [0x4d, 0x4d, 0x4d]);
});

test('a 3 × 10 grid of 28 × 28 maps has a spec of under 150 kB and an SVG without a rect per pixel', async () => {
  let s = 7;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  const maps = Array.from({ length: 3 }, () =>
    Array.from({ length: 10 }, () => Array.from({ length: 28 }, () => Array.from({ length: 28 }, rnd))),
  );
  const imgs = Array.from({ length: 3 }, () => Array.from({ length: 28 }, () => Array.from({ length: 28 }, rnd)));
  const chart = imageAttributionPlot(maps, { images: imgs });
  const size = JSON.stringify(chart.spec).length;
  assert.ok(size < 150_000, `spec ${size} bytes`);
  const svg = await chart.toSVG();
  assert.equal((svg.match(/<image /g) ?? []).length, 30);
  assert.ok(svg.length < 200_000, `svg ${svg.length} bytes`);
  assert.match(svg, /image-rendering: pixelated/);
});

test('bad input is refused with clear messages', () => {
  const im = images();
  assert.throws(() => imageAttributionPlot(im.maps, { images: im.images.slice(1) }), {
    message:
      "Argument 'images' passed to 'imageAttributionPlot' must have shape [2, 6, 6] like 'attributions', but got [1, 6, 6].",
  });
  assert.throws(() => imageAttributionPlot(im.maps, { columnLabels: ['a'] }), {
    message: "Argument 'columnLabels' passed to 'imageAttributionPlot' must have 3 entries (one per column), but got 1.",
  });
  assert.throws(() => imageAttributionPlot([1, 2, 3]), {
    message: /must be a 4-D array \[rows, columns, height, width\].*but got shape \[3\]\./,
  });
  assert.throws(() => imageAttributionPlot(im.maps, { percentile: 0 }), {
    message: "Argument 'percentile' passed to 'imageAttributionPlot' must be a number in (0, 100], but got 0.",
  });
});
