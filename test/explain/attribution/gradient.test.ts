import test from 'node:test';
import { gradient } from '../../../explain/attribution/gradient';
import { LIN_W, assertClose2, linear3, linearModel, noLeak, rejectsWith, specRelu } from './fixtures';

test('gradient of the ReLU network is (1, -1) at (3, 1); w for a linear model', async () => {
  const r = await noLeak(() =>
    gradient(specRelu, [
      [3, 1],
      [-10, -5],
    ]),
  );
  assertClose2(
    r.attributions,
    [
      [1, -1],
      [0, 0],
    ],
    1e-6,
  );
  const l = await gradient(linearModel, [[5, 6, 7, 8]]);
  assertClose2(l.attributions, [LIN_W], 1e-6);
});

test("gradient with per-row outputs picks each row's output", async () => {
  const r = await noLeak(() =>
    gradient(
      linear3,
      [
        [1, 1, 1, 1],
        [2, 2, 2, 2],
      ],
      { output: [2, 0] },
    ),
  );
  assertClose2(r.attributions, [LIN_W.map((w) => 3 * w), LIN_W], 1e-5);
  await rejectsWith(
    () => gradient(linear3, [[1, 1, 1, 1]], { output: -1 }),
    "Argument 'output' passed to 'gradient' must be an integer output index in [0, 2], but got -1.",
  );
});
