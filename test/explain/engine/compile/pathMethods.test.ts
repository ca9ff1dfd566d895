/**
 * The path methods (Expected and Integrated Gradients, the embedding explainer) and the Hessian
 * methods (Expected and Integrated Hessians) with their chunks compiled equal the eager ones
 * (1e-5 relative) on the closed-form dense path and on the autodiff path, for a fixed output and
 * for per-row outputs; no fallback line, no leaks, no cache growth when the shapes repeat; a
 * model that reads data back falls back with its one line and the right result. Skipped on
 * backends other than tensorflow.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { cacheFor, setCompileEnabled } from '../../../../explain/engine/compile';
import { expectedGradients } from '../../../../explain/attribution/expectedGradients';
import { integratedGradients } from '../../../../explain/attribution/integratedGradients';
import { embeddingAttributions } from '../../../../explain/attribution/embeddingAttributions';
import { expectedHessians } from '../../../../explain/interaction/expectedHessians';
import { integratedHessians } from '../../../../explain/interaction/integratedHessians';
import { quietReady, values } from '../../support';
import { init, native, warnings, worstRelative } from './helpers';

quietReady();

/** A softplus MLP d-8-6-k (a dense stack: the closed-form path). */
const mlp = (d: number, k: number): tf.Sequential =>
  tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, inputShape: [d], activation: 'softplus', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 6, activation: 'tanh', kernelInitializer: init(2) }),
      tf.layers.dense({ units: k, kernelInitializer: init(3) }),
    ],
  });

/** The same kind of model behind a functional graph (not a dense stack: the autodiff path). */
const functional = (d: number, k: number): tf.LayersModel => {
  const input = tf.input({ shape: [d] });
  const h = tf.layers.dense({ units: 8, activation: 'softplus', kernelInitializer: init(4) }).apply(input) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: k, kernelInitializer: init(5) }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
};

/** Largest |a − b| / max |b| over nested arrays of numbers. */

/**
 * Runs `call` eagerly, then twice while recording and three times compiled; checks the numbers,
 * the absence of fallback lines and leaks, and that every graph is compiled and none was added
 * by the repeated calls. Returns the number of graphs the cache holds.
 */
async function compareCompiled(owner: object, label: string, call: () => Promise<{ numbers: unknown }>): Promise<number> {
  setCompileEnabled(false);
  const eager = await call();
  setCompileEnabled(null);
  const lines = await warnings(async () => {
    await call();
    await call();
  });
  assert.deepEqual(lines, [], label);
  const before = tf.memory().numTensors;
  const graphs = cacheFor(owner, label).size;
  for (let i = 0; i < 3; i++) {
    const r = await call();
    const diff = worstRelative(r.numbers, eager.numbers);
    assert.ok(diff <= 1e-5, `${label}, call ${i}: ${diff}`);
  }
  assert.equal(tf.memory().numTensors, before, label);
  const phases = cacheFor(owner, label).phases();
  assert.equal(phases.length, graphs, `${label}: the cache grew on repeated shapes`);
  assert.ok(
    phases.every((p) => p === 'ready'),
    `${label}: ${phases.join(', ')}`,
  );
  return graphs;
}

test('expected and integrated gradients: compiled chunks equal eager ones (dense and autodiff paths, fixed and per-row outputs)', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const d = 5;
  const x = tf.tensor2d(values(7 * d, 11), [7, d]);
  const bg = tf.tensor2d(values(9 * d, 12), [9, d]);
  for (const model of [mlp(d, 3), functional(d, 3)]) {
    for (const output of [1, [0, 1, 2, 2, 1, 0, 1]] as const) {
      // batchSize 30: several chunks per call, the last one shorter (two graphs).
      await compareCompiled(model, 'expectedGradients: path chunk', async () => {
        const r = await expectedGradients(model, x, { baseline: bg, numSamples: 16, output: output as never, batchSize: 30 });
        return {
          numbers: [
            r.attributions,
            r.diagnostics.standardError,
            r.diagnostics.completenessGap,
            r.diagnostics.completenessStandardError,
          ],
        };
      });
      for (const rule of ['gaussLegendre', 'grid'] as const) {
        await compareCompiled(model, 'integratedGradients: path chunk', async () => {
          const r = await integratedGradients(model, x, { numSamples: 12, rule, output: output as never, baseline: 0.5 });
          return { numbers: [r.attributions, r.diagnostics.completenessGap] };
        });
      }
    }
    model.dispose();
  }
  x.dispose();
  bg.dispose();
});

