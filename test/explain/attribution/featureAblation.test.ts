import test from 'node:test';
import { featureAblation } from '../../../explain/attribution/featureAblation';
import { LIN_W, assertClose, linearModel, noLeak, productModel } from './fixtures';
import { quietReady } from '../support';

quietReady();

test('closed form: zero-baseline linear model gives w ⊙ x; a background set w ⊙ (x − E[x′])', async () => {
  const x = [
    [1, -2, 0.5, 4],
    [0, 1, 2, 3],
  ];
  const r = await noLeak(() => featureAblation(linearModel, x));
  x.forEach((xi, i) =>
    assertClose(
      r.attributions[i],
      LIN_W.map((w, j) => w * xi[j]),
      1e-5,
    ),
  );
  assertClose(r.diagnostics.completenessGap, [0, 0], 1e-5);
  const bg = [
    [1, 0, 0, 0],
    [0, 0, 0, 2],
  ];
  const b = await featureAblation(linearModel, [x[0]], { baseline: bg });
  assertClose(
    b.attributions[0],
    LIN_W.map((w, j) => w * (x[0][j] - (bg[0][j] + bg[1][j]) / 2)),
    1e-5,
  );
});

test('x1·x2 at (2, 3): each ablation removes the whole product (6, 6); groups are ablated together', async () => {
  const r = await featureAblation(productModel, [[2, 3]]);
  assertClose(r.attributions[0], [6, 6], 1e-5);
  assertClose(r.diagnostics.completenessGap, [6], 1e-5);
  const g = await featureAblation(productModel, [[2, 3]], { featureMask: [4, 4] });
  assertClose(g.attributions[0], [3, 3], 1e-5);
  const bb = await featureAblation(async (rows: number[][]) => rows.map((q) => [q[0] * q[1]]), [[2, 3]]);
  assertClose(bb.attributions[0], [6, 6], 1e-5);
});
