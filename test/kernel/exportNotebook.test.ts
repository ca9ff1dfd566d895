import test from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration } from '../../kernel/exportNotebook';

test('durations in the report header: two decimals below 10 s, one below a minute, then minutes and seconds', () => {
  assert.equal(formatDuration(12), '0.01 s');
  assert.equal(formatDuration(2345), '2.35 s');
  assert.equal(formatDuration(42051), '42.1 s');
  assert.equal(formatDuration(61000), '1 min 01 s');
  // Rounded before splitting: never "1 min 60 s".
  assert.equal(formatDuration(119600), '2 min 00 s');
  assert.equal(formatDuration(3725000), '62 min 05 s');
});