test('embedding attributions: compiled chunks equal eager ones', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [4, 3] }),
      tf.layers.dense({ units: 6, activation: 'tanh', kernelInitializer: init(6) }),
      tf.layers.dense({ units: 1, kernelInitializer: init(7) }),
    ],
  });
  const x = tf.tensor3d(values(5 * 12, 13), [5, 4, 3]);
  const bg = tf.tensor3d(values(6 * 12, 14), [6, 4, 3]);
  for (const method of ['integratedGradients', 'expectedGradients'] as const) {
    await compareCompiled(model, 'embeddingAttributions: path chunk', async () => {
      const r = await embeddingAttributions(model, x, {
        method,
        numSamples: 10,
        ...(method === 'expectedGradients' ? { baseline: bg } : {}),
      });
      return { numbers: [r.attributions, r.diagnostics.standardError ?? [], r.diagnostics.completenessGap] };
    });
  }
  model.dispose();
  x.dispose();
  bg.dispose();
});

test('expected and integrated Hessians: compiled chunks equal eager ones (dense and autodiff engines, full matrices and one row)', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const d = 4;
  const x = tf.tensor2d(values(3 * d, 15), [3, d]);
  const bg = tf.tensor2d(values(5 * d, 16), [5, d]);
  const model = mlp(d, 2);
  const cases = [
    { hessian: 'dense' as const },
    { hessian: 'autodiff' as const },
    { hessian: 'autodiff' as const, interactionIndex: 2 },
    { hessian: 'dense' as const, standardErrors: true },
  ];
  for (const extra of cases) {
    for (const output of [1, [0, 1, 1]] as const) {
      const label = 'expectedHessians: Hessian chunk';
      await compareCompiled(model, label, async () => {
        const r = await expectedHessians(model, x, {
          baseline: bg,
          numSamples: 9,
          output: output as never,
          batchSize: 12,
          ...extra,
        });
        const g = r.diagnostics;
        return {
          numbers: [r.interactions, r.standardError ?? [], g.attributions, g.rowSumGap, g.totalGap, g.totalGapStandardError],
        };
      });
    }
  }
  for (const hessian of ['dense', 'autodiff'] as const) {
    const label = 'integratedHessians: Hessian chunk';
    await compareCompiled(model, label, async () => {
      const r = await integratedHessians(model, x, { numSamples: 16, output: 0, hessian });
      return { numbers: [r.interactions, r.diagnostics.rowSumGap, r.diagnostics.totalGap] };
    });
  }
  model.dispose();
  x.dispose();
  bg.dispose();
});

test('a model that reads its data back to JavaScript falls back with one line and the eager result', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const w = tf.variable(tf.tensor2d([[0.5], [-1], [2]]));
  const model = (z: tf.Tensor): tf.Tensor => {
    // A host round trip inside the model: a recorded graph cannot express it.
    const scale = tf.tidy(() => z.abs().max()).dataSync()[0] >= 0 ? 1 : 0;
    return tf.tanh(z.matMul(w)).mul(scale);
  };
  const x = tf.tensor2d(values(4 * 3, 17), [4, 3]);
  setCompileEnabled(false);
  const eager = await integratedGradients(model, x, { numSamples: 8 });
  setCompileEnabled(null);
  const lines = await warnings(async () => {
    for (let i = 0; i < 3; i++) {
      const r = await integratedGradients(model, x, { numSamples: 8 });
      assert.ok(worstRelative(r.attributions, eager.attributions) === 0);
    }
  });
  assert.deepEqual(lines, [
    'pathlab: compile: integratedGradients: path chunk: it reads a tensor back to JavaScript (dataSync, data or arraySync); running it eagerly.',
  ]);
  assert.deepEqual(cacheFor(model, 'integratedGradients: path chunk').phases(), ['eager']);
  w.dispose();
  x.dispose();
});
