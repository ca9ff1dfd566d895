import test from 'node:test';
import assert from 'node:assert/strict';
import { completeness } from '../../../explain/evaluation/completeness';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { gradientXInput } from '../../../explain/attribution/gradientXInput';
import { linearModel } from './fixtures';

test('completeness is |gap| per row: 0 for IG on a linear model and for gradient × input against a zero input', async () => {
  const x = [
    [1, 2, 3, 4],
    [0, 1, 0, -1],
  ];
  const ig = completeness(await integratedGradients(linearModel, x, { baseline: 1 }));
  ig.perRow.forEach((v) => assert.ok(v < 1e-5));
  assert.equal(ig.metric, 'completeness');
  assert.equal(ig.method, 'integratedGradients');
  const gx = await gradientXInput(linearModel, x);
  // Σ w⊙x = f(x) − b and f(0) = b, so the gap is 0 too.
  completeness(gx).perRow.forEach((v) => assert.ok(v < 1e-5));
  assert.throws(() => completeness({} as never), {
    message:
      "Argument 'result' passed to 'completeness' must be the result of an attribution method, but got an object with keys {}.",
  });
});
