/**
 * Salt-and-pepper noise, the corruption of the attribution-priors MNIST robustness experiment
 * (Erion et al., Nature Machine Intelligence 2021): a fraction of each image's pixels is chosen
 * at random and each chosen pixel is set to the minimum or the maximum value with equal odds.
 */
import { Mulberry32 } from '../core';
import { checkFraction } from './internal/check';

/** Options of {@link saltAndPepper}. */
export interface SaltAndPepperOptions {
  /** Value of a "pepper" pixel. Default: 0. */
  low?: number;
  /** Value of a "salt" pixel. Default: 1. */
  high?: number;
  /** Seed of the pixel choice. Default: 0. */
  seed?: number;
}

const SALT_AND_PEPPER_DEFAULTS = { low: 0, high: 1, seed: 0 } as const;

/**
 * Returns a noisy copy of a batch of images ([N, H, W, C] or [N, d] nested arrays):
 * round(fraction · pixels) distinct positions per image are flipped to `low` or `high`.
 * The input is not changed.
 */
export function saltAndPepper<T>(images: readonly T[], fraction: number, options: SaltAndPepperOptions = {}): T[] {
  checkFraction(fraction, 'fraction', 'saltAndPepper');
  const o = { ...SALT_AND_PEPPER_DEFAULTS, ...options };
  const rng = Mulberry32.seeded(o.seed, 'saltAndPepper');
  return images.map((img) => {
    const flat: number[] = [];
    const shape: number[] = [];
    const walk = (v: unknown, depth: number) => {
      if (Array.isArray(v)) {
        if (shape.length <= depth) shape.push(v.length);
        v.forEach((u) => walk(u, depth + 1));
      } else {
        flat.push(v as number);
      }
    };
    walk(img, 0);
    const k = Math.round(fraction * flat.length);
    // A partial Fisher–Yates shuffle picks k distinct pixels in O(k).
    const idx = Array.from({ length: flat.length }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(flat.length - i);
      const t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      flat[idx[i]] = rng.uniform() < 0.5 ? o.low : o.high;
    }
    let pos = 0;
    const build = (depth: number): unknown => {
      if (depth === shape.length) return flat[pos++];
      return Array.from({ length: shape[depth] }, () => build(depth + 1));
    };
    return (shape.length === 0 ? flat[0] : build(0)) as T;
  });
}
