/** Total variation of attribution maps (SPEC.md: TV of a constant map is 0). */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { errors } from '../../../explain/internal/errors';
import { totalVariation, totalVariationPrior } from '../../../explain/priors/totalVariation';
import { quietReady } from '../support';

quietReady();

test('TV of a constant map is 0', () => {
  const phi = tf.fill([3, 5, 4, 2], 0.7);
  assert.equal(totalVariation(phi).arraySync(), 0);
  phi.dispose();
});

test('TV sums |vertical| + |horizontal| differences of the channel-summed map, averaged over the batch', () => {
  // Row 0: channels sum to [[1, 3], [0, 0]] → |0−1| + |0−3| + |3−1| + |0−0| = 6.
  // Row 1: zero map → 0. Mean over the batch: 3.
  const phi = tf.tensor4d(
    [
      [[[0.5, 0.5], [1, 2]], [[0, 0], [0, 0]]],
      [[[0, 0], [0, 0]], [[0, 0], [0, 0]]],
    ],
  );
  assert.ok(Math.abs((totalVariation(phi).arraySync() as number) - 3) < 1e-6);
  phi.dispose();
});

test('TV of a map that cancels across channels is 0 (channels are summed first)', () => {
  const phi = tf.tensor4d([[[[1, -1], [5, -5]], [[-2, 2], [3, -3]]]]);
  assert.equal(totalVariation(phi).arraySync(), 0);
  phi.dispose();
});

test('TV rejects non-image attributions with the exact message; the prior checks shapes before training', () => {
  const flat = tf.ones([4, 784]);
  assert.throws(() => totalVariation(flat), { message: errors.priorsNotImage('totalVariation', [4, 784]) });
  assert.throws(() => totalVariationPrior().check([784], 'train'), { message: errors.priorsNotImage('train', ['N', 784]) });
  assert.doesNotThrow(() => totalVariationPrior().check([28, 28, 1], 'train'));
  flat.dispose();
});

test('totalVariation leaves no tensors behind', () => {
  const phi = tf.randomNormal([2, 4, 4, 3]);
  const before = tf.memory().numTensors;
  totalVariation(phi).dispose();
  assert.equal(tf.memory().numTensors, before);
  phi.dispose();
});
