/**
 * Occlusion and Shapley value sampling build their model rows on the device and run the model in
 * one compiled function per pass: compiled equals eager (1e-5 relative) on a small conv + max-pool
 * net, with no fallback line, no leaks and no cache growth when the same shapes repeat. Skipped
 * on backends other than tensorflow.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { cacheFor, setCompileEnabled } from '../../../../explain/engine/compile';
import { occlusion } from '../../../../explain/attribution/occlusion';
import { shapleySampling } from '../../../../explain/attribution/shapleySampling';
import { quietReady, values } from '../../support';
import { native, smallCnn, warnings, worstRelative } from './helpers';

quietReady();

const cnn = (): tf.LayersModel => smallCnn(6, 3, [3, 4]);

const halves = new WeakMap<tf.Tensor, number[][][][]>();
/** x / 2 as nested arrays (made once per x, so the calls create no tensors of their own). */
const halfOf = (x: tf.Tensor): number[][][][] => {
  if (!halves.has(x))
    halves.set(
      x,
      tf.tidy(() => x.mul(0.5).arraySync() as number[][][][]),
    );
  return halves.get(x)!;
};

const cases = {
  // 3 inputs × 36 windows in passes of 50 rows: two pass shapes (50 and 8 rows), two graphs.
  occlusion: (m: tf.LayersModel, x: tf.Tensor) => occlusion(m, x, { output: 1, fillValue: 0.25, batchSize: 50 }),
  // 3 inputs × 2 permutations × 37 states, one row per input as baseline, passes of 100 rows.
  shapleySampling: (m: tf.LayersModel, x: tf.Tensor) =>
    shapleySampling(m, x, { output: [0, 2, 1], samples: 2, seed: 5, baseline: halfOf(x), batchSize: 100 }),
};

for (const [name, run] of Object.entries(cases)) {
  test(`${name}: compiled passes equal eager ones, no fallback, no leaks, no cache growth`, async (t) => {
    if (!native()) return t.skip('not the tensorflow backend');
    const model = cnn();
    const x = tf.tensor4d(values(3 * 36, 11), [3, 6, 6, 1]);
    setCompileEnabled(false);
    const eager = await run(model, x);
    setCompileEnabled(null);
    const lines = await warnings(async () => {
      await run(model, x);
      await run(model, x);
    });
    assert.deepEqual(lines, []);
    const phases = cacheFor(model, `${name} rows`).phases();
    assert.ok(phases.length >= 1 && phases.every((p) => p === 'ready'), phases.join(','));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const r = await run(model, x);
      assert.ok(
        worstRelative(r.attributions, eager.attributions) <= 1e-5,
        `call ${i}: ${worstRelative(r.attributions, eager.attributions)}`,
      );
      assert.deepEqual(r.diagnostics.outputAtInput, eager.diagnostics.outputAtInput);
    }
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(cacheFor(model, `${name} rows`).phases(), phases);
    x.dispose();
    model.dispose();
  });
}
