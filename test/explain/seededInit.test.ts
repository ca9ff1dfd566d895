import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { seededInit } from '../../explain/seededInit';
import { quietReady } from './support';

quietReady();

const weights = (init: ReturnType<typeof tf.initializers.glorotUniform>) =>
  tf.tidy(() => Array.from(init.apply([4, 3]).dataSync()));

test('seededInit(seed)(k) draws the weights of glorotUniform({ seed: 10·seed + k })', () => {
  const before = tf.memory().numTensors;
  const init = seededInit(3);
  assert.deepEqual(weights(init(2)), weights(tf.initializers.glorotUniform({ seed: 32 })));
  assert.deepEqual(weights(init(2)), weights(seededInit(3)(2)));
  assert.notDeepEqual(weights(init(1)), weights(init(2)));
  assert.notDeepEqual(weights(init(1)), weights(seededInit(4)(1)));
  const limit = Math.sqrt(6 / (4 + 3));
  assert.ok(weights(init(0)).every((v) => Math.abs(v) <= limit));
  assert.equal(tf.memory().numTensors, before);
});

test('seededInit refuses a seed or layer that is not an integer >= 0', () => {
  assert.throws(() => seededInit(-1), new Error("Argument 'seed' passed to 'seededInit' must be an integer >= 0, but got -1."));
  assert.throws(
    () => seededInit(0)(1.5),
    new Error("Argument 'layer' passed to 'seededInit' must be an integer >= 0, but got 1.5."),
  );
});

test("seededInit(seed, 'heNormal') seeds He-normal layers the same way; an unknown kind is refused", () => {
  assert.deepEqual(weights(seededInit(2, 'heNormal')(3)), weights(tf.initializers.heNormal({ seed: 23 })));
  assert.notDeepEqual(weights(seededInit(2, 'heNormal')(3)), weights(seededInit(2)(3)));
  assert.throws(
    () => seededInit(0, 'orthogonal' as never),
    new Error(
      "Argument 'kind' passed to 'seededInit' must be one of 'glorotUniform', 'glorotNormal', 'heNormal', 'heUniform', 'leCunNormal', but got \"orthogonal\".",
    ),
  );
});
