import test from 'node:test';
import assert from 'node:assert/strict';
import { imageAttributionPlot } from '../../viz';
import { errors } from '../../viz/internal/errors';
import { robustMax } from '../../viz/imageAttributionPlot';
import { images } from './fixtures';
import { rowsOf } from './helpers';

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

test('a grid of rows × columns with images underneath and opacity from |φ|', () => {
  const im = images();
  const chart = imageAttributionPlot(im.maps, { images: im.images, rowLabels: ['a', 'b'], columnLabels: ['x', 'y', 'z'] });
  const rows = rowsOf(chart);
  assert.equal(rows.length, 2 * 3 * 6 * 6);
  const cell = rows.find((r) => r.r === 1 && r.c === 2 && r.x === 3 && r.y === 4)!;
  assert.equal(cell.value, im.maps[1][2][4][3]);
  assert.equal(cell.pixel, im.images[1][4][3]);
  assert.ok((cell.alpha as number) >= 0 && (cell.alpha as number) <= 1);
  const facet = chart.spec.facet as { row: { header: { labelExpr: string } }; column: { header: { labelExpr: string } } };
  assert.equal(facet.column.header.labelExpr, `["x","y","z"][datum.value] || ''`);
  // Channels of an [rows, columns, H, W, C] input are summed.
  const withChannels = im.maps.map((r) => r.map((m) => m.map((row) => row.map((v) => [v, v]))));
  const summed = rowsOf(imageAttributionPlot(withChannels));
  assert.equal(
    summed.find((r) => r.r === 1 && r.c === 2 && r.x === 3 && r.y === 4)!.value,
    Number((2 * im.maps[1][2][4][3]).toPrecision(4)),
  );
});

test('bad input is refused with clear messages', () => {
  const im = images();
  assert.throws(() => imageAttributionPlot(im.maps, { images: im.images.slice(1) }), {
    message: errors.shapeMismatch('images', 'imageAttributionPlot', [2, 6, 6], 'attributions', [1, 6, 6]),
  });
  assert.throws(() => imageAttributionPlot(im.maps, { columnLabels: ['a'] }), {
    message: errors.lengthMismatch('columnLabels', 'imageAttributionPlot', 3, 'one per column', 1),
  });
  assert.throws(() => imageAttributionPlot([1, 2, 3]), {
    message: /must be a 4-D array \[rows, columns, height, width\].*but got shape \[3\]\./,
  });
  assert.throws(() => imageAttributionPlot(im.maps, { percentile: 0 }), {
    message: errors.badOption('percentile', 'imageAttributionPlot', 'a number in (0, 100]', 0),
  });
});
