import test from 'node:test';
import assert from 'node:assert/strict';
import { makeInteractionResult, type InteractionResult } from '../../../explain/interaction/interactionResult';

// Two rows of 3 × 3 interactions: pair sums Γᵢⱼ + Γⱼᵢ are row 0: (0,1) 3, (0,2) −1, (1,2) 0.5;
// row 1: (0,1) −1, (0,2) 4, (1,2) 0.
const M0 = [9, 1, -1, 2, 9, 0.25, 0, 0.25, 9];
const M1 = [9, -0.5, 2, -0.5, 9, 0, 2, 0, 9];

function result(interactions: number[][], interactionIndex: number | null = null): InteractionResult {
  const n = interactions.length;
  return makeInteractionResult({
    method: 'demo',
    numInputs: n,
    featureShape: [3],
    outputs: null,
    interactionIndex,
    interactions,
    standardError: null,
    diagnostics: {
      attributions: interactions.map(() => [0, 0, 0]),
      rowSumGap: interactions.map(() => [0, 0, 0]),
      rowSumGapStandardError: null,
      totalGap: [0.2, -0.4].slice(0, n),
      totalGapStandardError: null,
      maxAsymmetry: null,
      outputAtInput: new Array(n).fill(0),
      outputAtBaseline: new Array(n).fill(0),
      evaluations: 1,
      hessian: 'autodiff',
    },
    warnings: [],
    params: {},
  });
}

test('topPairs ranks mean |Γᵢⱼ + Γⱼᵢ| over the rows, or one row by its signed pair sums', () => {
  const r = result([M0, M1]);
  assert.deepEqual(r.topPairs(2), [
    { pair: '0 × 2', i: 0, j: 2, value: 2.5 },
    { pair: '0 × 1', i: 0, j: 1, value: 2 },
  ]);
  assert.deepEqual(
    r.topPairs(Infinity, { row: 0 }).map((p) => [p.i, p.j, p.value]),
    [
      [0, 1, 3],
      [0, 2, -1],
      [1, 2, 0.5],
    ],
  );
  assert.deepEqual(r.topPairs(1, { row: 1 })[0], { pair: '0 × 2', i: 0, j: 2, value: 4 });
  assert.deepEqual(r.withFeatureNames(['a', 'b', 'c']).topPairs(1)[0].pair, 'a × c');
  assert.throws(
    () => r.topPairs(0),
    new Error("Argument 'k' passed to 'topPairs' must be an integer >= 1 or Infinity, but got 0."),
  );
  assert.throws(
    () => r.topPairs(1, { row: 2 }),
    new Error("Argument 'row' passed to 'topPairs' must be an integer in [0, 1], but got 2."),
  );
});

test('topPairs of single-row results (interactionIndex) ranks Γ_kj', () => {
  const r = result([[1, 5, -7]], 1);
  assert.deepEqual(
    r.topPairs(5).map((p) => [p.i, p.j, p.value]),
    [
      [1, 2, 7],
      [1, 0, 1],
    ],
  );
});

test('meanAbs() is the mean |Γ| matrix, meanAbsGap() the mean |total gap|', () => {
  const r = result([M0, M1]);
  assert.deepEqual(r.meanAbs(), [
    [9, 0.75, 1.5],
    [1.25, 9, 0.125],
    [1, 0.125, 9],
  ]);
  assert.ok(Math.abs(r.meanAbsGap() - 0.3) < 1e-12);
  assert.deepEqual(result([[1, -5, 7]], 0).meanAbs(), [[1, 5, 7]]);
});

test('withFeatureNames names the strongest pairs in toText and refuses a wrong count', () => {
  const r = result([M0, M1]);
  const named = r.withFeatureNames(['a', 'b', 'c']);
  assert.deepEqual(named.featureNames, ['a', 'b', 'c']);
  assert.equal(r.featureNames, undefined);
  assert.match(named.toText(), /a×b: 3\.0000; a×c: -1\.0000; b×c: 0\.5000/);
  assert.match(r.toText(), /0×1: 3\.0000; 0×2: -1\.0000; 1×2: 0\.5000/);
  assert.throws(
    () => r.withFeatureNames(['a', 'b']),
    new Error(
      "Argument 'names' passed to 'withFeatureNames' must be an array of 3 strings (one per feature), but got an array of length 2.",
    ),
  );
});
