/**
 * Second-order gradients through pooling, on the backend PATHLAB_BACKEND selects: the gradient
 * registered for MaxPoolGrad / AvgPoolGrad is the exact adjoint of the backend's kernel (ties,
 * padding), and double backprop through conv + pool matches central finite differences.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { registerMissingGradients } from '../../../explain/engine/gradients';
import { quietReady, values } from '../support';

type Pad = 'same' | 'valid' | number;

quietReady();

test('ready() registers gradients for MaxPoolGrad and AvgPoolGrad, idempotently', () => {
  assert.ok(tf.getGradient('MaxPoolGrad'));
  assert.ok(tf.getGradient('AvgPoolGrad'));
  const config = tf.getGradient('MaxPoolGrad');
  registerMissingGradients();
  assert.equal(tf.getGradient('MaxPoolGrad'), config);
});

const poolCases: Array<{ kind: 'max' | 'avg'; filter: number | [number, number]; stride: number | [number, number]; pad: Pad }> =
  [
    { kind: 'max', filter: 2, stride: 2, pad: 'valid' },
    { kind: 'max', filter: 3, stride: 2, pad: 'same' },
    { kind: 'max', filter: 3, stride: 1, pad: 'same' },
    { kind: 'max', filter: [2, 3], stride: [1, 2], pad: 'valid' },
    { kind: 'max', filter: 2, stride: 2, pad: 'same' },
    { kind: 'max', filter: 3, stride: 2, pad: 1 },
    { kind: 'avg', filter: 2, stride: 2, pad: 'same' },
    { kind: 'avg', filter: 3, stride: 2, pad: 'same' },
    { kind: 'avg', filter: 3, stride: 1, pad: 'same' },
    { kind: 'avg', filter: [3, 2], stride: [2, 1], pad: 'valid' },
  ];

// The backward kernel K (dy ↦ dx) is linear; its registered gradient must be Kᵀ exactly. Column w
// of K is K(e_w), so (Kᵀ ddx)_w = <K(e_w), ddx>. The input has many ties (values from {-2..2})
// and negative values next to 'same' padding, where backends disagree on the routing.
test('the gradient of MaxPoolGrad / AvgPoolGrad is the exact adjoint of the backend kernel', () => {
  // tfjs-node's pooling kernels accept only 'same' and 'valid' padding.
  for (const c of poolCases.filter((p) => typeof p.pad === 'string' || tf.getBackend() !== 'tensorflow')) {
    const x = tf.tensor4d(
      Array.from({ length: 2 * 5 * 6 * 2 }, (_, i) => ((i * 7) % 5) - 2),
      [2, 5, 6, 2],
    );
    const pool = (t: tf.Tensor4D): tf.Tensor4D =>
      c.kind === 'max' ? tf.maxPool(t, c.filter, c.stride, c.pad) : tf.avgPool(t, c.filter, c.stride, c.pad);
    const yShape = tf.tidy(() => pool(x).shape);
    const kernel = (dy: tf.Tensor): tf.Tensor => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t as tf.Tensor4D), dy)))(x);
    const ddx = tf.tensor(values(x.size, 7), x.shape);
    const dy0 = tf.zeros(yShape);
    const numBefore = tf.memory().numTensors;
    const adjoint = tf.grad((dy: tf.Tensor) => tf.sum(tf.mul(kernel(dy), ddx)))(dy0);
    assert.equal(tf.memory().numTensors, numBefore + 1, `${c.kind} ${JSON.stringify(c)} leaks tensors`);
    assert.deepEqual(adjoint.shape, yShape);
    const got = adjoint.dataSync();
    const n = got.length;
    // Column w of K for all w of one image at once: the one-hot maps stacked along the batch
    // axis, each against a copy of that image.
    const perImage = n / yShape[0];
    const columns = tf.tidy(() => {
      const eye = tf.reshape(tf.eye(perImage), [perImage, ...yShape.slice(1)]);
      const out: number[] = [];
      for (let b = 0; b < yShape[0]; b++) {
        const xb = tf.tile(tf.slice(x, [b], [1]), [perImage, 1, 1, 1]) as tf.Tensor4D;
        const kb = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t as tf.Tensor4D), eye)))(xb);
        out.push(...Array.from(tf.sum(tf.mul(kb, tf.slice(ddx, [b], [1])), [1, 2, 3]).dataSync()));
      }
      return out;
    });
    for (let w = 0; w < n; w++) {
      assert.ok(Math.abs(got[w] - columns[w]) < 1e-5, `${JSON.stringify(c)}: entry ${w} is ${got[w]}, expected ${columns[w]}`);
    }
    for (const t of [x, ddx, dy0, adjoint]) t.dispose();
  }
});

/**
 * A conv + pool network f(x) = Σ tanh(dense(pool(tanh(conv(x, w1))), w2)) and the double-backprop
 * objective L(w) = Σ (∂f/∂x)², as an attribution prior would compute it.
 */
function objective(kind: 'max' | 'avg', x: tf.Tensor4D, w1: tf.Tensor4D, w2: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const f = (xi: tf.Tensor): tf.Scalar => {
      const h = tf.tanh(tf.conv2d(xi as tf.Tensor4D, w1, 1, 'same'));
      const p = kind === 'max' ? tf.maxPool(h, 2, 2, 'same') : tf.avgPool(h, 3, 2, 'same');
      return tf.sum(tf.tanh(tf.matMul(tf.reshape(p, [x.shape[0], -1]), w2)));
    };
    return tf.sum(tf.square(tf.grad(f)(x)));
  });
}

