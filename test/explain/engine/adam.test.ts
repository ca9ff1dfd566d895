/**
 * The flat-buffer Adam gives tfjs's Adam's weights and slots, leaks nothing and frees its buffers.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { adam } from '../../../explain/engine/adam';
import { setCompileEnabled } from '../../../explain/engine/compile';
import { quietReady, values } from '../support';

quietReady();

/**
 * Variables of several ranks (a conv filter, a matrix, a bias, a scalar, and a matrix large
 * enough to get moments of its own) with seeded values.
 */
function makeVars(prefix: string): tf.Variable[] {
  const shapes: number[][] = [[3, 3, 2, 4], [7, 5], [5], [], [130, 130]];
  return shapes.map((shape, i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return tf.variable(tf.tensor(values(n, 11 + i), shape), true, `${prefix}${i}`);
  });
}

/** A loss that reaches every variable non-linearly, with gradients of varied sign and size. */
function loss(vars: tf.Variable[], step: number): tf.Scalar {
  return tf.tidy(() => {
    const [w4, w2, b, s, big] = vars;
    const x = tf.tensor2d(values(3 * 7, 100 + step), [3, 7]);
    const h = tf.tanh(tf.add(tf.matMul(x, w2), b));
    const c = tf.sum(tf.square(tf.sub(w4, 0.3 * step)));
    const z = tf.matMul(tf.tensor2d(values(2 * 130, 200 + step), [2, 130]), big);
    const e = tf.mean(tf.square(tf.sin(z)));
    return tf.addN([tf.sum(tf.square(h)), tf.mul(c, 0.1), tf.mul(tf.square(s), 2), e]) as tf.Scalar;
  });
}

async function assertClose(a: tf.Tensor, b: tf.Tensor, tol: number, what: string): Promise<void> {
  assert.deepEqual(a.shape, b.shape, what);
  const [x, y] = [await a.data(), await b.data()];
  for (let i = 0; i < x.length; i++) {
    assert.ok(Math.abs(x[i] - y[i]) <= tol, `${what}[${i}]: ${x[i]} vs ${y[i]}`);
  }
}

test('adam: weights and slots equal tf.train.adam after several steps (minimize and applyGradients)', async () => {
  for (const opts of [{}, { beta1: 0.8, beta2: 0.99, epsilon: 1e-3 }]) {
    const ours = makeVars('ours');
    const theirs = makeVars('theirs');
    const a = adam(0.05, opts);
    const b = tf.train.adam(0.05, opts.beta1 ?? 0.9, opts.beta2 ?? 0.999, opts.epsilon);
    for (let step = 0; step < 6; step++) {
      if (step % 2 === 0) {
        tf.dispose(a.minimize(() => loss(ours, step), true, ours) ?? []);
        tf.dispose(b.minimize(() => loss(theirs, step), true, theirs) ?? []);
      } else {
        // applyGradients with an array of named tensors.
        const ga = tf.variableGrads(() => loss(ours, step), ours);
        const gb = tf.variableGrads(() => loss(theirs, step), theirs);
        a.applyGradients(ours.map((v) => ({ name: v.name, tensor: ga.grads[v.name] })));
        b.applyGradients(theirs.map((v) => ({ name: v.name, tensor: gb.grads[v.name] })));
        tf.dispose([ga.value, gb.value, ...Object.values(ga.grads), ...Object.values(gb.grads)]);
      }
    }
    assert.equal(a.iterations, 6);
    for (let i = 0; i < ours.length; i++) await assertClose(ours[i], theirs[i], 1e-5, `variable ${i}`);
    const [wa, wb] = [await a.getWeights(), await b.getWeights()];
    assert.equal(wa.length, wb.length);
    for (let i = 1; i < wa.length; i++) {
      assert.equal(wa[i].name.replace('ours', ''), wb[i].name.replace('theirs', ''));
      await assertClose(wa[i].tensor, wb[i].tensor, 1e-5, wa[i].name);
    }
    assert.equal(await wa[0].tensor.data().then((d) => d[0]), 6);
    tf.dispose(wa.map((w) => w.tensor));
    tf.dispose(wb.slice(0, 1).map((w) => w.tensor));
    a.dispose();
    b.dispose();
    tf.dispose([...ours, ...theirs]);
  }
});

