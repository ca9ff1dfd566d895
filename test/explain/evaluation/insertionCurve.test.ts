import test from 'node:test';
import assert from 'node:assert/strict';
import { insertionCurve } from '../../../explain/evaluation/insertionCurve';
import { deletionCurve } from '../../../explain/evaluation/deletionCurve';
import { additiveModel, assertClose, noLeak, rejectsWith } from './fixtures';

const W = [3, -1, 2, 0.5, -2, 1];
const x = [
  [1, 2, 0.5, 4, -1, -3],
  [0.5, -1, 1, 1, 2, 0],
];
const c = x.map((r) => r.map((v, j) => W[j] * v));

test("insertion on an additive model adds the largest contributions first; AUC_ins + AUC_del = f(x) + f(x')", async () => {
  const ins = await noLeak(() => insertionCurve(additiveModel(W), x, c, { steps: 6 }));
  const sorted = [...c[0]].sort((a, b) => b - a);
  const y = [0];
  for (let k = 0; k < 6; k++) y.push(y[k] + sorted[k]);
  assertClose(ins.curves[0], y, 1e-5);
  assert.equal(ins.metric, 'insertionAUC');
  assert.equal(ins.lowerIsBetter, false);
  // For an additive model, inserting S and deleting S sum to f(x) + f(x') at every step.
  const del = await deletionCurve(additiveModel(W), x, c, { steps: 6 });
  ins.perRow.forEach((a, i) => {
    const f = c[i].reduce((p, q) => p + q, 0);
    assert.ok(Math.abs(a + del.perRow[i] - f) < 1e-5);
  });
});

test('insertionCurve errors name the function', async () => {
  await rejectsWith(
    () => insertionCurve(additiveModel(W), x, c, { order: 'best' as never }),
    "Argument 'order' passed to 'insertionCurve' must be one of 'signed', 'absolute', 'random', but got \"best\".",
  );
});
