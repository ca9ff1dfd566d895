import test from 'node:test';
import assert from 'node:assert/strict';
import { makeNegationSentences, NEGATION_WORDS, NEGATION_VOCABULARY } from '../../data/makeNegationSentences';

test('labels are the adjective polarity flipped by a negator', () => {
  const s = makeNegationSentences({ count: 500, seed: 4 });
  const positive = new Set<string>(NEGATION_WORDS.positive);
  const negators = new Set<string>(NEGATION_WORDS.negators);
  s.sentences.forEach((words, k) => {
    const adjective = words[words.length - 1];
    const negated = words.some((w) => negators.has(w));
    assert.equal(s.negated[k], negated);
    assert.equal(s.labels[k], positive.has(adjective) !== negated ? 1 : 0);
  });
  // Both classes and both negation states are common.
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(Math.abs(mean(s.labels) - 0.5) < 0.08);
  assert.ok(Math.abs(mean(s.negated.map(Number)) - 0.5) < 0.08);
});

test('token ids index the vocabulary and are right-padded with 0', () => {
  const s = makeNegationSentences({ count: 50, seed: 1 });
  assert.equal(s.vocabulary[0], '<pad>');
  assert.deepEqual(s.vocabulary, NEGATION_VOCABULARY);
  s.tokenIds.forEach((ids, k) => {
    assert.equal(ids.length, s.maxLength);
    const words = s.sentences[k];
    assert.deepEqual(
      ids.slice(0, words.length).map((i) => s.vocabulary[i]),
      words,
    );
    assert.ok(ids.slice(words.length).every((i) => i === 0));
  });
});

test('deterministic under a seed; negationRate 0 gives no negators', () => {
  assert.deepEqual(makeNegationSentences({ count: 30, seed: 2 }), makeNegationSentences({ count: 30, seed: 2 }));
  assert.notDeepEqual(
    makeNegationSentences({ count: 30, seed: 2 }).sentences,
    makeNegationSentences({ count: 30, seed: 3 }).sentences,
  );
  assert.ok(makeNegationSentences({ count: 100, negationRate: 0 }).negated.every((n) => !n));
  assert.throws(() => makeNegationSentences({ negationRate: 2 }), {
    message: "Argument 'negationRate' passed to 'makeNegationSentences' must be a number in [0, 1], but got 2.",
  });
});
