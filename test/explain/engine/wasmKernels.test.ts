/**
 * The kernels registered on wasm for training conv nets agree with tfjs's cpu kernels, and a
 * conv-net training step on wasm gives the loss and weights it gives on cpu. These tests switch
 * between the cpu and wasm backends in one process, whatever PATHLAB_BACKEND says, and restore
 * the original backend at the end.
 */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ready } from '../../../explain/engine';
import { registerWasmTrainingKernels } from '../../../explain/engine/wasmKernels';
import { values } from '../support';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];

let original = '';

before(async () => {
  process.env.PATHLAB_QUIET = '1';
  await ready();
  original = tf.getBackend();
  // tfjs-backend-wasm's import registers the backend; initialise it even when another one runs.
  assert.ok(await tf.setBackend('wasm'));
  registerWasmTrainingKernels();
});

after(async () => {
  await tf.setBackend(original);
});

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Runs one kernel on a backend with the given inputs (plain arrays) and returns its values. */
async function runOn(
  backend: string,
  kernel: string,
  inputs: Record<string, { shape: number[]; data: Float32Array }>,
  attrs: tf.NamedAttrMap,
): Promise<{ shape: number[]; data: Float32Array }> {
  await tf.setBackend(backend);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) tensors[k] = tf.tensor(v.data, v.shape);
  const before = tf.memory().numTensors;
  const out = tf.engine().runKernel(kernel, tensors, attrs) as tf.Tensor;
  const data = (await out.data()) as Float32Array;
  const shape = out.shape.slice();
  out.dispose();
  assert.equal(tf.memory().numTensors, before, `${kernel} on ${backend} leaks tensors`);
  for (const t of Object.values(tensors)) t.dispose();
  return { shape, data };
}

/** With PATHLAB_TEST_VERBOSE set, prints the measured differences (for reports). */
function report(kernel: string, i: number, d: number): void {
  if (process.env.PATHLAB_TEST_VERBOSE) console.log(`${kernel} case ${i}: max |wasm − cpu| = ${d.toExponential(2)}`);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Output height/width of a conv, as tfjs computes it. */
function outShape(
  xShape: Shape4,
  fShape: Shape4,
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: Pad,
  depthwise: boolean,
): Shape4 {
  return tf.backend_util.computeConv2DInfo(xShape, fShape, strides, dilations, pad, undefined, depthwise).outShape as Shape4;
}

/** A filter with (d − 1) zeros between taps: the same map at dilation 1. */
function dilateFilter(data: Float32Array, shape: Shape4, dh: number, dw: number): { shape: Shape4; data: Float32Array } {
  const [fh, fw, c, m] = shape;
  const eh = (fh - 1) * dh + 1;
  const ew = (fw - 1) * dw + 1;
  const out = new Float32Array(eh * ew * c * m);
  for (let u = 0; u < fh; u++) {
    for (let v = 0; v < fw; v++) {
      for (let k = 0; k < c * m; k++) out[(u * dh * ew + v * dw) * c * m + k] = data[(u * fw + v) * c * m + k];
    }
  }
  return { shape: [eh, ew, c, m], data: out };
}

const conv2dCases: Array<{ x: Shape4; f: Shape4; strides: number | [number, number]; pad: Pad }> = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 8, 7, 2], f: [3, 2, 2, 5], strides: [2, 1], pad: 'same' },
  { x: [1, 9, 9, 2], f: [5, 5, 2, 3], strides: 2, pad: 'valid' },
  { x: [2, 6, 6, 1], f: [2, 2, 1, 2], strides: 3, pad: 'valid' },
  {
    x: [1, 6, 5, 2],
    f: [3, 3, 2, 2],
    strides: 2,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { x: [2, 5, 5, 3], f: [1, 1, 3, 4], strides: 1, pad: 1 },
];

test('Conv2DBackpropFilter on wasm equals the cpu kernel (strides, same/valid/explicit padding)', async () => {
  for (const [i, c] of conv2dCases.entries()) {
    const dyShape = outShape(c.x, c.f, c.strides, 1, c.pad, false);
    const inputs = {
      x: { shape: c.x, data: values(size(c.x), 11 + i) },
      dy: { shape: dyShape, data: values(size(dyShape), 23 + i) },
    };
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f } as unknown as tf.NamedAttrMap;
    const cpu = await runOn('cpu', 'Conv2DBackpropFilter', inputs, attrs);
    const wasm = await runOn('wasm', 'Conv2DBackpropFilter', inputs, attrs);
    assert.deepEqual(wasm.shape, c.f);
    const d = maxAbsDiff(wasm.data, cpu.data);
    report('Conv2DBackpropFilter', i, d);
    assert.ok(d < 1e-4, `case ${i}: max |wasm − cpu| = ${d}`);
  }
});

