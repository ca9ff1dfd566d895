/**
 * The simulated data sets of path_explain's remove-and-retrain interaction benchmark (Janizek,
 * Sturmfels, Lee, "Explaining Explanations: Axiomatic Feature Interactions for Deep Networks",
 * JMLR 22(104), 2021; code: benchmarking/remove_and_retrain/data.py): features ~ N(0, 1) and a
 * target that is a sum of random pairwise terms of one kind, c · g(x_i, x_j), scaled so the target
 * has standard deviation 1. {@link ablateInteractions} removes the pairs a method ranks highest.
 */
import { Mulberry32 } from '../core';
import { checkPositiveInteger } from './internal/check';
import { dataErrors } from './errors';

/** The pairwise term kinds of the benchmark, g(a, b). */
export const INTERACTION_TYPES = {
  multiply: 'a · b',
  maximum: 'max(a, b)',
  minimum: 'min(a, b)',
  cossum: 'cos(a + b)',
  tanhsum: 'tanh(a + b)',
  squaresum: '(a + b)²',
} as const;

/** A pairwise term kind. */
export type InteractionType = keyof typeof INTERACTION_TYPES;

/** Whether `s` names a pairwise term kind. */
export function isInteractionType(s: unknown): s is InteractionType {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(INTERACTION_TYPES, s);
}

/** g(a, b) of one term kind. */
export function interactionTerm(type: InteractionType, a: number, b: number): number {
  switch (type) {
    case 'multiply':
      return a * b;
    case 'maximum':
      return Math.max(a, b);
    case 'minimum':
      return Math.min(a, b);
    case 'cossum':
      return Math.cos(a + b);
    case 'tanhsum':
      return Math.tanh(a + b);
    case 'squaresum':
      return (a + b) ** 2;
  }
}

/** One term c · g(x_i, x_j) of the target, i < j. */
export interface PairTerm {
  features: readonly [number, number];
  type: InteractionType;
  coefficient: number;
}

/** Options of {@link makeInteractionBenchmark}. */
export interface InteractionBenchmarkOptions {
  /** Rows. Default: 5000. */
  numSamples?: number;
  /** Features, each ~ N(0, 1). Default: 10. */
  numFeatures?: number;
  /** Distinct pairs (i < j) in the target, drawn without replacement. Default: 20. */
  numInteractions?: number;
  /** Kinds of terms; each term's kind is drawn from them. Default: `['multiply']`. */
  types?: readonly InteractionType[];
  /** All coefficients 1 before scaling instead of ~ N(0, 1). Default: false. */
  equalCoefficients?: boolean;
  /** Seed of the draw. Default: 0. */
  seed?: number;
}

const DEFAULTS = {
  numSamples: 5000,
  numFeatures: 10,
  numInteractions: 20,
  types: ['multiply'] as readonly InteractionType[],
  equalCoefficients: false,
  seed: 0,
};

/** A generated benchmark data set with its terms. */
export interface InteractionBenchmark {
  /** Features [numSamples, numFeatures]. */
  x: number[][];
  /** Targets [numSamples], standard deviation 1. */
  y: number[];
  /** The terms; coefficients already divided by the target's standard deviation before scaling. */
  terms: PairTerm[];
  /** Feature names `x0`, `x1`, …. */
  featureNames: string[];
}

/** Σ c · g(x_i, x_j) over `terms` for one row. */
export function pairTermsTarget(row: readonly number[], terms: readonly PairTerm[]): number {
  let y = 0;
  for (const t of terms) y += t.coefficient * interactionTerm(t.type, row[t.features[0]], row[t.features[1]]);
  return y;
}

