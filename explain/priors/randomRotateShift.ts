/**
 * Image augmentation for training: random rotations and shifts, as in the attribution-priors
 * MNIST experiment (Erion et al., Nature Machine Intelligence 2021; its code rotates each digit by
 * an angle drawn from U(−15°, 15°) and shifts it by padding 0–4 pixels on each side and cropping
 * back to 28×28). The resampling is one gather (nearest neighbour) or four (bilinear) on the
 * backend, from indices computed in JavaScript, so every backend gives the same pixels.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from '../internal/errors';
import { isKeyOf } from '../internal/keys';
import { checkSeed, Rng } from '../../core';
import type { Augmentation } from './train';

/** Resampling schemes. */
export const INTERPOLATIONS = {
  nearest: 'the nearest source pixel (TensorFlow 1 contrib.image.rotate’s default, used by the original code)',
  bilinear: 'bilinear interpolation of the four nearest source pixels',
} as const;

/** A resampling scheme by name. */
export type Interpolation = keyof typeof INTERPOLATIONS;

/** Options of {@link rotateShiftImages}. */
export interface RotateShiftOptions {
  /** Value of pixels that come from outside the image (the background: −0.5 for MNIST scaled to
   * [−0.5, 0.5]). Default: 0. */
  fill?: number;
  /** `'nearest'` or `'bilinear'`. Default: `'nearest'`. */
  interpolation?: Interpolation;
}

/** Options of {@link randomRotateShift}. */
export interface RandomRotateShiftOptions extends RotateShiftOptions {
  /** Angles are drawn from U(−maxDegrees, maxDegrees), one per image. Default: 15. */
  maxDegrees?: number;
  /** Each axis is shifted by a − b pixels, a and b drawn from {0, …, maxShift} (the original's
   * random padding of each side followed by a crop). Default: 4. */
  maxShift?: number;
  /** Seed, combined with the per-batch seed `train` passes. Default: 0. */
  seed?: number;
}

const ROTATE_DEFAULTS = { fill: 0, interpolation: 'nearest' as Interpolation };
const RANDOM_DEFAULTS = { ...ROTATE_DEFAULTS, maxDegrees: 15, maxShift: 4, seed: 0 };

function checkCommon(fn: string, o: typeof ROTATE_DEFAULTS): void {
  if (typeof o.fill !== 'number' || !Number.isFinite(o.fill))
    throw new Error(errors.oneOf('fill', fn, ['a finite number'], o.fill));
  if (!isKeyOf(o.interpolation, INTERPOLATIONS))
    throw new Error(errors.oneOf('interpolation', fn, Object.keys(INTERPOLATIONS), o.interpolation));
}

function checkImages(fn: string, images: unknown): asserts images is tf.Tensor4D {
  if (!(images instanceof tf.Tensor) || images.rank !== 4) {
    throw new Error(
      errors.priorsShape(fn, 'images', '[N, height, width, channels]', images instanceof tf.Tensor ? images.shape : ['none']),
    );
  }
}

/**
 * Rotates each image by `degrees[i]` (counter-clockwise, about the image centre) and then shifts
 * it by `shifts[i] = [rows down, columns right]` pixels; pixels from outside become `fill`.
 * Rotation by 0 and shift [0, 0] return the image unchanged.
 *
 * @param images [N, height, width, channels].
 * @returns a new tensor of the same shape; the caller owns it.
 */