test('Conv2DBackpropInput on wasm (XNNPACK replacement) equals the cpu kernel', async () => {
  for (const [i, c] of conv2dCases.entries()) {
    const dyShape = outShape(c.x, c.f, c.strides, 1, c.pad, false);
    const inputs = {
      dy: { shape: dyShape, data: values(size(dyShape), 111 + i) },
      filter: { shape: c.f, data: values(size(c.f), 121 + i) },
    };
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x } as unknown as tf.NamedAttrMap;
    const cpu = await runOn('cpu', 'Conv2DBackpropInput', inputs, attrs);
    const wasm = await runOn('wasm', 'Conv2DBackpropInput', inputs, attrs);
    assert.deepEqual(wasm.shape, c.x);
    const d = maxAbsDiff(wasm.data, cpu.data);
    report('Conv2DBackpropInput', i, d);
    assert.ok(d < 1e-4, `case ${i}: max |wasm − cpu| = ${d}`);
  }
});

test('BatchMatMul on wasm with transposed operands equals the cpu kernel', async () => {
  const cases: Array<{ a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }> = [
    { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
    { a: [5, 7], b: [3, 7], transposeA: false, transposeB: true },
    { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
    { a: [2, 7, 5], b: [2, 7, 3], transposeA: true, transposeB: false },
    { a: [2, 5, 7], b: [1, 3, 7], transposeA: false, transposeB: true },
    { a: [4, 6], b: [6, 2], transposeA: false, transposeB: false },
  ];
  for (const [i, c] of cases.entries()) {
    const inputs = { a: { shape: c.a, data: values(size(c.a), 131 + i) }, b: { shape: c.b, data: values(size(c.b), 141 + i) } };
    const attrs = { transposeA: c.transposeA, transposeB: c.transposeB };
    const cpu = await runOn('cpu', 'BatchMatMul', inputs, attrs);
    const wasm = await runOn('wasm', 'BatchMatMul', inputs, attrs);
    assert.deepEqual(wasm.shape, cpu.shape);
    const d = maxAbsDiff(wasm.data, cpu.data);
    assert.ok(d < 1e-5, `case ${i}: max |wasm − cpu| = ${d}`);
  }
});

test('Conv2DBackpropFilter on wasm handles NCHW inputs', async () => {
  const x: Shape4 = [2, 6, 6, 3];
  const f: Shape4 = [3, 3, 3, 2];
  const dyShape = outShape(x, f, 1, 1, 'same', false);
  const xData = values(size(x), 5);
  const dyData = values(size(dyShape), 6);
  const nhwc = await runOn(
    'wasm',
    'Conv2DBackpropFilter',
    { x: { shape: x, data: xData }, dy: { shape: dyShape, data: dyData } },
    {
      strides: 1,
      pad: 'same',
      dataFormat: 'NHWC',
      filterShape: f,
    } as unknown as tf.NamedAttrMap,
  );
  await tf.setBackend('cpu');
  const toNchw = (data: Float32Array, shape: Shape4) =>
    tf.tidy(() => tf.transpose(tf.tensor4d(data, shape), [0, 3, 1, 2]).dataSync() as Float32Array);
  const xT = toNchw(xData, x);
  const dyT = toNchw(dyData, dyShape);
  const nchw = await runOn(
    'wasm',
    'Conv2DBackpropFilter',
    {
      x: { shape: [x[0], x[3], x[1], x[2]], data: xT },
      dy: { shape: [dyShape[0], dyShape[3], dyShape[1], dyShape[2]], data: dyT },
    },
    { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: f } as unknown as tf.NamedAttrMap,
  );
  assert.ok(maxAbsDiff(nchw.data, nhwc.data) < 1e-5);
});

const depthwiseCases: Array<{ x: Shape4; f: Shape4; strides: number; dilations: number; pad: Pad }> = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 1], strides: 1, dilations: 1, pad: 'same' },
  { x: [2, 8, 8, 2], f: [3, 3, 2, 2], strides: 2, dilations: 1, pad: 'same' },
  { x: [1, 9, 8, 2], f: [2, 3, 2, 3], strides: 2, dilations: 1, pad: 'valid' },
  { x: [2, 9, 9, 2], f: [3, 3, 2, 2], strides: 1, dilations: 2, pad: 'same' },
  { x: [1, 10, 9, 3], f: [2, 2, 3, 1], strides: 1, dilations: 3, pad: 'valid' },
  {
    x: [1, 7, 6, 2],
    f: [3, 3, 2, 1],
    strides: 2,
    dilations: 1,
    pad: [
      [0, 0],
      [2, 1],
      [1, 0],
      [0, 0],
    ],
  },
];

