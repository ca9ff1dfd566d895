/**
 * Short review sentences with negations, for the text-interaction example of path_explain
 * (Janizek, Sturmfels, Lee, JMLR 2021), whose original used a sentiment model on real reviews:
 * there, "not" × "good" was the interaction that flipped the prediction. Here the sentiment is
 * known by construction — an adjective's polarity, flipped by a negator — so a model can only
 * fit the labels by learning that interaction.
 */
import { Mulberry32 } from '../core';
import { checkPositiveInteger, checkFraction } from './internal/check';

/** The words of the generated sentences, by role. Index 0 of the vocabulary is padding. */
export const NEGATION_WORDS = {
  determiners: ['the', 'this', 'that'],
  nouns: ['movie', 'film', 'food', 'book', 'service', 'show', 'music', 'story'],
  verbs: ['was', 'is', 'seems'],
  negators: ['not', 'never'],
  intensifiers: ['very', 'really', 'so'],
  positive: ['good', 'great', 'excellent', 'wonderful', 'fun', 'nice'],
  negative: ['bad', 'terrible', 'awful', 'boring', 'poor', 'dull'],
} as const;

/** The padding token, id 0. */
export const PAD_TOKEN = '<pad>';

/** The fixed vocabulary: padding first, then the words of {@link NEGATION_WORDS} in order. */
export const NEGATION_VOCABULARY: readonly string[] = [
  PAD_TOKEN,
  ...Object.values(NEGATION_WORDS).flatMap((words) => [...words]),
];

/** Options of {@link makeNegationSentences}. */
export interface NegationSentencesOptions {
  /** Number of sentences. Default: 2000. */
  count?: number;
  /** Probability that a sentence is negated. Default: 0.5. */
  negationRate?: number;
  /** Probability of an intensifier before the adjective. Default: 0.3. */
  intensifierRate?: number;
  /** Seed of the draw. Default: 0. */
  seed?: number;
}

const NEGATION_SENTENCES_DEFAULTS = { count: 2000, negationRate: 0.5, intensifierRate: 0.3, seed: 0 } as const;

/** Longest sentence: determiner noun verb negator intensifier adjective. */
export const NEGATION_MAX_LENGTH = 6;

/** Generated sentences with labels and token ids. */
export interface NegationSentences {
  /** The vocabulary; a token id is an index into it, 0 is padding. */
  vocabulary: string[];
  /** The sentences as words. */
  sentences: string[][];
  /** Token ids [count, maxLength], right-padded with 0. */
  tokenIds: number[][];
  /** 1 for a positive sentence, 0 for a negative one. */
  labels: number[];
  /** Whether each sentence contains a negator. */
  negated: boolean[];
  /** Length every row of `tokenIds` is padded to. */
  maxLength: number;
}

/**
 * Generates sentences "det noun verb [negator] [intensifier] adjective"; the label is the
 * adjective's polarity, flipped when a negator is present ("the film was not good" → 0).
 */
export function makeNegationSentences(options: NegationSentencesOptions = {}): NegationSentences {
  const o = { ...NEGATION_SENTENCES_DEFAULTS, ...options };
  checkPositiveInteger(o.count, 'count', 'makeNegationSentences');
  checkFraction(o.negationRate, 'negationRate', 'makeNegationSentences');
  checkFraction(o.intensifierRate, 'intensifierRate', 'makeNegationSentences');
  const rng = Mulberry32.seeded(o.seed, 'makeNegationSentences');
  const w = NEGATION_WORDS;
  const id = new Map(NEGATION_VOCABULARY.map((t, i) => [t, i]));
  const sentences: string[][] = [];
  const tokenIds: number[][] = [];
  const labels: number[] = [];
  const negated: boolean[] = [];
  for (let s = 0; s < o.count; s++) {
    const positive = rng.uniform() < 0.5;
    const neg = rng.uniform() < o.negationRate;
    const words: string[] = [rng.pick(w.determiners), rng.pick(w.nouns), rng.pick(w.verbs)];
    if (neg) words.push(rng.pick(w.negators));
    if (rng.uniform() < o.intensifierRate) words.push(rng.pick(w.intensifiers));
    words.push(rng.pick(positive ? w.positive : w.negative));
    sentences.push(words);
    const ids = words.map((t) => id.get(t)!);
    while (ids.length < NEGATION_MAX_LENGTH) ids.push(0);
    tokenIds.push(ids);
    labels.push(positive !== neg ? 1 : 0);
    negated.push(neg);
  }
  return { vocabulary: [...NEGATION_VOCABULARY], sentences, tokenIds, labels, negated, maxLength: NEGATION_MAX_LENGTH };
}