/** Generates an {@link InteractionBenchmark}; the same options give the same rows. */
export function makeInteractionBenchmark(options: InteractionBenchmarkOptions = {}): InteractionBenchmark {
  const fn = 'makeInteractionBenchmark';
  const o = { ...DEFAULTS, ...options };
  const n = checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const d = checkPositiveInteger(o.numFeatures, 'numFeatures', fn);
  const m = checkPositiveInteger(o.numInteractions, 'numInteractions', fn);
  const pairs = (d * (d - 1)) / 2;
  if (m > pairs) throw new Error(dataErrors.tooManyPairs(fn, d, pairs, m));
  if (!Array.isArray(o.types) || o.types.length === 0 || !o.types.every(isInteractionType)) {
    throw new Error(dataErrors.unknownInteractionType(fn, Object.keys(INTERACTION_TYPES), o.types));
  }
  const rng = Mulberry32.seeded(o.seed, 'makeInteractionBenchmark');
  const x = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
  const all: [number, number][] = [];
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) all.push([i, j]);
  const chosen = rng
    .permutation(all.length)
    .slice(0, m)
    .map((k) => all[k]);
  const raw: PairTerm[] = chosen.map((p) => ({
    features: p,
    type: rng.pick(o.types),
    coefficient: o.equalCoefficients ? 1 : rng.normal(),
  }));
  const y0 = x.map((r) => pairTermsTarget(r, raw));
  const mean = y0.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(y0.reduce((s, v) => s + (v - mean) ** 2, 0) / n) || 1;
  const terms = raw.map((t) => ({ ...t, coefficient: t.coefficient / sd }));
  return { x, y: y0.map((v) => v / sd), terms, featureNames: Array.from({ length: d }, (_, i) => `x${i}`) };
}

/** Options of {@link ablateInteractions}. */
export interface AblateInteractionsOptions {
  /** Seed of the redrawn feature values. Default: 0. */
  seed?: number;
}

/**
 * New targets with, in every row, the k pairs that row's interaction matrix ranks highest
 * (|Γᵢⱼ| over i < j) removed: each term whose pair is among them is evaluated at freshly drawn
 * x_i, x_j ~ N(0, 1) instead of the row's values, so the model can no longer predict it; the
 * features themselves stay as they are. A method that ranks the true pairs first makes the
 * retrained model's error rise fastest with k. As path_explain's `ablate_interactions` with
 * `using_random_draw=False`, except that a redraw applies to its own term only (the original
 * overwrote the feature column, so later terms sharing that feature saw the redrawn value too).
 *
 * @param x Rows [N, d].
 * @param terms The data set's terms.
 * @param interactions One interaction matrix per row, d × d flattened row-major (as
 *   `expectedHessians(...).interactions`) or nested [d][d].
 * @param k Pairs removed per row, 0 … d(d−1)/2.
 */
export function ablateInteractions(
  x: readonly (readonly number[])[],
  terms: readonly PairTerm[],
  interactions: readonly (readonly number[] | readonly (readonly number[])[])[],
  k: number,
  options: AblateInteractionsOptions = {},
): number[] {
  const fn = 'ablateInteractions';
  const seed = options.seed ?? 0;
  if (interactions.length !== x.length)
    throw new Error(dataErrors.lengthMismatch('interactions', fn, x.length, interactions.length));
  const d = x.length > 0 ? x[0].length : 0;
  const pairs = (d * (d - 1)) / 2;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > pairs) throw new Error(dataErrors.ablateCount(fn, pairs, k));
  const rng = Mulberry32.seeded(seed, 'ablateInteractions');
  const iu: [number, number][] = [];
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) iu.push([i, j]);
  return x.map((row, r) => {
    const g = interactions[r];
    const flat = (g.length > 0 && Array.isArray(g[0]) ? (g as readonly (readonly number[])[]).flat() : g) as readonly number[];
    if (flat.length !== d * d) throw new Error(dataErrors.widthMismatch('interactions', fn, d * d, flat.length));
    const removed = new Set<number>();
    if (k > 0) {
      const order = iu
        .map((_, p) => p)
        .sort((a, b) => Math.abs(flat[iu[b][0] * d + iu[b][1]]) - Math.abs(flat[iu[a][0] * d + iu[a][1]]) || a - b);
      for (const p of order.slice(0, k)) removed.add(iu[p][0] * d + iu[p][1]);
    }
    let y = 0;
    for (const t of terms) {
      const [i, j] = t.features[0] < t.features[1] ? t.features : [t.features[1], t.features[0]];
      // Draw for every term in every row so the draws do not depend on the ranking.
      const a = rng.normal();
      const b = rng.normal();
      y += t.coefficient * (removed.has(i * d + j) ? interactionTerm(t.type, a, b) : interactionTerm(t.type, row[i], row[j]));
    }
    return y;
  });
}