// tfjs's cpu depthwise backprop kernels ignore dilation (tfjs refuses dilated depthwise gradients
// anyway), so dilated cases are checked against the cpu kernel applied to the equivalent filter
// with zeros between its taps.
test('DepthwiseConv2dNativeBackpropFilter on wasm equals the cpu kernel (strides, dilations, padding)', async () => {
  for (const [i, c] of depthwiseCases.entries()) {
    const dyShape = outShape(c.x, c.f, c.strides, c.dilations, c.pad, true);
    const inputs = {
      x: { shape: c.x, data: values(size(c.x), 31 + i) },
      dy: { shape: dyShape, data: values(size(dyShape), 41 + i) },
    };
    const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, filterShape: c.f } as unknown as tf.NamedAttrMap;
    const wasm = await runOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);
    assert.deepEqual(wasm.shape, c.f);
    let expected: Float32Array;
    if (c.dilations === 1) {
      expected = (await runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs)).data;
    } else {
      const eff = dilateFilter(new Float32Array(size(c.f)), c.f, c.dilations, c.dilations).shape;
      const full = await runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, {
        strides: c.strides,
        dilations: 1,
        pad: c.pad,
        filterShape: eff,
      } as unknown as tf.NamedAttrMap);
      expected = new Float32Array(size(c.f));
      const [fh, fw, ch, m] = c.f;
      for (let u = 0; u < fh; u++) {
        for (let v = 0; v < fw; v++) {
          for (let k = 0; k < ch * m; k++) {
            expected[(u * fw + v) * ch * m + k] = full.data[(u * c.dilations * eff[1] + v * c.dilations) * ch * m + k];
          }
        }
      }
    }
    const d = maxAbsDiff(wasm.data, expected);
    report('DepthwiseConv2dNativeBackpropFilter', i, d);
    assert.ok(d < 1e-4, `case ${i}: max |wasm − cpu| = ${d}`);
  }
});

test('DepthwiseConv2dNativeBackpropInput on wasm equals the cpu kernel (strides, dilations, padding)', async () => {
  for (const [i, c] of depthwiseCases.entries()) {
    const dyShape = outShape(c.x, c.f, c.strides, c.dilations, c.pad, true);
    const filter = { shape: c.f, data: values(size(c.f), 51 + i) };
    const dy = { shape: dyShape, data: values(size(dyShape), 61 + i) };
    const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, inputShape: c.x } as unknown as tf.NamedAttrMap;
    const wasm = await runOn('wasm', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs);
    assert.deepEqual(wasm.shape, c.x);
    const cpu = await runOn(
      'cpu',
      'DepthwiseConv2dNativeBackpropInput',
      { dy, filter: dilateFilter(filter.data, c.f, c.dilations, c.dilations) },
      {
        strides: c.strides,
        dilations: 1,
        pad: c.pad,
        inputShape: c.x,
      } as unknown as tf.NamedAttrMap,
    );
    const d = maxAbsDiff(wasm.data, cpu.data);
    report('DepthwiseConv2dNativeBackpropInput', i, d);
    assert.ok(d < 1e-4, `case ${i}: max |wasm − cpu| = ${d}`);
  }
});

