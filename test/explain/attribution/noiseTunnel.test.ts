import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { noiseTunnel } from '../../../explain/attribution/noiseTunnel';
import { gradient } from '../../../explain/attribution/gradient';
import { saliency } from '../../../explain/attribution/saliency';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { LIN_W, assertClose, linear3, linearModel, noLeak, productModel, rejectsWith } from './fixtures';
import { quietReady } from '../support';

quietReady();

test('closed form: SmoothGrad of a linear model equals its gradient; SmoothGrad² its square; VarGrad 0', async () => {
  const x = [
    [1, -2, 0.5, 4],
    [0, 1, 2, 3],
  ];
  const sg = await noLeak(() => noiseTunnel(gradient, { numSamples: 7, stdevs: 0.5, seed: 1 })(linearModel, x));
  sg.attributions.forEach((a) => assertClose(a, LIN_W, 1e-5));
  assert.equal(sg.method, 'smoothgrad(gradient)');
  const sq = await noiseTunnel(gradient, { kind: 'smoothgrad_sq', numSamples: 3 })(linearModel, x);
  sq.attributions.forEach((a) =>
    assertClose(
      a,
      LIN_W.map((w) => w * w),
      1e-5,
    ),
  );
  const vg = await noiseTunnel(saliency, { kind: 'vargrad', numSamples: 3 })(linearModel, x);
  vg.attributions.forEach((a) => assertClose(a, [0, 0, 0, 0], 1e-5));
});

test('SmoothGrad of x1·x2 is the gradient at x in expectation: (x2, x1) within a few SE', async () => {
  const S = 400;
  const r = await noiseTunnel(gradient, { numSamples: S, stdevs: 1, seed: 5 })(productModel, [[2, 3]]);
  const se = (r.diagnostics.standardError as number[][])[0];
  assert.ok(Math.abs(se[0] - 1 / Math.sqrt(S)) < (0.2 / Math.sqrt(S)) * 5);
  assertClose(r.attributions[0], [3, 2], 5 * Math.max(...se));
  // Per-row options are repeated for the copies: one output per row, a baseline per row.
  const m = await noiseTunnel(integratedGradients, { numSamples: 2, stdevs: 0.1 })(
    linear3,
    [
      [1, 2, 3, 4],
      [1, 1, 1, 1],
    ],
    {
      output: [2, 0],
      baseline: [
        [0, 0, 0, 0],
        [1, 1, 1, 1],
      ],
    },
  );
  assertClose(m.attributions[1], [0, 0, 0, 0], 0.5);
  assert.equal(m.diagnostics.outputAtInput.length, 2);
  const img = tf.ones([1, 2, 2, 1]);
  const conv = (z: tf.Tensor) => tf.tidy(() => z.reshape([z.shape[0], -1]).sum(1));
  const c = await noLeak(() => noiseTunnel(gradient, { numSamples: 2 })(conv, img));
  assert.deepEqual(c.shape, [1, 2, 2, 1]);
  img.dispose();
});

test('bad arguments are named', async () => {
  assert.throws(() => noiseTunnel(gradient, { kind: 'smooth' as never }), {
    message:
      "Argument 'kind' passed to 'noiseTunnel' must be one of 'smoothgrad', 'smoothgrad_sq', 'vargrad', but got \"smooth\".",
  });
  assert.throws(() => noiseTunnel(gradient, { numSamples: 0 }), {
    message: "Argument 'numSamples' passed to 'noiseTunnel' must be an integer >= 1, but got 0.",
  });
  assert.throws(() => noiseTunnel(gradient, { stdevs: -1 }), {
    message: "Argument 'stdevs' passed to 'noiseTunnel' must be a finite number > 0, but got -1.",
  });
  assert.throws(() => noiseTunnel(42 as never), {
    message:
      "Argument 'method' passed to 'noiseTunnel' must be an attribution method (model, inputs, options) => Promise<AttributionResult>, but got 42.",
  });
  await rejectsWith(
    () => noiseTunnel(gradient)(linearModel, [[1, NaN, 0, 0]]),
    "Argument 'inputs' passed to 'noiseTunnel' must contain only finite numbers, but got NaN at position [0, 1].",
  );
});
