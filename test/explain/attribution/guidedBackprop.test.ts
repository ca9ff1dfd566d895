import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { guidedBackprop } from '../../../explain/attribution/guidedBackprop';
import { deconvolution } from '../../../explain/attribution/deconvolution';
import { gradient } from '../../../explain/attribution/gradient';
import { assertClose, noLeak, specRelu } from './fixtures';
import { quietReady } from '../support';

quietReady();

test('the SPEC ReLU network: guided (1, 0) and deconvolution (1, 0) at (3, 1); at (0.5, 1) guided 0, deconvolution (1, 0)', async () => {
  const g = await noLeak(() =>
    guidedBackprop(specRelu, [
      [3, 1],
      [0.5, 1],
    ]),
  );
  assertClose(g.attributions[0], [1, 0], 1e-6);
  assertClose(g.attributions[1], [0, 0], 1e-6);
  const d = await noLeak(() =>
    deconvolution(specRelu, [
      [3, 1],
      [0.5, 1],
    ]),
  );
  assertClose(d.attributions[0], [1, 0], 1e-6);
  assertClose(d.attributions[1], [1, 0], 1e-6);
  // The ordinary gradient is untouched afterwards.
  const plain = await gradient(specRelu, [[3, 1]]);
  assertClose(plain.attributions[0], [1, -1], 1e-6);
});

test('the ReLU gradient is restored after an error inside the pass', async () => {
  const before = tf.getGradient('Relu');
  const failing = (x: tf.Tensor) => {
    tf.relu(x);
    throw new Error('model failed');
  };
  await assert.rejects(() => guidedBackprop(failing as never, [[1, 2]]), /model failed/);
  await assert.rejects(() => deconvolution(failing as never, [[1, 2]]), /model failed/);
  assert.equal(tf.getGradient('Relu'), before);
});
