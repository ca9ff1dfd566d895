import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { resolveOutput, selectFromMatrix, selectOutput } from '../../../explain/internal/output';

const multi = { numOutputs: 3, single: false };
const single = { numOutputs: 1, single: true };

test('resolution: none, index, per row, weights; errors name the function', () => {
  assert.deepEqual(resolveOutput(undefined, single, 2, 'f'), { kind: 'single' });
  assert.deepEqual(resolveOutput(undefined, multi, 2, 'f'), { kind: 'all', numOutputs: 3 });
  assert.deepEqual(resolveOutput(2, multi, 2, 'f'), { kind: 'index', index: 2 });
  assert.throws(() => resolveOutput(3, multi, 2, 'f'), {
    message: "Argument 'output' passed to 'f' must be an integer output index in [0, 2], but got 3.",
  });
  assert.throws(() => resolveOutput(1.5, multi, 2, 'f'), {
    message: "Argument 'output' passed to 'f' must be an integer output index in [0, 2], but got 1.5.",
  });
  assert.throws(() => resolveOutput(0, single, 2, 'f'), {
    message: "Argument 'output' passed to 'f' must be omitted for a single-output model, but got 0.",
  });
  assert.throws(() => resolveOutput([0], multi, 2, 'f'), {
    message: "Argument 'output' passed to 'f' must have one output index per input row (2), but got 1.",
  });
  assert.throws(() => resolveOutput({ weights: [1] }, multi, 2, 'f'), {
    message: "Argument 'output' passed to 'f' must have 3 weights (one per output), but got 1.",
  });
});

test('selection on tensors and on JS matrices agree', () => {
  const out = tf.tensor2d([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const js = out.dataSync();
  const sels = [
    resolveOutput(1, multi, 2, 'f'),
    resolveOutput([2, 0], multi, 2, 'f'),
    resolveOutput({ weights: [1, -1, 0.5] }, multi, 2, 'f'),
  ];
  const expected = [
    [2, 5],
    [3, 4],
    [0.5, 2],
  ];
  sels.forEach((sel, k) => {
    const t = selectOutput(out, sel);
    assert.deepEqual(Array.from(t.dataSync()), expected[k]);
    t.dispose();
    assert.deepEqual(
      [0, 1].map((r) => selectFromMatrix(js, 3, r, sel, r)),
      expected[k],
    );
  });
  // Per-row selection maps each path row to its input through `owners`.
  const t = selectOutput(out, resolveOutput([2, 0], multi, 2, 'f'), [1, 0]);
  assert.deepEqual(Array.from(t.dataSync()), [1, 6]);
  t.dispose();
  out.dispose();
});
