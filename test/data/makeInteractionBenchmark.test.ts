import test from 'node:test';
import assert from 'node:assert/strict';
import {
  makeInteractionBenchmark,
  ablateInteractions,
  pairTermsTarget,
  interactionTerm,
  isInteractionType,
} from '../../data/makeInteractionBenchmark';

const corr = (a: number[], b: number[]) => {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0,
    saa = 0,
    sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i] - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
};

test('the terms: g(a, b) of each kind', () => {
  assert.equal(interactionTerm('multiply', 2, -3), -6);
  assert.equal(interactionTerm('maximum', 2, -3), 2);
  assert.equal(interactionTerm('minimum', 2, -3), -3);
  assert.equal(interactionTerm('cossum', 1, -1), 1);
  assert.ok(Math.abs(interactionTerm('tanhsum', 0.25, 0.25) - Math.tanh(0.5)) < 1e-15);
  assert.equal(interactionTerm('squaresum', 1, 2), 9);
  assert.ok(isInteractionType('cossum'));
  assert.ok(!isInteractionType('sum'));
});

test('defaults: 5000 × 10 standard normal features, 20 distinct pairs, target of sd 1 equal to its terms', () => {
  const b = makeInteractionBenchmark({ seed: 3 });
  assert.equal(b.x.length, 5000);
  assert.equal(b.x[0].length, 10);
  assert.equal(b.terms.length, 20);
  assert.equal(new Set(b.terms.map((t) => t.features.join(','))).size, 20);
  b.terms.forEach((t) => {
    assert.ok(t.features[0] < t.features[1]);
    assert.equal(t.type, 'multiply');
  });
  const all = b.x.flat();
  const m = all.reduce((s, v) => s + v, 0) / all.length;
  const sd = Math.sqrt(all.reduce((s, v) => s + (v - m) ** 2, 0) / all.length);
  assert.ok(Math.abs(m) < 0.02 && Math.abs(sd - 1) < 0.02, `mean ${m}, sd ${sd}`);
  const ym = b.y.reduce((s, v) => s + v, 0) / b.y.length;
  const ysd = Math.sqrt(b.y.reduce((s, v) => s + (v - ym) ** 2, 0) / b.y.length);
  assert.ok(Math.abs(ysd - 1) < 1e-9);
  b.x.forEach((r, i) => assert.ok(Math.abs(pairTermsTarget(r, b.terms) - b.y[i]) < 1e-9));
  assert.deepEqual(makeInteractionBenchmark({ seed: 3 }).y, b.y);
  assert.notDeepEqual(makeInteractionBenchmark({ seed: 4 }).y, b.y);
});

test('one kind per data set; mixed kinds draw from the list', () => {
  const b = makeInteractionBenchmark({ numSamples: 50, types: ['cossum'], seed: 1 });
  assert.ok(b.terms.every((t) => t.type === 'cossum'));
  const mixed = makeInteractionBenchmark({ numSamples: 50, numInteractions: 45, types: ['maximum', 'minimum'], seed: 1 });
  assert.deepEqual(new Set(mixed.terms.map((t) => t.type)), new Set(['maximum', 'minimum']));
  const eq = makeInteractionBenchmark({ numSamples: 50, equalCoefficients: true, seed: 1 });
  assert.equal(new Set(eq.terms.map((t) => t.coefficient.toFixed(12))).size, 1);
});

