import test from 'node:test';
import assert from 'node:assert/strict';
import { linePlot } from '../../viz';
import { rowsOf } from './helpers';

test('several series with x defaulting to 1..n, legend in the given order, optional band', () => {
  const chart = linePlot({ 'no prior': [0.5, 0.7], 'TV prior': [0.4, 0.8, 0.9] }, { yTitle: 'Accuracy' });
  const rows = rowsOf(chart);
  assert.deepEqual(rows, [
    { series: 'no prior', x: 1, y: 0.5 },
    { series: 'no prior', x: 2, y: 0.7 },
    { series: 'TV prior', x: 1, y: 0.4 },
    { series: 'TV prior', x: 2, y: 0.8 },
    { series: 'TV prior', x: 3, y: 0.9 },
  ]);
  const layer = (chart.spec.layer as { mark: { point: boolean }; encoding: { color: { scale: { domain: string[] } } } }[])[0];
  assert.deepEqual(layer.encoding.color.scale.domain, ['no prior', 'TV prior']);
  assert.equal(layer.mark.point, true);
  const noise = linePlot(
    [{ name: 'EG', x: [0, 0.1, 0.2], y: [0.99, 0.9, 0.7], lower: [0.98, 0.88, 0.65], upper: [0.995, 0.92, 0.75] }],
    { xTitle: 'Noise' },
  );
  assert.equal((noise.spec.layer as unknown[]).length, 2, 'a band layer is added');
  assert.deepEqual(rowsOf(noise)[1], { series: 'EG', x: 0.1, y: 0.9, lower: 0.88, upper: 0.92 });
});

test('bad input is refused with clear messages', () => {
  assert.throws(() => linePlot([]), {
    message: "Argument 'series' passed to 'linePlot' must not be empty, but got an empty array.",
  });
  assert.throws(() => linePlot([{ name: 'a', x: [1, 2], y: [1, 2, 3] }]), {
    message: "Argument 'series[0].x' passed to 'linePlot' must have 3 entries (one per y value), but got 2.",
  });
  assert.throws(() => linePlot({ a: [1, NaN] }), {
    message: "Argument 'series[0].y' passed to 'linePlot' must contain only finite numbers, but got NaN at [1].",
  });
  assert.throws(() => linePlot({ a: [1] }, { yDomain: [1, 0] }), { message: /yDomain/ });
});

test('issue 16 #22: two series of one name are an error, not one zig-zag line; series keys are checked', () => {
  assert.throws(
    () =>
      linePlot([
        { name: 'a', y: [1, 2] },
        { name: 'a', y: [3, 4] },
      ]),
    { message: "Argument 'series' passed to 'linePlot' must not repeat a series name, but got \"a\" at 0 and 1." },
  );
  assert.throws(() => linePlot([{ name: 'a', y: [1, 2], uper: [2, 3] } as never]), {
    message:
      "Argument 'series[0]' passed to 'linePlot' has an unknown key 'uper' (did you mean 'upper'?); valid keys: lower, name, upper, x, y.",
  });
});