test('adam: no tensor leaks per step; dispose frees its buffers', () => {
  const vars = makeVars('leak');
  const before = tf.memory().numTensors;
  const opt = adam(0.01);
  tf.dispose(opt.minimize(() => loss(vars, 0), true, vars) ?? []);
  // The first step creates two moments for the large variable, two flat ones for the others
  // and the β₁, β₂ scalars.
  const afterFirst = tf.memory().numTensors;
  assert.equal(afterFirst, before + 6);
  for (let i = 1; i < 4; i++) tf.dispose(opt.minimize(() => loss(vars, i), true, vars) ?? []);
  assert.equal(tf.memory().numTensors, afterFirst);
  opt.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose(vars);
});

test('adam: a variable without a gradient keeps its value, as in tfjs', () => {
  const vars = makeVars('skip');
  const frozen = vars[3].dataSync()[0];
  const opt = adam(0.1);
  const g = tf.variableGrads(() => loss(vars, 0), [...vars.slice(0, 3), vars[4]]);
  opt.applyGradients({ ...g.grads, [vars[3].name]: null as unknown as tf.Tensor });
  assert.equal(vars[3].dataSync()[0], frozen);
  tf.dispose([g.value, ...Object.values(g.grads)]);
  opt.dispose();
  tf.dispose(vars);
});

test('adam: setWeights takes the state of a tfjs Adam, and training continues as with tfjs', async () => {
  const ours = makeVars('sa');
  const theirs = makeVars('sb');
  const b = tf.train.adam(0.05);
  for (let s = 0; s < 3; s++) {
    tf.dispose(b.minimize(() => loss(theirs, s), true, theirs) ?? []);
  }
  // Hand tfjs's state and weights (renamed onto our variables) to a fresh flat Adam.
  const saved = await b.getWeights();
  const renamed = saved.map((w, i) => (i === 0 ? w : { name: w.name.replace('sb', 'sa'), tensor: w.tensor.clone() }));
  ours.forEach((v, i) => v.assign(theirs[i]));
  const a = adam(0.05);
  await a.setWeights(renamed);
  assert.equal(a.iterations, 3);
  for (let s = 3; s < 5; s++) {
    tf.dispose(a.minimize(() => loss(ours, s), true, ours) ?? []);
    tf.dispose(b.minimize(() => loss(theirs, s), true, theirs) ?? []);
  }
  for (let i = 0; i < ours.length; i++) await assertClose(ours[i], theirs[i], 1e-5, `variable ${i}`);
  tf.dispose([saved[0].tensor, ...renamed.slice(1).map((w) => w.tensor), ...ours, ...theirs]);
  a.dispose();
  b.dispose();
});

test("adam: getConfig is tfjs Adam's", () => {
  const opt = adam(0.01, { beta1: 0.5 });
  assert.equal(opt.getClassName(), 'Adam');
  assert.deepEqual(opt.getConfig(), { learningRate: 0.01, beta1: 0.5, beta2: 0.999, epsilon: tf.backend().epsilon() });
  opt.dispose();
});

test('adam: on tensorflow the update runs compiled (no fallback line) and equals the eager update after 12 steps', async (t) => {
  if (tf.getBackend() !== 'tensorflow') return t.skip('compiled execution is tensorflow-only');
  const warned: string[] = [];
  const warn = console.warn;
  console.warn = (...a: unknown[]) => void warned.push(a.join(' '));
  const before = tf.memory().numTensors;
  try {
    const run = (prefix: string, compiledOn: boolean): tf.Variable[] => {
      setCompileEnabled(compiledOn);
      // (makeVars leaves its initial tensors behind; tidy disposes them, the variables stay.)
      const vars = tf.tidy(() => makeVars(prefix));
      const a = adam(0.05);
      for (let step = 0; step < 12; step++) tf.dispose(a.minimize(() => loss(vars, step), true, vars) ?? []);
      a.dispose();
      return vars;
    };
    const compiledVars = run('c', true);
    const eagerVars = run('e', false);
    for (let i = 0; i < compiledVars.length; i++) await assertClose(compiledVars[i], eagerVars[i], 1e-6, `variable ${i}`);
    tf.dispose([...compiledVars, ...eagerVars]);
  } finally {
    setCompileEnabled(null);
    console.warn = warn;
  }
  assert.deepEqual(
    warned.filter((w) => w.includes('adam update')),
    [],
  );
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
});
