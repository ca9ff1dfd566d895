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
import { quietReady, values } from '../../support';
import { native, smallCnn, warnings, worstRelative } from './helpers';

quietReady();

const cnn = (): tf.LayersModel => smallCnn(8, 3, [1, 2]);

const methods = { saliency, gradient, gradientXInput, deepLift, epsilonLrp } as const;

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
        assert.ok(
          worstRelative(r.attributions, eager.attributions) <= 1e-5,
          `call ${i}: ${worstRelative(r.attributions, eager.attributions)}`,
        );
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
    assert.ok(worstRelative(other.attributions, otherEager.attributions) <= 1e-5);
    assert.deepEqual(cacheFor(model, name).phases(), ['ready', 'ready']);
    x.dispose();
    model.dispose();
  });
}

for (const [name, method] of Object.entries(methods)) {
  test(`${name}: f(x) and f(x') from the gradient pass equal the model's outputs (chunks, per-row baselines, every output)`, async () => {
    const model = cnn();
    const x = tf.tensor4d(values(6 * 64, 13), [6, 8, 8, 1]);
    const base = tf.tensor4d(values(6 * 64, 14, 0.5), [6, 8, 8, 1]);
    const fx = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    const fb = (model.predict(base) as tf.Tensor).arraySync() as number[][];
    const f0 = tf.tidy(() => (model.predict(tf.zeros([1, 8, 8, 1])) as tf.Tensor).arraySync() as number[][])[0];
    const withBase = name === 'deepLift';
    const opts = { batchSize: 4, ...(withBase ? { baseline: base } : {}) };
    for (let call = 0; call < 3; call++) {
      const r = await method(model, x, opts as never);
      // Rows are input-major, one per (input, output).
      const a = r.diagnostics.outputAtInput as number[];
      const b = r.diagnostics.outputAtBaseline as number[];
      assert.equal(a.length, 18);
      for (let i = 0; i < 6; i++) {
        for (let s = 0; s < 3; s++) {
          assert.ok(Math.abs(a[i * 3 + s] - fx[i][s]) <= 1e-5, `f(x) of input ${i}, output ${s}, call ${call}`);
          const want = withBase ? fb[i][s] : f0[s];
          assert.ok(Math.abs(b[i * 3 + s] - want) <= 1e-5, `f(x') of input ${i}, output ${s}`);
        }
      }
      if (native() && call === 2) {
        setCompileEnabled(false);
        const eager = await method(model, x, opts as never);
        setCompileEnabled(null);
        assert.ok(worstRelative(r.attributions, eager.attributions) <= 1e-5);
        assert.ok(b.every((v, j) => Math.abs(v - (eager.diagnostics.outputAtBaseline as number[])[j]) <= 1e-5));
      }
    }
    tf.dispose([x, base]);
    model.dispose();
  });
}
