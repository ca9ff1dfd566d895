/** Helpers of the compile tests (not a test file itself). */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';

/** Largest |a − b| / max |b| over all pairs. */
export function relativeDifference(a: tf.Tensor | tf.Tensor[], b: tf.Tensor | tf.Tensor[]): number {
  const xs = Array.isArray(a) ? a : [a];
  const ys = Array.isArray(b) ? b : [b];
  assert.equal(xs.length, ys.length);
  let worst = 0;
  xs.forEach((x, i) => {
    assert.deepEqual(x.shape, ys[i].shape);
    const u = x.dataSync();
    const v = ys[i].dataSync();
    let scale = 0;
    for (let j = 0; j < v.length; j++) scale = Math.max(scale, Math.abs(v[j]));
    for (let j = 0; j < v.length; j++) worst = Math.max(worst, Math.abs(u[j] - v[j]) / (scale || 1));
  });
  return worst;
}

/** Captures pathlab's warnings while `f` runs (PATHLAB_QUIET lifted). */
export async function warnings(f: () => void | Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const warn = console.warn;
  const quiet = process.env.PATHLAB_QUIET;
  delete process.env.PATHLAB_QUIET;
  console.warn = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    await f();
  } finally {
    console.warn = warn;
    process.env.PATHLAB_QUIET = quiet;
  }
  return lines;
}
