import test from 'node:test';
import { epsilonLrp } from '../../../explain/attribution/epsilonLrp';
import { assertClose2, noLeak, rejectsWith, specRelu } from './fixtures';

test('SPEC: ε-LRP of the ReLU network is (3, -1) at (3, 1) (up to ε) and zero at (-10, -5)', async () => {
  const eps = 1e-4;
  const r = await noLeak(() =>
    epsilonLrp(specRelu, [
      [3, 1],
      [-10, -5],
    ]),
  );
  // Exact value with ε: each ReLU on the path scales by z/(z + ε).
  const outer = 1 / (1 + eps);
  assertClose2(
    r.attributions,
    [
      [3 * (2 / (2 + eps)) * outer, -1 * (1 / (1 + eps)) * outer],
      [0, 0],
    ],
    1e-4,
  );
  // and SPEC's rounded values, which ε moves by O(ε·|x|).
  assertClose2(
    r.attributions,
    [
      [3, -1],
      [0, 0],
    ],
    1e-3,
  );
  const tiny = await epsilonLrp(specRelu, [[3, 1]], { epsilon: 1e-7 });
  assertClose2(tiny.attributions, [[3, -1]], 1e-4);
});

test('ε must be a positive number', async () => {
  await rejectsWith(
    () => epsilonLrp(specRelu, [[3, 1]], { epsilon: 0 }),
    "Argument 'epsilon' passed to 'epsilonLrp' must be a finite number > 0, but got 0.",
  );
});
