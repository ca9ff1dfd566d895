import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { blackBox, isBlackBox } from '../../../explain/internal/blackBox';
import { kernelShap } from '../../../explain/attribution/kernelShap';
import { exactShapley } from '../../../explain/attribution/exactShapley';
import { occlusion } from '../../../explain/attribution/occlusion';
import { shapleySampling } from '../../../explain/attribution/shapleySampling';
import { featureAblation } from '../../../explain/attribution/featureAblation';
import { lime } from '../../../explain/attribution/lime';
import { saliency } from '../../../explain/attribution/saliency';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { onnxMlp, type MlpWeights } from '../attribution/onnxFixture';
import { assertClose, lcg, noLeak, quietReady, rejectsWith } from '../support';

quietReady();

function weights(d: number, h: number, k: number): MlpWeights {
  const r = lcg(11);
  const n = (c: number) => Array.from({ length: c }, () => r());
  return { d, h, k, w1: n(d * h), b1: n(h), w2: n(h * k), b2: n(k) };
}

/** The same MLP in tfjs, as a function of a tensor. */
function tfMlp(w: MlpWeights) {
  return (x: tf.Tensor) =>
    tf.tidy(() =>
      tf
        .relu(x.matMul(tf.tensor2d(w.w1, [w.d, w.h])).add(tf.tensor1d(w.b1)))
        .matMul(tf.tensor2d(w.w2, [w.h, w.k]))
        .add(tf.tensor1d(w.b2)),
    );
}

/** An ONNX model through onnxruntime-node as a black box of rows. */
async function onnxBlackBox(w: MlpWeights) {
  const session = await ort.InferenceSession.create(onnxMlp(w));
  let calls = 0;
  let maxRows = 0;
  const predict = async (rows: number[][]): Promise<number[][]> => {
    calls++;
    maxRows = Math.max(maxRows, rows.length);
    const x = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, w.d]);
    const y = (await session.run({ x })).y;
    const v = y.data as Float32Array;
    return rows.map((_, i) => Array.from(v.subarray(i * w.k, (i + 1) * w.k)));
  };
  return { predict, session, calls: () => calls, maxRows: () => maxRows, reset: () => (maxRows = 0) };
}

test('an ONNX model (onnxruntime-node) explained as a black box agrees with the same tfjs model', async () => {
  const w = weights(6, 5, 2);
  const onnx = await onnxBlackBox(w);
  const tfm = tfMlp(w);
  const x = [
    [0.5, -1, 0.2, 0.8, -0.3, 1],
    [1, 1, -1, 0, 0.5, 0.2],
  ];
  const bg = [
    [0, 0, 0, 0, 0, 0],
    [0.2, -0.4, 0.1, 0.3, 0, -0.2],
  ];
  const a = await noLeak(() => kernelShap(onnx.predict, x, { baseline: bg, output: 1 }));
  const b = await kernelShap(tfm, x, { baseline: bg, output: 1 });
  for (let i = 0; i < 2; i++) assertClose(a.attributions[i], b.attributions[i], 1e-4);
  const e1 = await exactShapley(blackBox(onnx.predict), x, { output: [0, 1] });
  const e2 = await exactShapley(tfm, x, { output: [0, 1] });
  for (let i = 0; i < 2; i++) assertClose(e1.attributions[i], e2.attributions[i], 1e-4);
  const o1 = await noLeak(() => occlusion(onnx.predict, x, { windowShape: 2, output: 0, batchSize: 3 }));
  const o2 = await occlusion(tfm, x, { windowShape: 2, output: 0 });
  for (let i = 0; i < 2; i++) assertClose(o1.attributions[i], o2.attributions[i], 1e-4);
  const s1 = await noLeak(() => shapleySampling(onnx.predict, x, { samples: 3, output: 0 }));
  const s2 = await shapleySampling(tfm, x, { samples: 3, output: 0 });
  for (let i = 0; i < 2; i++) assertClose(s1.attributions[i], s2.attributions[i], 1e-4);
  const f1 = await featureAblation(onnx.predict, x, { output: 1, featureMask: [0, 0, 1, 1, 2, 2] });
  const f2 = await featureAblation(tfm, x, { output: 1, featureMask: [0, 0, 1, 1, 2, 2] });
  for (let i = 0; i < 2; i++) assertClose(f1.attributions[i], f2.attributions[i], 1e-4);
  const l1 = await lime(onnx.predict, x, { output: 0, numSamples: 100 });
  const l2 = await lime(tfm, x, { output: 0, numSamples: 100 });
  for (let i = 0; i < 2; i++) assertClose(l1.attributions[i], l2.attributions[i], 1e-4);
  // Batched: at most batchSize rows per call.
  const before = onnx.calls();
  onnx.reset();
  await kernelShap(onnx.predict, [x[0]], { batchSize: 8, numSamples: 20, seed: 1, output: 0 });
  // f(x), ⌈20 / 8⌉ passes of coalitions, the background.
  assert.equal(onnx.calls() - before, 1 + 3 + 1);
  assert.equal(onnx.maxRows(), 8);
  await onnx.session.release();
});

test('black boxes are recognised, refused by gradient methods, and checked for shape and NaN', async () => {
  const f = async (rows: number[][]) => rows.map((r) => [r[0]]);
  assert.equal(isBlackBox(f), true);
  assert.equal(isBlackBox(blackBox(f)), true);
  assert.equal(
    isBlackBox((t: tf.Tensor) => t),
    false,
  );
  await rejectsWith(
    () => saliency(f as never, [[1, 2]]),
    "Argument 'model' passed to 'saliency' must be a tfjs model or a differentiable function of a tensor, but got a black box (no gradients); black boxes work with kernelShap, lime, exactShapley, shapleyInteractions, featureAblation, featurePermutation, occlusion and shapleySampling.",
  );
  await rejectsWith(
    () => integratedGradients(blackBox(f) as never, [[1, 2]]),
    "Argument 'model' passed to 'integratedGradients' must be a tfjs model or a differentiable function of a tensor, but got a black box (no gradients); black boxes work with kernelShap, lime, exactShapley, shapleyInteractions, featureAblation, featurePermutation, occlusion and shapleySampling.",
  );
  await rejectsWith(
    () => occlusion(async () => 'no' as never, [[1, 2]]),
    "Argument 'model' passed to 'occlusion' must be a black box resolving to an array of 1 rows (arrays of numbers), but got \"no\".",
  );
  await rejectsWith(
    () => occlusion(async (r: number[][]) => r.map(() => [1, Infinity]), [[1, 2]]),
    "Argument 'model' passed to 'occlusion' must be a black box returning finite numbers, but got Infinity at row 0, output 1.",
  );
  await rejectsWith(
    () => shapleySampling(async (r: number[][]) => r.map(() => 3 as never), [[1, 2]]),
    "Argument 'model' passed to 'shapleySampling' must be a black box returning rows of 1 numbers (one per output), but row 0 is 3.",
  );
  await rejectsWith(
    () => shapleySampling(async (r: number[][]) => r.map(() => []), [[1, 2]]),
    "Argument 'model' passed to 'shapleySampling' must be a black box returning rows of 1 numbers (one per output), but row 0 is an array of length 0.",
  );
  const img = tf.ones([1, 2, 2, 1]);
  const r = await occlusion(async (rows: number[][]) => rows.map((q) => [q.length, q.reduce((a, b) => a + b, 0)]), img, {
    output: 1,
  });
  assertClose(r.attributions[0], [1, 1, 1, 1], 1e-6);
  img.dispose();
});
