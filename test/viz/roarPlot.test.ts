import test from 'node:test';
import assert from 'node:assert/strict';
import { roarPlot } from '../../viz';
import { rowsOf } from './helpers';

test('ROAR curves in percent with the control labelled; bands only with repeats', () => {
  const rows = rowsOf(
    roarPlot({ fractions: [0, 0.5], curves: [{ method: 'random', score: [0.9, 0.8], standardError: [0, 0] }] }),
  );
  assert.deepEqual(
    rows.map((r) => [r.series, r.x, r.y]),
    [
      ['random (control)', 0, 0.9],
      ['random (control)', 50, 0.8],
    ],
  );
  assert.ok(!('lower' in rows[0]));
});
