import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  ACTIVATIONS,
  SELU_ALPHA,
  SELU_SCALE,
  activate,
  activationAndSlope,
  activationDerivatives,
  hasNoCurvature,
  isDenseActivation,
  type DenseActivation,
} from '../../../../explain/internal/dense/activations';
import { quietReady } from '../../support';

quietReady();

const points = [-2.5, -1, -0.3, 0.2, 0.9, 3, 7];

test('every entry of the activations table: the slope the first-layer gradient uses equals the closed-form σ′, and σ is tfjs’ own', () => {
  for (const key of Object.keys(ACTIVATIONS)) {
    assert.ok(isDenseActivation(key), key);
    const name: DenseActivation = key;
    const [y, fromTable, closed, ownValue] = tf.tidy(() => {
      const a = tf.tensor1d(points);
      const [value, slope] = activationAndSlope(name, a, true);
      const [v, d1] = activationDerivatives(name, a);
      return [value ?? a, slope ?? tf.onesLike(a), d1, activate(name, a).sub(v)];
    });
    const s = fromTable.dataSync();
    const c = closed.dataSync();
    points.forEach((_, i) => assert.ok(Math.abs(s[i] - c[i]) <= 1e-6, `${name} at ${points[i]}: ${s[i]} vs ${c[i]}`));
    assert.ok(Math.max(...Array.from(ownValue.dataSync(), Math.abs)) <= 1e-6, name);
    tf.dispose([y, fromTable, closed, ownValue]);
  }
  assert.equal(isDenseActivation('softmax'), false);
});

test('selu constants are the ones tf.selu uses; only linear, relu and relu6 have no curvature', () => {
  const v = tf.tidy(() => tf.selu(tf.tensor1d([-1, 1])).dataSync());
  assert.ok(Math.abs(v[0] - SELU_SCALE * SELU_ALPHA * (Math.exp(-1) - 1)) < 1e-6);
  assert.ok(Math.abs(v[1] - SELU_SCALE) < 1e-6);
  assert.deepEqual(
    Object.keys(ACTIVATIONS).filter((a) => hasNoCurvature(a as 'relu')),
    ['linear', 'relu', 'relu6'],
  );
});
