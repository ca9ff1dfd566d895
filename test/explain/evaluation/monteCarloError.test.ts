import test from 'node:test';
import assert from 'node:assert/strict';
import { monteCarloError } from '../../../explain/evaluation/monteCarloError';
import { expectedGradients } from '../../../explain/attribution/expectedGradients';
import { saliency } from '../../../explain/attribution/saliency';

const square = (x: import('@tensorflow/tfjs').Tensor) => x.square().sum(1);

test('monteCarloError is the mean SE per row and shrinks as 1/√n; refused for deterministic methods', async () => {
  const x = [
    [1, 2, -1],
    [0.5, 0.5, 0.5],
  ];
  const bg = [
    [0, 0, 0],
    [1, -1, 0.5],
    [-0.5, 0.2, 1],
    [2, 0, -1],
  ];
  const a = monteCarloError(await expectedGradients(square, x, { baseline: bg, numSamples: 100, seed: 1 }));
  const b = monteCarloError(await expectedGradients(square, x, { baseline: bg, numSamples: 1600, seed: 1 }));
  a.perRow.forEach((v, i) => {
    const ratio = v / b.perRow[i];
    assert.ok(ratio > 3 && ratio < 5.5, `SE ratio ${ratio} for 16× the samples (expected ≈ 4)`);
  });
  const s = await saliency(square, x);
  assert.throws(() => monteCarloError(s), {
    message:
      "Argument 'result' passed to 'monteCarloError' must come from a sampling method that reports standard errors (expectedGradients), but got a 'saliency' result.",
  });
});
