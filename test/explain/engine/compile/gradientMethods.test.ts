/**
 * The gradient-family methods (saliency, gradient, gradient×input, DeepLIFT, ε-LRP) with their
 * chunks compiled equal the eager ones (1e-5 relative), on a small conv + max-pool net and an MLP,
 * for a fixed output and for per-row outputs; no fallback line, no leaks, no cache growth.
 * Skipped on backends other than tensorflow.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { cacheFor, setCompileEnabled } from '../../../../explain/engine/compile';
import { saliency } from '../../../../explain/attribution/saliency';
import { gradient } from '../../../../explain/attribution/gradient';
import { gradientXInput } from '../../../../explain/attribution/gradientXInput';
import { deepLift } from '../../../../explain/attribution/deepLift';
import { epsilonLrp } from '../../../../explain/attribution/epsilonLrp';
import type { AttributionResult } from '../../../../explain/attribution/result';
import { quietReady, values } from '../../support';
import { warnings } from './helpers';

quietReady();

const native = (): boolean => tf.getBackend() === 'tensorflow';
const init = (seed: number) => tf.initializers.glorotUniform({ seed });

const cnn = (): tf.LayersModel =>
  tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [8, 8, 1],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, kernelInitializer: init(2) }),
    ],
  });

const methods = { saliency, gradient, gradientXInput, deepLift, epsilonLrp } as const;

function worst(a: AttributionResult, b: AttributionResult): number {
  const u = a.attributions.flat();
  const v = b.attributions.flat();
  assert.equal(u.length, v.length);
  const scale = Math.max(...v.map(Math.abs)) || 1;
  return Math.max(...u.map((x, i) => Math.abs(x - v[i]) / scale));
}

for (const [name, method] of Object.entries(methods)) {
  test(`${name}: compiled chunks equal eager ones (CNN, fixed and per-row outputs), no fallback, no leaks`, async (t) => {
    if (!native()) return t.skip('not the tensorflow backend');
    const model = cnn();
    const x = tf.tensor4d(values(6 * 64, 9), [6, 8, 8, 1]);
    for (const output of [1, [0, 1, 2, 2, 1, 0]] as const) {
      setCompileEnabled(false);
      const eager = await method(model, x, { output: output as never });
      setCompileEnabled(null);
      const lines = await warnings(async () => {
        await method(model, x, { output: output as never });
        await method(model, x, { output: output as never });
      });
      assert.deepEqual(lines, []);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        const r = await method(model, x, { output: output as never });
        assert.ok(worst(r, eager) <= 1e-5, `call ${i}: ${worst(r, eager)}`);
      }
      assert.equal(tf.memory().numTensors, before);
    }
    // One graph per output kind, both compiled; repeated shapes added none.
    assert.deepEqual(cacheFor(model, name).phases(), ['ready', 'ready']);
    // Per-row outputs with other rows' choices: the mask is an input, the graph is reused.
    const other = await method(model, x, { output: [2, 2, 2, 0, 0, 0] as never });
    setCompileEnabled(false);
    const otherEager = await method(model, x, { output: [2, 2, 2, 0, 0, 0] as never });
    setCompileEnabled(null);
    assert.ok(worst(other, otherEager) <= 1e-5);
    assert.deepEqual(cacheFor(model, name).phases(), ['ready', 'ready']);
    x.dispose();
    model.dispose();
  });
}
