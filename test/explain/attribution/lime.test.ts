import test from 'node:test';
import assert from 'node:assert/strict';
import { lime } from '../../../explain/attribution/lime';
import { LIN_W, assertClose, linearModel, noLeak, rejectsWith, softplusMlp } from './fixtures';
import { quietReady } from '../support';

quietReady();

test('closed form: the surrogate of a linear model recovers w ⊙ (x − x′) with R² = 1', async () => {
  const x = [
    [1, -2, 0.5, 4],
    [2, 1, -1, 0.5],
  ];
  const r = await noLeak(() => lime(linearModel, x, { surrogate: 'linear', numSamples: 200 }));
  x.forEach((xi, i) =>
    assertClose(
      r.attributions[i],
      LIN_W.map((w, j) => w * xi[j]),
      1e-4,
    ),
  );
  assertClose(r.diagnostics.surrogateR2 as number[], [1, 1], 1e-6);
  assertClose(r.diagnostics.surrogateIntercept as number[], [0.25, 0.25], 1e-4);
  assertClose(r.diagnostics.completenessGap, [0, 0], 1e-4);
  const b = await lime(linearModel, [x[0]], {
    surrogate: 'ridge',
    alpha: 0,
    baseline: [1, 1, 1, 1],
    distance: 'euclidean',
    seed: 4,
  });
  assertClose(
    b.attributions[0],
    LIN_W.map((w, j) => w * (x[0][j] - 1)),
    1e-4,
  );
});

test('lasso shrinks by α and topK keeps the largest players; same seed same numbers', async () => {
  const x = [[1, -2, 0.5, 4]];
  const exact = LIN_W.map((w, j) => w * x[0][j]);
  const l = await lime(linearModel, x, { numSamples: 400, alpha: 0.01 });
  // With near-balanced 0/1 columns (variance ≈ 1/4) lasso moves each coefficient by ≈ α/0.25.
  l.attributions[0].forEach((v, j) =>
    assert.ok(Math.abs(v - exact[j]) < 0.08 && Math.abs(v) <= Math.abs(exact[j]) + 1e-3, `${j}: ${v} vs ${exact[j]}`),
  );
  const top = await lime(linearModel, x, { surrogate: 'linear', topK: 2 });
  assert.deepEqual(
    top.attributions[0].map((v) => v !== 0),
    [false, true, false, true],
  );
  const model = softplusMlp(5, 6, 1, 2);
  const a = await lime(model, [[0.1, 0.2, -0.3, 0.4, 0.5]], { seed: 9 });
  const c = await lime(model, [[0.1, 0.2, -0.3, 0.4, 0.5]], { seed: 9, batchSize: 13 });
  assertClose(a.attributions[0], c.attributions[0], 1e-6);
});

test('bad options are named', async () => {
  await rejectsWith(
    () => lime(linearModel, [[1, 2, 3, 4]], { surrogate: 'tree' as never }),
    "Argument 'surrogate' passed to 'lime' must be one of 'linear', 'ridge', 'lasso', but got \"tree\".",
  );
  await rejectsWith(
    () => lime(linearModel, [[1, 2, 3, 4]], { alpha: -1 }),
    "Argument 'alpha' passed to 'lime' must be a finite number >= 0, but got -1.",
  );
  await rejectsWith(
    () => lime(linearModel, [[1, 2, 3, 4]], { kernelWidth: 0 }),
    "Argument 'kernelWidth' passed to 'lime' must be a finite number > 0, but got 0.",
  );
  await rejectsWith(
    () => lime(linearModel, [[1, 2, 3, 4]], { topK: 0 }),
    "Argument 'topK' passed to 'lime' must be an integer >= 1, but got 0.",
  );
});
