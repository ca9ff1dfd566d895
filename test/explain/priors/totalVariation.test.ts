/** Total variation of attribution maps (SPEC.md: TV of a constant map is 0). */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { totalVariation, totalVariationPrior } from '../../../explain/priors/totalVariation';
import { quietReady, values } from '../support';

quietReady();

test('TV of a constant map is 0', () => {
  const phi = tf.fill([3, 5, 4, 2], 0.7);
  assert.equal(totalVariation(phi).arraySync(), 0);
  phi.dispose();
});

test('TV sums |vertical| + |horizontal| differences of the channel-summed map, averaged over the batch', () => {
  // Row 0: channels sum to [[1, 3], [0, 0]] → |0−1| + |0−3| + |3−1| + |0−0| = 6.
  // Row 1: zero map → 0. Mean over the batch: 3.
  const phi = tf.tensor4d([
    [
      [
        [0.5, 0.5],
        [1, 2],
      ],
      [
        [0, 0],
        [0, 0],
      ],
    ],
    [
      [
        [0, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
      ],
    ],
  ]);
  assert.ok(Math.abs((totalVariation(phi).arraySync() as number) - 3) < 1e-6);
  phi.dispose();
});

test('TV of a map that cancels across channels is 0 (channels are summed first)', () => {
  const phi = tf.tensor4d([
    [
      [
        [1, -1],
        [5, -5],
      ],
      [
        [-2, 2],
        [3, -3],
      ],
    ],
  ]);
  assert.equal(totalVariation(phi).arraySync(), 0);
  phi.dispose();
});

test('TV rejects non-image attributions with the exact message; the prior checks shapes before training', () => {
  const flat = tf.ones([4, 784]);
  assert.throws(() => totalVariation(flat), {
    message:
      "Argument 'attributions' passed to 'totalVariation' must be images of shape [N, height, width, channels], but got shape [4, 784].",
  });
  assert.throws(() => totalVariationPrior().check([784], 'train'), {
    message:
      "Argument 'attributions' passed to 'train' must be images of shape [N, height, width, channels], but got shape [N, 784].",
  });
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

test('standardised TV: each map is centred and divided by its std before the TV (closed form)', () => {
  // Map [[0, 4], [0, 4]]: raw TV = |4−0| + |4−0| = 8; standardised [[−1, 1], [−1, 1]] (std 2) → 4.
  const phi = tf.tensor4d([0, 4, 0, 4], [1, 2, 2, 1]);
  assert.ok(Math.abs((totalVariation(phi).arraySync() as number) - 8) < 1e-6);
  assert.ok(Math.abs((totalVariation(phi, { standardize: true }).arraySync() as number) - 4) < 1e-5);
  phi.dispose();
});

test('standardised TV is invariant to scaling (and shifting) each map; raw TV scales with it', () => {
  const base = tf.tensor4d(values(3 * 6 * 5, 21), [3, 6, 5, 1]);
  // A different positive factor per image: per-image standardisation removes each one (as long
  // as the std stays above its floor 1/√pixels ≈ 0.18, which keeps a constant map finite).
  const factors = tf.tensor4d([0.5, 7.3, 250], [3, 1, 1, 1]);
  const scaled = base.mul(factors).add(3);
  const tv = (t: tf.Tensor, standardize: boolean) => totalVariation(t, { standardize }).arraySync() as number;
  const a = tv(base, true);
  const b = tv(scaled, true);
  assert.ok(a > 1, `standardised TV ${a}`);
  assert.ok(Math.abs(a - b) < 1e-4 * a, `${a} vs ${b}`);
  assert.ok(tv(scaled, false) > 50 * tv(base, false));
  tf.dispose([base, factors, scaled]);
});

test('standardised TV of a constant map is 0 with a finite gradient (std floored at 1/√pixels)', () => {
  const phi = tf.fill([2, 4, 4, 1], 0.3);
  const g = tf.grad((p: tf.Tensor) => totalVariation(p, { standardize: true }))(phi);
  assert.equal(totalVariation(phi, { standardize: true }).arraySync(), 0);
  assert.ok(Array.from(g.dataSync()).every(Number.isFinite));
  tf.dispose([phi, g]);
});

test('the standardised prior names itself and rejects a non-boolean option with the exact message', () => {
  assert.equal(totalVariationPrior({ standardize: true }).name, 'totalVariation (standardised)');
  assert.equal(totalVariationPrior().name, 'totalVariation');
  const phi = tf.ones([1, 2, 2, 1]);
  assert.throws(() => totalVariation(phi, { standardize: 'yes' as unknown as boolean }), {
    message: "Argument 'standardize' passed to 'totalVariation' must be true or false, but got \"yes\".",
  });
  assert.throws(() => totalVariationPrior({ standardize: 1 as unknown as boolean }), {
    message: "Argument 'standardize' passed to 'totalVariationPrior' must be true or false, but got 1.",
  });
  const before = tf.memory().numTensors;
  totalVariation(phi, { standardize: true }).dispose();
  assert.equal(tf.memory().numTensors, before);
  phi.dispose();
});
