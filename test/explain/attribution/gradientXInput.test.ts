import test from 'node:test';
import { gradientXInput } from '../../../explain/attribution/gradientXInput';
import { LIN_W, assertClose, assertClose2, linearModel, noLeak, specRelu } from './fixtures';

test('SPEC: gradient×input of the ReLU network is (3, -1) at (3, 1) and zero at (-10, -5)', async () => {
  const r = await noLeak(() =>
    gradientXInput(specRelu, [
      [3, 1],
      [-10, -5],
    ]),
  );
  assertClose2(
    r.attributions,
    [
      [3, -1],
      [0, 0],
    ],
    1e-4,
  );
});

test('SPEC: linear model gives w ⊙ x; the gap against zero is -b', async () => {
  const x = [1, -2, 0.5, 4];
  const r = await gradientXInput(linearModel, [x]);
  assertClose(
    r.attributions[0],
    LIN_W.map((w, j) => w * x[j]),
    1e-5,
  );
  assertClose(r.diagnostics.completenessGap, [0], 1e-4);
});
