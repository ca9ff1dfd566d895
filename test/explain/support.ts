/** Helpers shared by the explain tests across folders (not a test file itself). */
import { before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Lcg32 } from '../../core';
import { ready } from '../../explain/engine';

/** f = x₁ x₂. */
export const productModel = (x: tf.Tensor): tf.Tensor => tf.tidy(() => x.slice([0, 0], [-1, 1]).mul(x.slice([0, 1], [-1, 1])));

export const LIN_W = [1.5, -2, 0.5, 3];
export const LIN_B = 0.25;
/** f = wᵀx + b with {@link LIN_W}, {@link LIN_B}. */
export const linearModel = (x: tf.Tensor): tf.Tensor => tf.tidy(() => x.matMul(tf.tensor2d(LIN_W, [LIN_W.length, 1])).add(LIN_B));

/** Registers a `before` hook that silences pathlab's warnings and selects the backend. */
export function quietReady(): void {
  before(async () => {
    process.env.PATHLAB_QUIET = '1';
    await ready();
  });
}

/** Deterministic values in [-scale, scale) from a fixed LCG, identical on every backend. */
export function values(n: number, seed: number, scale = 1): Float32Array {
  const g = new Lcg32(seed >>> 0 || 1);
  return Float32Array.from({ length: n }, () => (g.uniform() * 2 - 1) * scale);
}

/** Deterministic pseudo-random numbers in [-1, 1) (same on every backend). */
export function lcg(seed: number): () => number {
  const g = new Lcg32(seed);
  return () => g.uniform() * 2 - 1;
}

/** A tf.Sequential of dense layers `sizes[0]-sizes[1]-…` with seeded weights; last layer linear. */
export function mlp(
  sizes: number[],
  activation: 'softplus' | 'relu' | 'tanh' | 'sigmoid' = 'softplus',
  seed = 1,
  scale = 1.2,
): tf.Sequential {
  const r = lcg(seed);
  const layers = sizes.slice(1).map((units, i) =>
    tf.layers.dense({
      units,
      activation: i === sizes.length - 2 ? 'linear' : activation,
      ...(i === 0 ? { inputShape: [sizes[0]] } : {}),
    }),
  );
  const model = tf.sequential({ layers });
  for (const layer of model.layers) {
    const fresh = layer.getWeights().map((w) =>
      tf.tensor(
        Array.from({ length: w.size }, () => r() * scale),
        w.shape,
      ),
    );
    layer.setWeights(fresh);
    fresh.forEach((t) => t.dispose());
  }
  return model;
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
  await noLeak(() =>
    assert.rejects(fn, (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.equal(e.message, message);
      return true;
    }),
  );
}
