import test from 'node:test';
import assert from 'node:assert/strict';
import { comparisonPlot } from '../../viz';
import { rowsOf } from './helpers';

test('comparison: one panel per metric with the winner marked', () => {
  const c = rowsOf(
    comparisonPlot(
      {
        metrics: ['infidelity'],
        rows: [
          { method: 'a', timeMs: 1, scores: { infidelity: { mean: 1, standardError: 0.1 } } },
          { method: 'b', timeMs: 2, scores: { infidelity: { mean: 2, standardError: 0.1 } } },
        ],
        winners: { infidelity: 'a' },
      },
      { showTime: false },
    ),
  );
  assert.deepEqual(
    c.map((r) => [r.metric, r.method, r.best]),
    [
      ['infidelity ↓', 'a', 'best'],
      ['infidelity ↓', 'b', ''],
    ],
  );
  assert.throws(() => comparisonPlot({ metrics: [], rows: [], winners: {} }), {
    message: "Argument 'comparison.rows' passed to 'comparisonPlot' must not be empty, but got an empty array.",
  });
});
