import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../../explain/engine';
import {
  DENSE_ACTIVATIONS,
  activationDerivatives,
  asDenseStack,
  denseStackMismatch,
  isDenseActivation,
} from '../../../explain/interaction/denseStack';
import { assertClose, mlp } from './fixtures';

test('closed-form σ′ and σ″ of every supported activation match tfjs autodiff of the layer activation', async () => {
  await ready();
  // Points away from kinks, where both derivatives exist.
  const pts = [-2.3, -0.7, -0.2, 0.3, 1.1, 2.6, 7];
  for (const name of Object.keys(DENSE_ACTIVATIONS)) {
    assert.ok(isDenseActivation(name));
    const layer = tf.layers.activation({ activation: name as 'relu' });
    const act = (t: tf.Tensor) => layer.apply(t) as tf.Tensor;
    const before = tf.memory().numTensors;
    const h = 1e-2;
    const [y, d1, d2, ry, rd1, up, down] = tf.tidy(() => {
      const a = tf.tensor1d(pts);
      const [s0, s1, s2] = activationDerivatives(name as 'relu', a);
      const first = (t: tf.Tensor) => tf.grad((q: tf.Tensor) => act(q).sum())(t);
      // σ″ by central differences of autodiff's σ′: tfjs has no second-order gradient for
      // some activations (relu6, selu), which is one reason the closed form exists.
      return [s0, s1, s2, act(a), first(a), first(a.add(h)), first(a.sub(h))].map((t) => Array.from(t.dataSync()));
    });
    const rd2 = up.map((u, i) => (u - down[i]) / (2 * h));
    assert.equal(tf.memory().numTensors, before);
    assertClose(y, ry, 1e-5, `${name} value`);
    assertClose(d1, rd1, 1e-4, `${name} σ′`);
    assertClose(d2, rd2, 2e-3, `${name} σ″`);
  }
  assert.equal(isDenseActivation('softmax'), false);
});

test('asDenseStack recognises Sequential dense chains only', async () => {
  await ready();
  const m = mlp([3, 4, 2]);
  const stack = asDenseStack(m);
  assert.ok(stack);
  assert.equal(stack.inputSize, 3);
  assert.equal(stack.outputSize, 2);
  assert.deepEqual(
    stack.steps.map((s) => s.activation),
    ['softplus', 'linear'],
  );
  assert.equal(
    denseStackMismatch((x: tf.Tensor) => x),
    'a function',
  );
  const soft = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], activation: 'softmax', name: 'sm' })] });
  assert.equal(denseStackMismatch(soft), "layer 'sm' with activation 'softmax'");
  m.dispose();
  soft.dispose();
});