test('ablation: k = 0 keeps the target; ranking away from the terms keeps it; ranking onto a term removes it', () => {
  const b = makeInteractionBenchmark({ numSamples: 3000, numFeatures: 4, numInteractions: 1, seed: 2 });
  const [i, j] = b.terms[0].features;
  const d = 4;
  const onTerm = b.x.map(() => {
    const m = new Array(d * d).fill(0);
    m[i * d + j] = 1;
    return m;
  });
  ablateInteractions(b.x, b.terms, onTerm, 0).forEach((v, r) => assert.ok(Math.abs(v - b.y[r]) < 1e-12));
  // A ranking whose top pair is another pair leaves every row's target as it was.
  const other = i === 0 && j === 1 ? [2, 3] : [0, 1];
  const offTerm = b.x.map(() => {
    const m = new Array(d * d).fill(0);
    m[other[0] * d + other[1]] = -5;
    return m;
  });
  const kept = ablateInteractions(b.x, b.terms, offTerm, 1);
  kept.forEach((v, r) => assert.ok(Math.abs(v - b.y[r]) < 1e-12));
  // Ranked first, the term is evaluated at redrawn values: unrelated to the row's target.
  const removed = ablateInteractions(b.x, b.terms, onTerm, 1, { seed: 5 });
  assert.ok(Math.abs(corr(removed, b.y)) < 0.06, `corr ${corr(removed, b.y)}`);
  const rsd = Math.sqrt(removed.reduce((s, v) => s + v * v, 0) / removed.length);
  assert.ok(Math.abs(rsd - 1) < 0.1, `sd ${rsd}`);
  assert.deepEqual(ablateInteractions(b.x, b.terms, onTerm, 1, { seed: 5 }), removed);
  // Nested [d][d] matrices work the same.
  const nested = onTerm.map((m) => [m.slice(0, 4), m.slice(4, 8), m.slice(8, 12), m.slice(12, 16)]);
  assert.deepEqual(ablateInteractions(b.x, b.terms, nested, 1, { seed: 5 }), removed);
});

test('ablation of every pair leaves nothing the features predict; per-row rankings differ', () => {
  const b = makeInteractionBenchmark({ numSamples: 2000, seed: 6 });
  const zeros = b.x.map(() => new Array(100).fill(0));
  const none = ablateInteractions(b.x, b.terms, zeros, 45);
  assert.ok(Math.abs(corr(none, b.y)) < 0.07);
  // Row 0 ranks a term's pair first, row 1 does not: only row 0 changes with k = 1.
  const [i, j] = b.terms[0].features;
  const unused = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    .flatMap((a) => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((c) => c > a).map((c) => [a, c]))
    .find(([a, c]) => !b.terms.some((t) => t.features[0] === a && t.features[1] === c)) as number[];
  const ranking = b.x.slice(0, 2).map((_, r) => {
    const m = new Array(100).fill(0);
    const [p, q] = r === 0 ? [i, j] : unused;
    m[q * 10 + p] = 0;
    m[p * 10 + q] = 1;
    return m;
  });
  const y2 = ablateInteractions(b.x.slice(0, 2), b.terms, ranking, 1, { seed: 1 });
  assert.notEqual(y2[0], b.y[0]);
  assert.ok(Math.abs(y2[1] - b.y[1]) < 1e-12);
});

test('bad arguments are named', () => {
  assert.throws(() => makeInteractionBenchmark({ numFeatures: 4, numInteractions: 7 }), {
    message:
      "Argument 'numInteractions' passed to 'makeInteractionBenchmark' must be at most 6 (the pairs of 4 features), but got 7.",
  });
  assert.throws(() => makeInteractionBenchmark({ types: ['sum' as 'multiply'] }), {
    message:
      "Argument 'types' passed to 'makeInteractionBenchmark' must be a non-empty array of 'multiply', 'maximum', 'minimum', 'cossum', 'tanhsum', 'squaresum', but got [\"sum\"].",
  });
  assert.throws(() => makeInteractionBenchmark({ numSamples: 0 }), {
    message: "Argument 'numSamples' passed to 'makeInteractionBenchmark' must be a positive integer, but got 0.",
  });
  const b = makeInteractionBenchmark({ numSamples: 3, numFeatures: 3, numInteractions: 2 });
  const z = b.x.map(() => new Array(9).fill(0));
  assert.throws(() => ablateInteractions(b.x, b.terms, z, 4), {
    message: "Argument 'k' passed to 'ablateInteractions' must be an integer in [0, 3], but got 4.",
  });
  assert.throws(() => ablateInteractions(b.x, b.terms, z.slice(1), 1), {
    message: "Argument 'interactions' passed to 'ablateInteractions' must have 3 rows, but got 2.",
  });
  assert.throws(
    () =>
      ablateInteractions(
        b.x,
        b.terms,
        b.x.map(() => [0]),
        1,
      ),
    { message: "Argument 'interactions' passed to 'ablateInteractions' must have 9 features, but got 1." },
  );
});