export function rotateShiftImages(
  images: tf.Tensor,
  degrees: ArrayLike<number>,
  shifts: ArrayLike<readonly [number, number]>,
  options: RotateShiftOptions = {},
): tf.Tensor4D {
  const fn = 'rotateShiftImages';
  checkImages(fn, images);
  const o = { ...ROTATE_DEFAULTS, ...options };
  checkCommon(fn, o);
  const [n, h, w, c] = images.shape;
  if (degrees.length !== n) throw new Error(errors.priorsTransformCount(fn, 'degrees', n, degrees.length));
  if (shifts.length !== n) throw new Error(errors.priorsTransformCount(fn, 'shifts', n, shifts.length));
  const pixels = h * w;
  const fillRow = n * pixels;
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const corners = o.interpolation === 'nearest' ? 1 : 4;
  const index = Array.from({ length: corners }, () => new Int32Array(n * pixels));
  const weight = Array.from({ length: corners }, () => new Float32Array(n * pixels));
  const at = (img: number, r: number, col: number): number =>
    r >= 0 && r < h && col >= 0 && col < w ? img * pixels + r * w + col : fillRow;
  for (let i = 0; i < n; i++) {
    const theta = (degrees[i] * Math.PI) / 180;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const [dy, dx] = shifts[i];
    for (let r = 0; r < h; r++) {
      for (let col = 0; col < w; col++) {
        // Undo the shift, then the rotation (in x-right, y-up coordinates about the centre).
        const x = col - dx - cx;
        const yUp = cy - (r - dy);
        const srcX = cos * x + sin * yUp;
        const srcYUp = -sin * x + cos * yUp;
        const sc = cx + srcX;
        const sr = cy - srcYUp;
        const p = i * pixels + r * w + col;
        if (corners === 1) {
          // Rounding noise (cos 90° ≈ 6e-17) must not move an exact pixel.
          index[0][p] = at(i, Math.round(sr + 1e-9), Math.round(sc + 1e-9));
          weight[0][p] = 1;
        } else {
          const r0 = Math.floor(sr + 1e-9);
          const c0 = Math.floor(sc + 1e-9);
          const fr = Math.max(0, sr - r0);
          const fc = Math.max(0, sc - c0);
          index[0][p] = at(i, r0, c0);
          weight[0][p] = (1 - fr) * (1 - fc);
          index[1][p] = at(i, r0, c0 + 1);
          weight[1][p] = (1 - fr) * fc;
          index[2][p] = at(i, r0 + 1, c0);
          weight[2][p] = fr * (1 - fc);
          index[3][p] = at(i, r0 + 1, c0 + 1);
          weight[3][p] = fr * fc;
        }
      }
    }
  }
  return tf.tidy(() => {
    const source = tf.concat([images.reshape([n * pixels, c]), tf.fill([1, c], o.fill)]);
    let out: tf.Tensor | null = null;
    for (let j = 0; j < corners; j++) {
      const g = tf.gather(source, tf.tensor1d(index[j], 'int32'));
      const term = corners === 1 ? g : g.mul(tf.tensor2d(weight[j], [n * pixels, 1]));
      out = out === null ? term : out.add(term);
    }
    return (out as tf.Tensor).reshape([n, h, w, c]) as tf.Tensor4D;
  });
}

/**
 * A seeded augmentation for {@link train}'s `augment` option: each image of a batch is rotated by
 * an angle from U(−maxDegrees, maxDegrees) and shifted by a − b pixels per axis (a, b uniform in
 * {0, …, maxShift}), as the attribution-priors MNIST code (Erion et al., 2021). The same seed and
 * batch seed give the same transforms.
 */
export function randomRotateShift(options: RandomRotateShiftOptions = {}): Augmentation {
  const fn = 'randomRotateShift';
  const o = { ...RANDOM_DEFAULTS, ...options };
  checkCommon(fn, o);
  if (typeof o.maxDegrees !== 'number' || !Number.isFinite(o.maxDegrees) || o.maxDegrees < 0) {
    throw new Error(errors.nonNegative('maxDegrees', fn, o.maxDegrees));
  }
  if (typeof o.maxShift !== 'number' || !Number.isInteger(o.maxShift) || o.maxShift < 0)
    throw new Error(errors.priorsAugmentShift(fn, o.maxShift));
  checkSeed(o.seed, fn);
  return (images: tf.Tensor, seed: number): tf.Tensor => {
    checkImages(fn, images);
    const n = images.shape[0];
    const rng = new Rng(`${o.seed}:${seed}`);
    const degrees = new Float64Array(n);
    const shifts: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      degrees[i] = (2 * rng.uniform() - 1) * o.maxDegrees;
      const m = o.maxShift + 1;
      shifts.push([rng.int(m) - rng.int(m), rng.int(m) - rng.int(m)]);
    }
    return rotateShiftImages(images, degrees, shifts, { fill: o.fill, interpolation: o.interpolation });
  };
}
