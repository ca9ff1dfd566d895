/**
 * rotateShiftImages / randomRotateShift: identity at 0, known pixels moved by known shifts and a
 * 90° rotation, seeded and shape-preserving draws within their ranges, exact errors, no leaks.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { randomRotateShift, rotateShiftImages } from '../../../explain/priors/randomRotateShift';
import { quietReady, values } from '../support';

quietReady();

/** 2 images 5×5, one pixel lit in each. */
function dots(): tf.Tensor4D {
  const data = new Float32Array(2 * 25);
  data[1 * 5 + 1] = 1; // image 0: (1, 1)
  data[25 + 0 * 5 + 4] = 2; // image 1: (0, 4)
  return tf.tensor4d(data, [2, 5, 5, 1]);
}

const at = (t: tf.Tensor, i: number, r: number, c: number) => t.dataSync()[i * 25 + r * 5 + c];

test('rotation by 0 and shift 0 is the identity (nearest and bilinear)', () => {
  const x = tf.tensor4d(values(3 * 7 * 6 * 2, 5), [3, 7, 6, 2]);
  for (const interpolation of ['nearest', 'bilinear'] as const) {
    const y = rotateShiftImages(
      x,
      [0, 0, 0],
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      { interpolation },
    );
    assert.deepEqual(y.shape, x.shape);
    const a = x.dataSync();
    const b = y.dataSync();
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-6, `${interpolation} ${i}`);
    y.dispose();
  }
  x.dispose();
});

test('a shift moves a known pixel; pixels from outside take the fill value', () => {
  const x = dots();
  const y = rotateShiftImages(
    x,
    [0, 0],
    [
      [2, -1],
      [1, 0],
    ],
    { fill: -0.5 },
  );
  assert.equal(at(y, 0, 3, 0), 1); // (1, 1) + (2, −1)
  assert.equal(at(y, 1, 1, 4), 2); // (0, 4) + (1, 0)
  // The two top rows of image 0 came from above the image, and the last column from its right.
  for (let r = 0; r < 2; r++) for (let c = 0; c < 5; c++) assert.equal(at(y, 0, r, c), -0.5);
  assert.equal(at(y, 0, 2, 0), 0); // from (0, 1), inside the image and dark
  for (let r = 2; r < 5; r++) assert.equal(at(y, 0, r, 4), -0.5);
  assert.equal(at(y, 1, 0, 2), -0.5);
  tf.dispose([x, y]);
});

test('90° rotates counter-clockwise about the centre: the top-right corner goes to the top-left', () => {
  const x = dots();
  const y = rotateShiftImages(
    x,
    [90, 90],
    [
      [0, 0],
      [0, 0],
    ],
  );
  assert.equal(at(y, 1, 0, 0), 2);
  assert.equal(at(y, 0, 3, 1), 1); // (1, 1) → (3, 1) under a quarter turn of a 5×5 image
  assert.equal(y.sum().arraySync(), 3); // nothing lost, nothing duplicated
  tf.dispose([x, y]);
});

test('bilinear: half a pixel of shift is not possible, but a 45° turn spreads a pixel over its neighbours', () => {
  const x = tf.tensor4d(
    Float32Array.from({ length: 25 }, (_, i) => (i === 12 ? 1 : 0)),
    [1, 5, 5, 1],
  );
  const y = rotateShiftImages(x, [45], [[0, 0]], { interpolation: 'bilinear' });
  // The centre is the rotation's fixed point.
  assert.ok(Math.abs(y.dataSync()[12] - 1) < 1e-6);
  tf.dispose([x, y]);
});

test('randomRotateShift is seeded, keeps the shape, and draws within ±maxDegrees and 0–maxShift', () => {
  const x = tf.tensor4d(values(4 * 28 * 28, 9), [4, 28, 28, 1]);
  const aug = randomRotateShift({ maxDegrees: 15, maxShift: 4, fill: -0.5, seed: 3 });
  const a = aug(x, 11);
  const b = aug(x, 11);
  const c = aug(x, 12);
  assert.deepEqual(a.shape, x.shape);
  assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
  assert.notDeepEqual(Array.from(a.dataSync()), Array.from(c.dataSync()));
  // maxDegrees 0 and maxShift 0: the identity whatever the seed.
  const id = randomRotateShift({ maxDegrees: 0, maxShift: 0 })(x, 5);
  assert.deepEqual(Array.from(id.dataSync()), Array.from(x.dataSync()));
  // maxDegrees 0, maxShift 1 on a single lit pixel: it moves by at most one row and one column.
  const dot = tf.tensor4d(
    Float32Array.from({ length: 49 }, (_, i) => (i === 24 ? 1 : 0)),
    [1, 7, 7, 1],
  );
  const moved = new Set<number>();
  for (let s = 0; s < 40; s++) {
    const m = randomRotateShift({ maxDegrees: 0, maxShift: 1 })(dot, s);
    const idx = Array.from(m.dataSync()).indexOf(1);
    moved.add(idx);
    m.dispose();
  }
  const allowed = new Set([16, 17, 18, 23, 24, 25, 30, 31, 32]);
  assert.ok(
    [...moved].every((i) => allowed.has(i)),
    [...moved].join(','),
  );
  assert.ok(moved.size >= 5, `only ${moved.size} distinct positions`);
  tf.dispose([x, a, b, c, id, dot]);
});

test('bad options and inputs are rejected with exact messages; nothing leaks', () => {
  const x = dots();
  assert.throws(() => randomRotateShift({ maxShift: 1.5 }), {
    message: "Argument 'maxShift' passed to 'randomRotateShift' must be a non-negative integer, but got 1.5.",
  });
  assert.throws(() => randomRotateShift({ maxDegrees: -1 }), {
    message: "Argument 'maxDegrees' passed to 'randomRotateShift' must be a finite number >= 0, but got -1.",
  });
  assert.throws(() => randomRotateShift({ interpolation: 'cubic' as 'nearest' }), {
    message: "Argument 'interpolation' passed to 'randomRotateShift' must be one of 'nearest', 'bilinear', but got \"cubic\".",
  });
  assert.throws(
    () =>
      rotateShiftImages(
        x,
        [0],
        [
          [0, 0],
          [0, 0],
        ],
      ),
    { message: "Argument 'degrees' passed to 'rotateShiftImages' must have one entry per image (2), but got 1." },
  );
  const flat = tf.ones([2, 25]);
  assert.throws(() => randomRotateShift()(flat, 0), {
    message:
      "Argument 'images' passed to 'randomRotateShift' must have shape [N, height, width, channels], but got shape [2, 25].",
  });
  const before = tf.memory().numTensors;
  randomRotateShift({ interpolation: 'bilinear' })(x, 1).dispose();
  rotateShiftImages(
    x,
    [10, 20],
    [
      [1, 1],
      [0, 0],
    ],
  ).dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, flat]);
});