for (const kind of ['max', 'avg'] as const) {
  test(`double backprop through conv + ${kind}Pool matches central finite differences`, () => {
    const x = tf.tensor4d(values(2 * 5 * 5, 101), [2, 5, 5, 1]);
    const w1Data = values(3 * 3 * 1 * 3, 202, 0.8);
    const w2Data = values(3 * 3 * 3 * 2, 303, 0.8);
    const w1 = tf.tensor4d(w1Data, [3, 3, 1, 3]);
    const w2 = tf.tensor2d(w2Data, [27, 2]);
    const numBefore = tf.memory().numTensors;
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => objective(kind, x, a as tf.Tensor4D, b as tf.Tensor2D))([w1, w2]);
    const analytic = [...grads[0].dataSync(), ...grads[1].dataSync()];
    tf.dispose(grads);
    assert.equal(tf.memory().numTensors, numBefore, 'double backprop leaks tensors');

    const h = 1e-2;
    const evalAt = (d1: Float32Array, d2: Float32Array): number =>
      tf.tidy(() => objective(kind, x, tf.tensor4d(d1, [3, 3, 1, 3]), tf.tensor2d(d2, [27, 2])).dataSync()[0]);
    const numeric: number[] = [];
    for (const [data, other, first] of [
      [w1Data, w2Data, true],
      [w2Data, w1Data, false],
    ] as const) {
      for (let i = 0; i < data.length; i++) {
        const plus = Float32Array.from(data);
        const minus = Float32Array.from(data);
        plus[i] += h;
        minus[i] -= h;
        const lp = first ? evalAt(plus, other) : evalAt(other, plus);
        const lm = first ? evalAt(minus, other) : evalAt(other, minus);
        numeric.push((lp - lm) / (2 * h));
      }
    }
    let num = 0;
    let den = 0;
    for (let i = 0; i < numeric.length; i++) {
      num += (analytic[i] - numeric[i]) ** 2;
      den += numeric[i] ** 2;
    }
    const rel = Math.sqrt(num / den);
    if (process.env.PATHLAB_TEST_VERBOSE)
      console.log(`${kind}Pool: relative error vs finite differences ${rel.toExponential(2)}`);
    assert.ok(den > 1e-3, 'the objective must depend on the weights');
    assert.ok(rel < 1e-2, `relative error ${rel}`);
    x.dispose();
    w1.dispose();
    w2.dispose();
  });
}

/** Central finite differences of a scalar function of one weight vector (float32). */
function finiteDifferences(fn: (w: tf.Tensor) => tf.Scalar, w: Float32Array, h: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < w.length; i++) {
    const plus = Float32Array.from(w);
    const minus = Float32Array.from(w);
    plus[i] += h;
    minus[i] -= h;
    const lp = tf.tidy(() => fn(tf.tensor1d(plus)).dataSync()[0]);
    const lm = tf.tidy(() => fn(tf.tensor1d(minus)).dataSync()[0]);
    out.push((lp - lm) / (2 * h));
  }
  return out;
}

function relativeError(got: ArrayLike<number>, expected: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < expected.length; i++) {
    num += (got[i] - expected[i]) ** 2;
    den += expected[i] ** 2;
  }
  return Math.sqrt(num / den);
}

// tfjs saves these kernels' outputs for their gradients in a way the tape does not connect, so
// without pathlab's replacements the second derivative through them is silently wrong (for tanh
// the relative error is about 0.5 here).
for (const [name, act] of [
  ['tanh', (t: tf.Tensor) => tf.tanh(t)],
  ['sigmoid', (t: tf.Tensor) => tf.sigmoid(t)],
  ['exp', (t: tf.Tensor) => tf.exp(t)],
  ['elu', (t: tf.Tensor) => tf.elu(t)],
  ['softmax', (t: tf.Tensor) => tf.softmax(tf.reshape(t, [2, 3]))],
] as const) {
  test(`the second derivative through ${name} matches finite differences`, () => {
    const x = tf.tensor1d([0.3, -0.5, 0.8, -1.1, 0.6, 0.2]);
    const c = tf.tensor1d([1, -2, 0.5, 1.5, -1, 2]);
    const objective = (w: tf.Tensor): tf.Scalar =>
      tf.tidy(() => {
        const f = (xi: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.reshape(act(tf.mul(xi, w)), [-1]), c));
        return tf.sum(tf.square(tf.grad(f)(x)));
      });
    const w = Float32Array.from([0.7, 1.2, -0.4, 0.9, -1.3, 0.5]);
    const wt = tf.tensor1d(w);
    const numBefore = tf.memory().numTensors;
    const g = tf.grad(objective)(wt);
    const analytic = g.dataSync();
    g.dispose();
    assert.equal(tf.memory().numTensors, numBefore);
    const rel = relativeError(analytic, finiteDifferences(objective, w, 1e-2));
    assert.ok(rel < 1e-2, `relative error ${rel}`);
    tf.dispose([x, c, wt]);
  });
}

// tfjs's cpu and wasm AvgPoolGrad divide by the full window where 'same' padding cuts it, while
// the forward pass averages over the real pixels only.
test("the gradient of avgPool with 'same' padding matches finite differences", () => {
  const xData = values(2 * 5 * 6 * 2, 17);
  const c = tf.tensor(values(2 * 3 * 3 * 2, 19), [2, 3, 3, 2]);
  const fn = (xv: tf.Tensor): tf.Scalar =>
    tf.tidy(() => tf.sum(tf.mul(tf.avgPool(tf.reshape(xv, [2, 5, 6, 2]) as tf.Tensor4D, 3, 2, 'same'), c)));
  const xt = tf.tensor1d(xData);
  const g = tf.grad(fn)(xt);
  const rel = relativeError(g.dataSync(), finiteDifferences(fn, xData, 1e-2));
  assert.ok(rel < 1e-3, `relative error ${rel}`);
  tf.dispose([c, xt, g]);
});