test('MaxPoolGrad on wasm equals the cpu kernel (negative maxima, ties, padding)', async () => {
  const cases: Array<{ filter: number; stride: number; pad: Pad }> = [
    { filter: 2, stride: 2, pad: 'valid' },
    { filter: 3, stride: 2, pad: 'same' },
    { filter: 3, stride: 1, pad: 'same' },
    { filter: 2, stride: 1, pad: 1 },
  ];
  const xShape: Shape4 = [2, 6, 5, 3];
  // Negative values (tfjs-backend-wasm's own kernel drops their windows) and many ties.
  const tied = Float32Array.from(values(size(xShape), 71), (v) => Math.round(v * 2) - 1);
  for (const [name, data] of [
    ['random', values(size(xShape), 73)],
    ['tied', tied],
  ] as const) {
    for (const [i, c] of cases.entries()) {
      const info = tf.backend_util.computePool2DInfo(xShape, c.filter, c.stride, 1, c.pad);
      const yShape = info.outShape as Shape4;
      await tf.setBackend('cpu');
      const y = tf.tidy(() => tf.maxPool(tf.tensor4d(data, xShape), c.filter, c.stride, c.pad).dataSync() as Float32Array);
      const inputs = {
        dy: { shape: yShape, data: values(size(yShape), 79 + i) },
        input: { shape: xShape, data },
        output: { shape: yShape, data: y },
      };
      const attrs = { filterSize: c.filter, strides: c.stride, pad: c.pad } as unknown as tf.NamedAttrMap;
      const cpu = await runOn('cpu', 'MaxPoolGrad', inputs, attrs);
      const wasm = await runOn('wasm', 'MaxPoolGrad', inputs, attrs);
      const d = maxAbsDiff(wasm.data, cpu.data);
      report(`MaxPoolGrad ${name}`, i, d);
      assert.ok(d < 1e-6, `${name} case ${i}: max |wasm − cpu| = ${d}`);
    }
  }
});

/** A few Adam steps of a small conv net; returns the losses and the final weights. */
async function trainOn(backend: string): Promise<{ losses: number[]; weights: Float32Array[] }> {
  await tf.setBackend(backend);
  const numBefore = tf.memory().numTensors;
  const x = tf.tensor4d(values(6 * 10 * 10 * 1, 91), [6, 10, 10, 1]);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0, 2], 'int32'), 3));
  // tidy keeps the variables and frees the tensors they were made from.
  const w = tf.tidy(() => ({
    conv: tf.variable(tf.tensor4d(values(3 * 3 * 1 * 4, 92, 0.5), [3, 3, 1, 4])),
    convBias: tf.variable(tf.tensor1d(values(4, 93, 0.1))),
    depthwise: tf.variable(tf.tensor4d(values(3 * 3 * 4 * 2, 94, 0.5), [3, 3, 4, 2])),
    dense: tf.variable(tf.tensor2d(values(3 * 3 * 8 * 3, 95, 0.3), [72, 3])),
    denseBias: tf.variable(tf.tensor1d(values(3, 96, 0.1))),
  }));
  // conv (stride 1, same) → max-pool before the nonlinearity (negative maxima) → tanh →
  // depthwise conv (stride 1, valid) → relu → dense → softmax cross-entropy.
  const loss = (): tf.Scalar => {
    const h1 = tf.add(tf.conv2d(x, w.conv, 1, 'same'), w.convBias);
    const p = tf.tanh(tf.maxPool(h1 as tf.Tensor4D, 2, 2, 'same'));
    const h2 = tf.relu(tf.depthwiseConv2d(p, w.depthwise, 1, 'valid'));
    const logits = tf.add(tf.matMul(tf.reshape(h2, [6, -1]), w.dense), w.denseBias);
    return tf.losses.softmaxCrossEntropy(labels, logits);
  };
  const optimizer = tf.train.adam(0.05);
  const losses: number[] = [];
  for (let step = 0; step < 4; step++) {
    const l = optimizer.minimize(loss, true) as tf.Scalar;
    losses.push(l.dataSync()[0]);
    l.dispose();
  }
  const weights = Object.values(w).map((v) => v.dataSync() as Float32Array);
  optimizer.dispose();
  tf.dispose([x, labels, ...Object.values(w)]);
  assert.equal(tf.memory().numTensors, numBefore, `training on ${backend} leaks tensors`);
  return { losses, weights };
}

test('a conv-net training step on wasm gives the loss and weights it gives on cpu', async () => {
  const cpu = await trainOn('cpu');
  const wasm = await trainOn('wasm');
  assert.ok(cpu.losses[3] < cpu.losses[0], 'the loss must fall');
  let worst = 0;
  for (let i = 0; i < cpu.losses.length; i++) worst = Math.max(worst, Math.abs(cpu.losses[i] - wasm.losses[i]));
  for (let i = 0; i < cpu.weights.length; i++) worst = Math.max(worst, maxAbsDiff(wasm.weights[i], cpu.weights[i]));
  report('training step', 0, worst);
  assert.ok(worst < 1e-4, `max |wasm − cpu| over losses and weights = ${worst}`);
});

