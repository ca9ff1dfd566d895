import test from 'node:test';
import assert from 'node:assert/strict';
import { sanityCheckPlot } from '../../viz';
import { rowsOf } from './helpers';

test('sanity-check curves: one point per step and measure', () => {
  const s = rowsOf(sanityCheckPlot([{ method: 'g', steps: ['original', 'd2'], spearman: [1, 0.2], ssim: [1, 0.4] }]));
  assert.deepEqual(
    s.map((r) => [r.measure, r.step, r.value]),
    [
      ['Spearman |φ|', 0, 1],
      ['Spearman |φ|', 1, 0.2],
      ['SSIM', 0, 1],
      ['SSIM', 1, 0.4],
    ],
  );
  assert.throws(() => sanityCheckPlot([]), {
    message: "Argument 'results' passed to 'sanityCheckPlot' must not be empty, but got an empty array.",
  });
});
