import test from 'node:test';
import assert from 'node:assert/strict';
import { shapleyInteractions } from '../../../explain/interaction/shapleyInteractions';
import { exactShapley } from '../../../explain/attribution/exactShapley';
import { assertClose, linearModel, noLeak, productModel, rejectsWith, LIN_W } from '../support';
import { softplusMlp } from '../attribution/fixtures';
import { quietReady } from '../support';

quietReady();

test('x1·x2 at (2, 3): interaction 3 off the diagonal, 0 on it; linear model: diag(w ⊙ x)', async () => {
  const r = await noLeak(() => shapleyInteractions(productModel, [[2, 3]]));
  assertClose(r.interactions[0], [0, 3, 3, 0], 1e-5);
  assertClose(r.diagnostics.attributions[0], [3, 3], 1e-5);
  const x = [1, -2, 0.5, 4];
  const l = await shapleyInteractions(linearModel, [x]);
  const diag = l.matrix(0);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) assertClose([diag[i][j]], [i === j ? LIN_W[i] * x[i] : 0], 1e-5);
});

test('rows sum to the exact Shapley values, the matrix to f(x) − E f(x′); symmetric', async () => {
  const model = softplusMlp(5, 6, 1, 4);
  const x = [[0.5, -1, 0.2, 0.8, -0.3]];
  const bg = [
    [0, 0, 0, 0, 0],
    [1, 1, -1, 0, 0.5],
  ];
  const r = await shapleyInteractions(model, x, { baseline: bg });
  const phi = await exactShapley(model, x, { baseline: bg });
  const M = r.matrix(0);
  assertClose(
    M.map((row) => row.reduce((a, b) => a + b, 0)),
    phi.attributions[0],
    1e-5,
  );
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) assert.equal(M[i][j], M[j][i]);
  assertClose(r.diagnostics.totalGap, [0], 1e-5);
  const g = await shapleyInteractions(model, x, { baseline: bg, featureMask: [0, 0, 1, 1, 2] });
  assert.deepEqual(g.shape, [1, 3, 3]);
  await rejectsWith(
    () => shapleyInteractions(model, x, { maxFeatures: 4 }),
    "Argument 'inputs' passed to 'shapleyInteractions' must have at most maxFeatures = 4 features or feature groups for exact enumeration of all 2^d coalitions, but got 5; group features with 'featureMask', raise 'maxFeatures' (each one more doubles the cost) or use kernelShap.",
  );
});