/** UnsortedSegmentSum of `x` (float32 or int32) on a backend. */
async function segmentSumOn(
  backend: string,
  x: { data: number[] | Float32Array; shape: number[]; dtype: 'float32' | 'int32' },
  ids: { data: number[]; shape: number[] },
  numSegments: number,
): Promise<{ shape: number[]; data: number[] }> {
  await tf.setBackend(backend);
  const xt = tf.tensor(x.data, x.shape, x.dtype);
  const it = tf.tensor(ids.data, ids.shape, 'int32');
  const before = tf.memory().numTensors;
  const out = tf.engine().runKernel('UnsortedSegmentSum', { x: xt, segmentIds: it }, { numSegments }) as tf.Tensor;
  const result = { shape: out.shape.slice(), data: Array.from(await out.data()) };
  // TensorFlow's dtype (tfjs's cpu kernel answers float32 for int32 x).
  if (backend === 'wasm') assert.equal(out.dtype, x.dtype);
  out.dispose();
  assert.equal(tf.memory().numTensors, before, `UnsortedSegmentSum on ${backend} leaks tensors`);
  tf.dispose([xt, it]);
  return result;
}

test('UnsortedSegmentSum on wasm equals the cpu kernel (repeated, missing and out-of-range ids, rank-3 x, int32)', async () => {
  const cases: Array<[Parameters<typeof segmentSumOn>[1], Parameters<typeof segmentSumOn>[2], number]> = [
    // Rows 0 and 3 go to segment 2, segment 1 gets nothing, id 7 is dropped.
    [{ data: values(5 * 3, 41), shape: [5, 3], dtype: 'float32' }, { data: [2, 0, 7, 2, 3], shape: [5] }, 4],
    // Rows of x [6, 2, 2] (tfjs takes 1-D ids only).
    [{ data: values(24, 42), shape: [6, 2, 2], dtype: 'float32' }, { data: [1, 0, 1, 4, 1, 0], shape: [6] }, 5],
    [{ data: [1, 2, 3, 4, 5, 6], shape: [6], dtype: 'int32' }, { data: [0, 1, 0, 1, 0, 1], shape: [6] }, 2],
  ];
  for (const [i, [x, ids, k]] of cases.entries()) {
    const cpu = await segmentSumOn('cpu', x, ids, k);
    const wasm = await segmentSumOn('wasm', x, ids, k);
    assert.deepEqual(wasm.shape, cpu.shape);
    const d = maxAbsDiff(Float32Array.from(wasm.data), Float32Array.from(cpu.data));
    report('UnsortedSegmentSum', i, d);
    assert.ok(d < 1e-6, `case ${i}: max |wasm − cpu| = ${d}`);
  }
  // A hand-checked value: segment 2 of the first case is x[0] + x[3].
  const first = await segmentSumOn('wasm', cases[0][0], cases[0][1], 4);
  const xs = cases[0][0].data as Float32Array;
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(first.data[2 * 3 + c] - (xs[c] + xs[9 + c])) < 1e-6);
  assert.deepEqual(first.data.slice(3, 6), [0, 0, 0]);
});

test('an embedding model trains on wasm and gives the weights it gives on cpu', async () => {
  const weightsAfter = async (backend: string): Promise<Float32Array[]> => {
    await tf.setBackend(backend);
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 7, outputDim: 3, inputLength: 4, embeddingsInitializer: 'zeros' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, kernelInitializer: 'zeros' }),
      ],
    });
    model.layers[0].setWeights([tf.tensor(values(21, 43), [7, 3])]);
    model.layers[2].setWeights([tf.tensor(values(24, 44), [12, 2]), tf.zeros([2])]);
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
    const x = tf.tensor2d(
      [
        [0, 1, 1, 3],
        [6, 0, 2, 2],
        [5, 5, 5, 1],
      ],
      [3, 4],
      'int32',
    );
    const y = tf.tensor2d(values(6, 45), [3, 2]);
    await model.trainOnBatch(x, y);
    await model.trainOnBatch(x, y);
    const w = await Promise.all(model.getWeights().map((t) => t.data() as Promise<Float32Array>));
    tf.dispose([x, y]);
    model.dispose();
    return w;
  };
  const cpu = await weightsAfter('cpu');
  const wasm = await weightsAfter('wasm');
  const initial = values(21, 43);
  assert.ok(maxAbsDiff(cpu[0], initial) > 1e-3, 'the embeddings must change');
  // Row 4 is never looked up: its embedding stays.
  for (let c = 0; c < 3; c++) assert.equal(wasm[0][4 * 3 + c], initial[4 * 3 + c]);
  for (let i = 0; i < cpu.length; i++) assert.ok(maxAbsDiff(wasm[i], cpu[i]) < 1e-5, `weight ${i}`);
});
