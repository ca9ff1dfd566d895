import test from 'node:test';
import assert from 'node:assert/strict';
import { makeSimulation, simulationTarget } from '../../data/makeSimulation';

test('default: y = 2·x0·x1 − 1.5·x2·x3 + x4 + 0.5·x5², features in [−1, 1]', () => {
  const s = makeSimulation({ numSamples: 200, seed: 1 });
  assert.equal(s.formula, 'y = 2·x0·x1 − 1.5·x2·x3 + x4 + 0.5·x5²');
  s.x.forEach((r, k) => {
    assert.equal(r.length, 8);
    assert.ok(r.every((v) => v >= -1 && v < 1));
    const expected = 2 * r[0] * r[1] - 1.5 * r[2] * r[3] + r[4] + 0.5 * r[5] ** 2;
    assert.ok(Math.abs(s.y[k] - expected) < 1e-12);
  });
  assert.equal(s.trueInteractions[0][1], 2);
  assert.equal(s.trueInteractions[1][0], 2);
  assert.equal(s.trueInteractions[3][2], -1.5);
  assert.equal(s.trueInteractions[4][5], 0);
  assert.equal(s.trueInteractions.flat().filter((v) => v !== 0).length, 4);
});

test('custom terms, the target helper and noise', () => {
  const s = makeSimulation({
    numSamples: 3,
    numFeatures: 3,
    multiplicative: [{ features: [0, 2], coefficient: -1 }],
    additive: [{ feature: 1, coefficient: 3 }],
    seed: 2,
  });
  assert.equal(s.formula, 'y = −x0·x2 + 3·x1');
  assert.equal(simulationTarget([2, 1, 5], s.multiplicative, s.additive), -7);
  const noisy = makeSimulation({ numSamples: 50, noise: 0.5, seed: 2 });
  const clean = makeSimulation({ numSamples: 50, noise: 0, seed: 2 });
  assert.notDeepEqual(noisy.y, clean.y);
});

test('deterministic under a seed; out-of-range features are rejected', () => {
  assert.deepEqual(makeSimulation({ numSamples: 20, seed: 3 }), makeSimulation({ numSamples: 20, seed: 3 }));
  assert.notDeepEqual(makeSimulation({ numSamples: 20, seed: 3 }).x, makeSimulation({ numSamples: 20, seed: 4 }).x);
  assert.throws(() => makeSimulation({ numFeatures: 3 }), {
    message: "Argument 'multiplicative' passed to 'makeSimulation' must name features in [0, 3), but got 3.",
  });
});

test('issue 16 #14: seeds NaN, Infinity and 0.9 are refused (they all gave the data of seed 0)', () => {
  for (const [seed, shown] of [
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [0.9, '0.9'],
  ] as const) {
    assert.throws(() => makeSimulation({ numSamples: 5, seed }), {
      message: `Argument 'seed' passed to 'makeSimulation' must be a whole number or a string, but got ${shown}.`,
    });
  }
});
