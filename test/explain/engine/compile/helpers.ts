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

/** Whether the tensorflow backend runs (compiled execution exists only there). */
export const native = (): boolean => tf.getBackend() === 'tensorflow';

/** A seeded Glorot initialiser. */
export const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/**
 * The small CNN of the compile tests: conv 3×3×4 (ReLU) on [size, size, 1] → max-pool 2 →
 * dense `units`, its kernels seeded with `seeds`.
 */
export function smallCnn(size: number, units: number, seeds: [number, number]): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [size, size, 1],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(seeds[0]),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units, kernelInitializer: init(seeds[1]) }),
    ],
  });
}

/** Largest |a − b| / max |b| over the numbers of two nested arrays of the same size. */
export function worstRelative(a: unknown, b: unknown): number {
  const u = [a].flat(Infinity as 1) as number[];
  const v = [b].flat(Infinity as 1) as number[];
  assert.equal(u.length, v.length);
  const scale = Math.max(...v.map(Math.abs)) || 1;
  return Math.max(...u.map((x, i) => Math.abs(x - v[i]) / scale));
}
