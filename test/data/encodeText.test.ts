import test from 'node:test';
import assert from 'node:assert/strict';
import { encodeText } from '../../data/encodeText';

const vocabulary = ['<pad>', 'the', 'film', 'was', 'not', 'good'];

test('maps words to ids, lower-cases and pads with 0', () => {
  assert.deepEqual(encodeText('The film  was NOT good', vocabulary, 7), [1, 2, 3, 4, 5, 0, 0]);
});

test('unknown words and over-long texts are rejected', () => {
  assert.throws(() => encodeText('the film was bad', vocabulary, 6), {
    message: `Argument 'text' passed to 'encodeText' contains "bad", which is not in the vocabulary.`,
  });
  assert.throws(() => encodeText('the film was not good', vocabulary, 4), {
    message: "Argument 'text' passed to 'encodeText' must have at most 4 tokens, but got 5.",
  });
});
