import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { expectedGradients } from '../../../explain/attribution/expectedGradients';
import { integratedGradients } from '../../../explain/attribution/integratedGradients';
import { denseFirstLayerGradient, denseForward, denseStackFor, outputSeed } from '../../../explain/internal/denseGradient';
import type { OutputSelection } from '../../../explain/types';
import { assertClose, assertClose2, lcg, noLeak, quietReady } from '../support';

quietReady();

/** A seeded Sequential d-h1-h2-k with the given hidden and output activations. */
function seq(d: number, k: number, hidden: string, last: string, seed = 3): tf.Sequential {
  const r = lcg(seed);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 6, inputShape: [d], activation: hidden as 'relu' }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 5, activation: hidden as 'relu' }),
      tf.layers.dense({ units: k, activation: last as 'relu' }),
    ],
  });
  for (const layer of model.layers) {
    const fresh = layer.getWeights().map((w) =>
      tf.tensor(
        Array.from({ length: w.size }, () => r() * 0.9),
        w.shape,
      ),
    );
    layer.setWeights(fresh);
    fresh.forEach((t) => t.dispose());
  }
  return model;
}

function rowsOf(n: number, d: number, seed: number): number[][] {
  const r = lcg(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => r() * 1.5));
}

test('denseStackFor accepts flat inputs of the right width only', () => {
  const m = seq(4, 2, 'softplus', 'linear');
  assert.ok(denseStackFor(m, [4]));
  assert.equal(denseStackFor(m, [3]), null);
  assert.equal(denseStackFor(m, [2, 2]), null);
  assert.equal(
    denseStackFor((x: tf.Tensor) => x, [4]),
    null,
  );
  m.dispose();
});

test('denseForward equals the model and the hand-written gradient equals tf.grad, for every activation', async () => {
  for (const act of ['softplus', 'relu', 'tanh', 'sigmoid', 'elu', 'selu', 'swish', 'softsign', 'relu6', 'linear']) {
    const m = seq(4, 3, act, act === 'linear' ? 'sigmoid' : 'linear');
    const stack = denseStackFor(m, [4]);
    assert.ok(stack, act);
    const x = tf.tensor2d(rowsOf(5, 4, 9));
    await noLeak(async () => {
      const [ours, theirs, gOurs, gTheirs] = tf.tidy(() => {
        const sel = { kind: 'weights', weights: Float32Array.from([0.5, -1, 2]) } as const;
        const seed = outputSeed(sel, 3, 5, undefined, 0);
        const l1 = stack.steps[0];
        const a1 = x.matMul(l1.kernel).add(l1.bias as tf.Tensor) as tf.Tensor2D;
        const g = denseFirstLayerGradient(stack, a1, seed).matMul(l1.kernel, false, true);
        const ref = tf.grad(
          (z: tf.Tensor) => (m.apply(z) as tf.Tensor).matMul(tf.tensor2d([0.5, -1, 2], [3, 1])).sum() as tf.Scalar,
        )(x);
        return [denseForward(stack, x), m.apply(x) as tf.Tensor, g, ref];
      });
      assertClose(ours.dataSync(), theirs.dataSync(), 1e-6, `${act} forward`);
      assertClose(gOurs.dataSync(), gTheirs.dataSync(), 1e-5, `${act} gradient`);
      tf.dispose([ours, theirs, gOurs, gTheirs]);
    });
    x.dispose();
    m.dispose();
  }
});

test('Expected and Integrated Gradients of a Sequential equal those of the same model as a function (autodiff)', async () => {
  // d = 3 < 6 multiplies path points by W₁; d = 9 > 6 forms the first layer from x·W₁ and x'·W₁.
  for (const d of [3, 9]) {
    for (const [k, last] of [
      [1, 'linear'],
      [3, 'sigmoid'],
      [3, 'linear'],
    ] as const) {
      const m = seq(d, k, 'softplus', last);
      const asFunction = (z: tf.Tensor): tf.Tensor => m.apply(z) as tf.Tensor;
      const x = rowsOf(4, d, 1);
      const bg = rowsOf(6, d, 2);
      const outputs: (OutputSelection | undefined)[] =
        k === 1 ? [undefined] : [undefined, 2, { weights: [0.5, -1, 2] }, [0, 2, 1, 2]];
      for (const output of outputs) {
        const what = `d=${d} k=${k} ${last} output=${JSON.stringify(output)}`;
        const eg = { baseline: bg, numSamples: 16, seed: 4, output };
        const a = await noLeak(() => expectedGradients(m, x, eg));
        const b = await expectedGradients(asFunction, x, eg);
        assertClose2(a.attributions, b.attributions, 1e-5, `EG ${what}`);
        assertClose2(a.diagnostics.standardError ?? [], b.diagnostics.standardError ?? [], 1e-5, `EG SE ${what}`);
        assertClose(a.diagnostics.completenessGap, b.diagnostics.completenessGap, 1e-5, `EG gap ${what}`);
        assertClose(a.diagnostics.outputAtBaseline, b.diagnostics.outputAtBaseline, 1e-6, `EG f(x') ${what}`);
        const split = await expectedGradients(m, x, { ...eg, batchSize: 5 });
        assertClose2(split.attributions, a.attributions, 1e-5, `EG batchSize ${what}`);
        for (const baseline of [undefined, bg.slice(0, 4)]) {
          const ig = { numSamples: 8, rule: 'gaussLegendre' as const, output, baseline };
          const c = await noLeak(() => integratedGradients(m, x, ig));
          const e = await integratedGradients(asFunction, x, ig);
          assertClose2(c.attributions, e.attributions, 1e-5, `IG ${what}`);
          assertClose(c.diagnostics.outputAtInput, e.diagnostics.outputAtInput, 1e-6, `IG f(x) ${what}`);
        }
      }
      m.dispose();
    }
  }
});
