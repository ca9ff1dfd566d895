/**
 * Compiled execution on the tensorflow backend: recorded functions run as one session call with
 * the eager results; what has no graph form falls back once, with its line, and stays right.
 * (On other backends nothing is recorded and these tests are skipped.)
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { compiled, setCompileEnabled } from '../../../../explain/engine/compile';
import { quietReady, values } from '../../support';
import { relativeDifference, warnings } from './helpers';

quietReady();

const native = (): boolean => tf.getBackend() === 'tensorflow';

function mlp(): tf.Variable[] {
  const shapes = [[20, 16], [16], [16, 8], [8], [8, 3], [3]];
  return shapes.map((s, i) =>
    tf.variable(
      tf.tensor(
        values(
          s.reduce((p, q) => p * q, 1),
          11 + i,
          0.5,
        ),
        s,
      ),
    ),
  );
}

test('an MLP loss and its variable gradients: compiled after two records, equal to eager, no leaks, one cache entry', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const W = mlp();
  const x = tf.tensor2d(values(8 * 20, 3), [8, 20]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3).toFloat();
  const step = (xb: tf.Tensor, yb: tf.Tensor): tf.Tensor[] => {
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.relu(xb.matMul(W[0]).add(W[1]));
      const logits = tf.tanh(h.matMul(W[2]).add(W[3])).matMul(W[4]).add(W[5]);
      return tf.losses.softmaxCrossEntropy(yb, logits) as tf.Scalar;
    }, W);
    return [value, ...W.map((w) => grads[w.name])];
  };
  const f = compiled(step, 'mlp step');
  const eager = tf.tidy(() => step(x, y));
  assert.equal(f.cache.phase([x, y]), null);
  tf.dispose(f(x, y));
  assert.equal(f.cache.phase([x, y]), 'recorded');
  tf.dispose(f(x, y));
  assert.equal(f.cache.phase([x, y]), 'ready');
  const before = tf.memory().numTensors;
  for (let i = 0; i < 4; i++) {
    const r = f(x, y);
    assert.ok(relativeDifference(r, eager) <= 1e-5, `call ${i}`);
    tf.dispose(r);
  }
  assert.equal(tf.memory().numTensors, before);
  assert.equal(f.cache.size, 1);
  // The variables are read at each call: a new weight value changes the compiled result.
  W[5].assign(tf.tensor1d([1, -1, 0.5]));
  const after = tf.tidy(() => step(x, y));
  const r = f(x, y);
  assert.ok(relativeDifference(r, after) <= 1e-5);
  assert.ok(relativeDifference(r, eager) > 1e-4);
  // Another batch size is another signature: a second entry, recorded anew.
  const x2 = x.slice(0, 4);
  const y2 = y.slice(0, 4);
  tf.dispose(f(x2, y2));
  assert.equal(f.cache.size, 2);
  f.cache.dispose();
  tf.dispose([...W, x, y, x2, y2, r, ...eager, ...after]);
});

test('a conv + max-pool net: the input gradient of a gradient penalty (double backprop through pooling) compiles exactly', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const k = tf.variable(tf.tensor4d(values(3 * 3 * 1 * 4, 5, 0.5), [3, 3, 1, 4]));
  const w = tf.variable(tf.tensor2d(values(4 * 4 * 4 * 2, 6, 0.3), [64, 2]));
  const x = tf.tensor4d(values(2 * 8 * 8, 7), [2, 8, 8, 1]);
  const net = (z: tf.Tensor): tf.Tensor =>
    tf
      .relu(tf.maxPool(tf.conv2d(z as tf.Tensor4D, k, 1, 'same'), 2, 2, 'valid'))
      .reshape([-1, 64])
      .matMul(w);
  const fn = (z: tf.Tensor): tf.Tensor[] => {
    const { value, grads } = tf.variableGrads(() => {
      const g = tf.grad((u: tf.Tensor) => net(u).sum())(z);
      // A total-variation-like penalty on the input gradient.
      return tf
        .sub(g.slice([0, 1], [-1, 7]), g.slice([0, 0], [-1, 7]))
        .abs()
        .sum() as tf.Scalar;
    }, [k, w]);
    return [value, grads[k.name], grads[w.name]];
  };
  const f = compiled(fn, 'pool penalty');
  const eager = tf.tidy(() => fn(x));
  tf.dispose([f(x), f(x)]);
  assert.equal(f.cache.phase([x]), 'ready');
  const r = f(x);
  assert.ok(relativeDifference(r, eager) <= 1e-5);
  f.cache.dispose();
  tf.dispose([k, w, x, ...r, ...eager]);
});

test('falls back once, with its line, when the function reads data back (dataSync); the result is right', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const x = tf.tensor1d([1, 2, 3]);
  const f = compiled((z: tf.Tensor) => z.mul(z.sum().dataSync()[0]), 'reads back');
  const lines = await warnings(async () => {
    for (let i = 0; i < 3; i++) {
      const r = f(x);
      assert.deepEqual(Array.from(await r.data()), [6, 12, 18]);
      r.dispose();
    }
  });
  assert.deepEqual(lines, [
    'pathlab: compile: reads back: it reads a tensor back to JavaScript (dataSync, data or arraySync); running it eagerly.',
  ]);
  assert.equal(f.cache.phase([x]), 'eager');
  x.dispose();
});

test('falls back on a data-dependent shape (Unique), and on values that change between calls; results right', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const a = tf.tensor1d([1, 1, 2, 3]);
  const b = tf.tensor1d([5, 6, 7, 8]);
  const f = compiled((z: tf.Tensor) => tf.unique(z).values.sum(), 'unique');
  let lines = await warnings(async () => {
    assert.equal((await f(a).data())[0], 6);
    assert.equal((await f(b).data())[0], 26);
  });
  assert.deepEqual(lines, ['pathlab: compile: unique: op UniqueV2 has a data-dependent output shape; running it eagerly.']);
  let draws = 0;
  const g = compiled((z: tf.Tensor) => z.add(++draws), 'draw inside');
  lines = await warnings(async () => {
    for (let i = 1; i <= 3; i++) assert.deepEqual(Array.from(await g(a).data()), [1 + i, 1 + i, 2 + i, 3 + i]);
  });
  assert.deepEqual(lines, [
    'pathlab: compile: draw inside: a value uploaded inside the function changes between calls (a random draw or a number computed from the data: pass it as an argument); running it eagerly.',
  ]);
  tf.dispose([a, b]);
});

test('falls back on an op with no faithful graph form (a random op inside TensorFlow) and on a tensor that is not an argument', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const logits = tf.tensor2d([[0, 50, 0]]);
  const f = compiled((z: tf.Tensor) => tf.multinomial(z as tf.Tensor2D, 4, 1), 'sample');
  const outside = tf.tensor1d([10, 20]);
  const g = compiled((z: tf.Tensor) => z.add(outside), 'closure');
  const x = tf.tensor1d([1, 2]);
  const lines = await warnings(async () => {
    assert.deepEqual(Array.from(await f(logits).data()), [1, 1, 1, 1]);
    for (let i = 0; i < 3; i++) assert.deepEqual(Array.from(await g(x).data()), [11, 22]);
  });
  assert.deepEqual(lines, [
    'pathlab: compile: sample: op Multinomial draws random numbers inside TensorFlow (draw them outside and pass them in); running it eagerly.',
    'pathlab: compile: closure: it reads a tensor that is neither an argument nor a variable (pass it as an argument); running it eagerly.',
  ]);
  tf.dispose([logits, outside, x]);
});

test('PATHLAB_COMPILE=0 (or setCompileEnabled(false)) records nothing', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const x = tf.tensor1d([1, 2]);
  const f = compiled((z: tf.Tensor) => z.square(), 'square');
  process.env.PATHLAB_COMPILE = '0';
  try {
    for (let i = 0; i < 3; i++) tf.dispose(f(x));
    assert.equal(f.cache.size, 0);
  } finally {
    delete process.env.PATHLAB_COMPILE;
  }
  setCompileEnabled(false);
  try {
    tf.dispose(f(x));
    assert.equal(f.cache.size, 0);
  } finally {
    setCompileEnabled(null);
  }
  tf.dispose([f(x), f(x)]);
  assert.equal(f.cache.phase([x]), 'ready');
  assert.deepEqual(Array.from(await f(x).data()), [1, 4]);
  f.cache.dispose();
  x.dispose();
});

test('inside a gradient tape a compiled function runs eagerly, so its gradient is right', async (t) => {
  if (!native()) return t.skip('not the tensorflow backend');
  const x = tf.tensor1d([1, 2]);
  const f = compiled((z: tf.Tensor) => z.square(), 'square');
  tf.dispose([f(x), f(x)]);
  assert.equal(f.cache.phase([x]), 'ready');
  const g = tf.grad((z: tf.Tensor) => f(z).sum())(x);
  assert.deepEqual(Array.from(await g.data()), [2, 4]);
  f.cache.dispose();
  tf.dispose([x, g]);
});
