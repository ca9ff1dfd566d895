/**
 * Charts fit a 1,000 px notebook output by default: the rendered SVG (real vega rendering) of the
 * widest layouts, a three-panel scatter plot and a 10 × 10 MNIST-sized image grid with its legend,
 * is at most 1,000 px wide; explicit sizes still override.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { imageAttributionPlot, fittingPixelSize } from '../../viz/imageAttributionPlot';
import { scatterPlot } from '../../viz/scatterPlot';
import { OUTPUT_WIDTH } from '../../viz/internal/spec';
import { Lcg32 } from '../../core';

const svgWidth = (svg: string): number => Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);

function lcg(seed: number): () => number {
  const g = new Lcg32(seed);
  return () => g.uniform() - 0.5;
}

test('a three-panel scatter plot wraps its panels and fits 1,000 px', async () => {
  const r = lcg(1);
  const n = 200;
  const x = Array.from({ length: n }, () => [r(), r(), r()]);
  const phi = Array.from({ length: n }, () => [r(), r(), r()]);
  const inter = Array.from({ length: n }, () => [r(), r(), r()]);
  const chart = scatterPlot(phi, x, { feature: 2, colorBy: 0, interactions: inter });
  const spec = chart.spec as { concat?: unknown[]; columns?: number };
  assert.equal(spec.concat?.length, 3);
  assert.equal(spec.columns, 2);
  const width = svgWidth(await chart.toSVG());
  assert.ok(width > 500 && width <= OUTPUT_WIDTH, `width ${width}`);
});

test('a 10 × 10 grid of 28 × 28 maps with images shrinks its pixels to fit 1,000 px; pixelSize overrides', async () => {
  const r = lcg(2);
  const rows = 10;
  const cols = 10;
  const phi = Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => Array.from({ length: 28 }, () => Array.from({ length: 28 }, r))),
  );
  const images = Array.from({ length: rows }, () => Array.from({ length: 28 }, () => Array.from({ length: 28 }, r)));
  const rowLabels = Array.from({ length: rows }, (_, i) => `digit ${i}`);
  assert.equal(fittingPixelSize(cols, 28, rowLabels), 2.75);
  assert.equal(fittingPixelSize(2, 28, rowLabels), 4);
  const chart = imageAttributionPlot(phi, { images, rowLabels });
  const width = svgWidth(await chart.toSVG());
  assert.ok(width > 800 && width <= OUTPUT_WIDTH, `width ${width}`);
  // The tooltip names the panel: row and column labels.
  const tooltip = JSON.stringify(chart.spec).match(/"field":"(rowLabel|columnLabel)"/g);
  assert.deepEqual(tooltip, ['"field":"rowLabel"', '"field":"columnLabel"']);
  const wide = imageAttributionPlot(phi, { images, rowLabels, pixelSize: 4 });
  assert.ok(svgWidth(await wide.toSVG()) > OUTPUT_WIDTH);
});
