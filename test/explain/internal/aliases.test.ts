/**
 * One option vocabulary: the former names (shapleySampling's `samples`, the Hessian methods'
 * `hessian`, differentiableExpectedGradients' `labels`/`outputIndex`, train's `explainOutput`)
 * give the same numbers as the current ones, warn once with the literal text, are accepted by
 * the unknown-key checker, and are an error when given together with the current name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { differentiableExpectedGradients, expectedHessians, shapleySampling } from '../../../index';
import { resolveAliases } from '../../../explain/internal/aliases';
import { mlp, noLeak, quietReady, rejectsWith } from '../support';

quietReady();

/** Runs `fn` with warnings on and returns what pathlab wrote with console.warn. */
async function warnings<T>(fn: () => Promise<T> | T): Promise<{ value: T; warned: string[] }> {
  const warned: string[] = [];
  const original = console.warn;
  const quiet = process.env.PATHLAB_QUIET;
  delete process.env.PATHLAB_QUIET;
  console.warn = (...args: unknown[]) => warned.push(args.map(String).join(' '));
  try {
    return { value: await fn(), warned };
  } finally {
    console.warn = original;
    process.env.PATHLAB_QUIET = quiet;
  }
}

let cached: tf.Sequential | null = null;
/** Made on first use (each test's first line), after `quietReady` has selected the backend. */
const net = (): tf.Sequential => (cached ??= mlp([3, 6, 1], 'softplus', 5, 0.7));
const X = [
  [0.2, -0.4, 0.9],
  [1, 0.5, -0.3],
];

test("shapleySampling: 'samples' is 'numSamples' under its former name, warns once, and names itself in errors", async () => {
  net();
  const current = await shapleySampling(net(), X, { numSamples: 3, seed: 1 });
  const { value: old, warned } = await warnings(() => shapleySampling(net(), X, { samples: 3, seed: 1 }));
  assert.deepEqual(old.attributions, current.attributions);
  assert.deepEqual(warned, ["pathlab: 'shapleySampling': option 'samples' is deprecated; use 'numSamples' (same meaning)."]);
  const again = await warnings(() => shapleySampling(net(), X, { samples: 3, seed: 1 }));
  assert.deepEqual(again.warned, []);
  await rejectsWith(
    () => shapleySampling(net(), X, { samples: 0 }),
    "Argument 'samples' passed to 'shapleySampling' must be an integer >= 1, but got 0.",
  );
  await rejectsWith(
    () => shapleySampling(net(), X, { numSamples: 0 }),
    "Argument 'numSamples' passed to 'shapleySampling' must be an integer >= 1, but got 0.",
  );
  await rejectsWith(
    () => shapleySampling(net(), X, { numSamples: 3, samples: 3 }),
    "Argument 'options' passed to 'shapleySampling' gives both 'numSamples' and its deprecated name 'samples'; pass only 'numSamples'.",
  );
});

test("expectedHessians: 'engine' picks the engine; 'hessian' is its former name", async () => {
  net();
  const base = { numSamples: 8, seed: 2, baseline: [[0, 0, 0]] };
  const engine = await noLeak(() => expectedHessians(net(), X, { ...base, engine: 'autodiff' }));
  const { value: old, warned } = await warnings(() => expectedHessians(net(), X, { ...base, hessian: 'autodiff' }));
  assert.deepEqual(old.interactions, engine.interactions);
  assert.equal(engine.diagnostics.hessian, 'autodiff');
  assert.ok(warned.includes("pathlab: 'expectedHessians': option 'hessian' is deprecated; use 'engine' (same meaning)."));
  await rejectsWith(
    () => expectedHessians(net(), X, { ...base, engine: 'fast' as 'auto' }),
    "Argument 'engine' passed to 'expectedHessians' must be one of 'auto', 'autodiff', 'dense', but got \"fast\".",
  );
  await rejectsWith(
    () => expectedHessians(net(), X, { ...base, engine: 'auto', hessian: 'auto' }),
    "Argument 'options' passed to 'expectedHessians' gives both 'engine' and its deprecated name 'hessian'; pass only 'engine'.",
  );
});

test("differentiableExpectedGradients: 'output' takes an index or a label tensor; 'labels'/'outputIndex' are its former names", async () => {
  net();
  const w = tf.tensor2d([1, 2, -1, 0.5, 3, 1], [3, 2]);
  const model = (x: tf.Tensor) => x.matMul(w);
  const x = tf.tensor2d(X);
  const labels = tf.tensor1d([1, 0], 'int32');
  const opts = { references: 'roll' as const, seed: 3 };
  try {
    const pick = (o: object) =>
      tf.tidy(() => Array.from(differentiableExpectedGradients(model, x, { ...opts, ...o }).dataSync()));
    const byIndex = pick({ output: 1 });
    const { value: byOldIndex, warned } = await warnings(() => pick({ outputIndex: 1 }));
    assert.deepEqual(byOldIndex, byIndex);
    assert.deepEqual(warned, [
      "pathlab: 'differentiableExpectedGradients': option 'outputIndex' is deprecated; use 'output' (same meaning).",
    ]);
    assert.deepEqual(pick({ labels }), pick({ output: labels }));
    assert.throws(() => pick({ output: 1, outputIndex: 1 }), {
      message:
        "Argument 'options' passed to 'differentiableExpectedGradients' gives both 'output' and its deprecated name 'outputIndex'; pass only 'output'.",
    });
    assert.throws(() => pick({ output: 3 }), {
      message:
        "Argument 'output' passed to 'differentiableExpectedGradients' must be an integer output index in [0, 1], but got 3.",
    });
    const three = tf.tensor1d([0, 1, 1], 'int32');
    assert.throws(() => pick({ output: three }), {
      message: "Argument 'output' passed to 'differentiableExpectedGradients' must have 2 rows (one per input), but got 3.",
    });
    three.dispose();
    assert.throws(() => pick({}), {
      message:
        "Argument 'output' passed to 'differentiableExpectedGradients' must be given for a model with 2 outputs (an output index or a tensor of labels), but got undefined.",
    });
    assert.throws(() => pick({ output: 'label' }), {
      message:
        "Argument 'output' passed to 'differentiableExpectedGradients' must be an output index or a tensor of labels [N] or [N, C], but got \"label\".",
    });
  } finally {
    w.dispose();
    x.dispose();
    labels.dispose();
  }
});

test('resolveAliases renames without touching its argument and passes non-objects through', () => {
  const given = { samples: 4, seed: 1 };
  const out = resolveAliases('f', given, { samples: 'numSamples' });
  assert.deepEqual(out, { seed: 1, numSamples: 4 });
  assert.deepEqual(given, { samples: 4, seed: 1 });
  const same = { numSamples: 4 };
  assert.equal(resolveAliases('f', same, { samples: 'numSamples' }), same);
  assert.equal(resolveAliases('f', 'fast' as unknown as object, { samples: 'numSamples' }), 'fast');
});
