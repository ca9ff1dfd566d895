import test from 'node:test';
import assert from 'node:assert/strict';
import { featurePermutation } from '../../../explain/attribution/featurePermutation';
import { LIN_W, assertClose, linearModel, noLeak, rejectsWith } from './fixtures';
import { quietReady } from '../support';

quietReady();

test('linear model: φ_ij = w_j (x_ij − x_π(i)j) for the drawn shuffle; SE with several shuffles', async () => {
  const x = [
    [1, -2, 0.5, 4],
    [0, 1, 2, 3],
    [2, 2, -1, 0],
  ];
  const r = await noLeak(() => featurePermutation(linearModel, x, { seed: 1 }));
  // Every row's attributions are w ⊙ (x_i − x_q) for some row q of the batch, per feature.
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 4; j++) {
      const ok = x.some((q) => Math.abs(r.attributions[i][j] - LIN_W[j] * (x[i][j] - q[j])) < 1e-5);
      assert.ok(ok, `[${i}][${j}] = ${r.attributions[i][j]}`);
    }
  }
  // Column sums: Σ_i w_j (x_ij − x_π(i)j) = 0 for any permutation.
  for (let j = 0; j < 4; j++) assertClose([r.attributions.reduce((s, a) => s + a[j], 0)], [0], 1e-5);
  const many = await featurePermutation(linearModel, x, { numPermutations: 4, seed: 2, batchSize: 5 });
  assert.equal((many.diagnostics.standardError as number[][]).length, 3);
  await rejectsWith(
    () => featurePermutation(linearModel, [x[0]]),
    "Argument 'inputs' passed to 'featurePermutation' must have at least 2 rows (features are permuted across the rows of the batch), but got 1.",
  );
  await rejectsWith(
    () => featurePermutation(linearModel, x, { numPermutations: 0 }),
    "Argument 'numPermutations' passed to 'featurePermutation' must be an integer >= 1, but got 0.",
  );
});
