/** Models and assertions shared by the attribution tests (not a test file itself). */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../../explain/engine';

/** f = ReLU(ReLU(x₁ − 1) − ReLU(x₂)), DeepExplain's reference network (SPEC.md). */
export const specRelu = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => {
    const x1 = x.slice([0, 0], [-1, 1]);
    const x2 = x.slice([0, 1], [-1, 1]);
    return tf.relu(tf.relu(x1.sub(1)).sub(tf.relu(x2)));
  });

/** f = min(x₁, x₂). */
export const minModel = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => tf.minimum(x.slice([0, 0], [-1, 1]), x.slice([0, 1], [-1, 1])));

/** f = x₁ x₂. */
export const productModel = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => x.slice([0, 0], [-1, 1]).mul(x.slice([0, 1], [-1, 1])));

/** f = x₁² x₂. */
export const squareProductModel = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => x.slice([0, 0], [-1, 1]).square().mul(x.slice([0, 1], [-1, 1])));

export const LIN_W = [1.5, -2, 0.5, 3];
export const LIN_B = 0.25;
/** f = wᵀx + b with {@link LIN_W}, {@link LIN_B}. */
export const linearModel = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => x.matMul(tf.tensor2d(LIN_W, [LIN_W.length, 1])).add(LIN_B));

/** A 3-output linear model: output k is (k+1)·wᵀx. */
export const linear3 = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => {
    const w = tf.tensor2d(LIN_W.flatMap((v) => [v, 2 * v, 3 * v]), [LIN_W.length, 3]);
    return x.matMul(w);
  });

/** A seeded softplus MLP d-h-k, weights from a fixed LCG (identical on every backend). */
export function softplusMlp(d: number, h: number, k: number, seed = 1): tf.Sequential {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: h, inputShape: [d], activation: 'softplus' }),
      tf.layers.dense({ units: k }),
    ],
  });
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    const fresh = ws.map((w) => tf.tensor(Array.from({ length: w.size }, () => rand() * 1.2), w.shape));
    layer.setWeights(fresh);
    fresh.forEach((t) => t.dispose());
  }
  return model;
}

/** Deterministic pseudo-random rows [n, d] in [-1, 1]. */
export function rows(n: number, d: number, seed = 7): number[][] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () =>
    Array.from({ length: d }, () => {
      s = (Math.imul(s, 22695477) + 1) >>> 0;
      return (s / 4294967296) * 2 - 1;
    }),
  );
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ''): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `${what}[${i}]: expected ${expected[i]} ± ${tol}, got ${actual[i]} (all: ${Array.from(actual).join(', ')})`,
    );
  }
}

export function assertClose2(actual: number[][], expected: number[][], tol: number, what = ''): void {
  assert.equal(actual.length, expected.length, `${what} rows`);
  actual.forEach((r, i) => assertClose(r, expected[i], tol, `${what}[${i}]`));
}

/** Runs `fn` and asserts it leaves the tensor count unchanged (whether it resolves or rejects). */
export async function noLeak<T>(fn: () => Promise<T>): Promise<T> {
  await ready();
  const before = tf.memory().numTensors;
  try {
    return await fn();
  } finally {
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  }
}

/** Asserts `fn` rejects with exactly `message` and leaks no tensors. */
export async function rejectsWith(fn: () => Promise<unknown>, message: string): Promise<void> {
  await noLeak(() => assert.rejects(fn, (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal(e.message, message);
    return true;
  }));
}
