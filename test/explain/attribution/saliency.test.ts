import test from 'node:test';
import assert from 'node:assert/strict';
import { saliency } from '../../../explain/attribution/saliency';
import { LIN_W, assertClose2, linear3, linearModel, noLeak, rejectsWith, softplusMlp, specRelu, rows } from './fixtures';

test('SPEC: saliency of the ReLU network is (1, 1) at (3, 1) and zero at (-10, -5)', async () => {
  const r = await noLeak(() =>
    saliency(specRelu, [
      [3, 1],
      [-10, -5],
    ]),
  );
  assertClose2(
    r.attributions,
    [
      [1, 1],
      [0, 0],
    ],
    1e-4,
  );
});

test('saliency is |w| for a linear model, per output, independent of batchSize', async () => {
  const r = await saliency(linearModel, [
    [1, 2, 3, 4],
    [0, 0, 0, 0],
  ]);
  assertClose2(r.attributions, [LIN_W.map(Math.abs), LIN_W.map(Math.abs)], 1e-6);
  const all = await noLeak(() => saliency(linear3, [[1, 2, 3, 4]]));
  assert.deepEqual(all.shape, [1, 3, 4]);
  assertClose2(all.attributions, [[1, 2, 3].flatMap((k) => LIN_W.map((w) => Math.abs(k * w)))], 1e-5);
  const model = softplusMlp(4, 8, 1);
  const x = rows(5, 4);
  const a = await saliency(model, x);
  const b = await saliency(model, x, { batchSize: 2 });
  assertClose2(b.attributions, a.attributions, 1e-6);
  model.dispose();
});

test('saliency errors: output on a single-output model, NaN input', async () => {
  await rejectsWith(
    () => saliency(linearModel, [[1, 2, 3, 4]], { output: 1 }),
    "Argument 'output' passed to 'saliency' must be omitted for a single-output model, but got 1.",
  );
  await rejectsWith(
    () => saliency(linearModel, [[1, 2, Infinity, 4]]),
    "Argument 'inputs' passed to 'saliency' must contain only finite numbers, but got Infinity at position [0, 2].",
  );
});
