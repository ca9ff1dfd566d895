/**
 * Choosing a penalty's weight λ per split on validation data, as the attribution-priors paper
 * does for every penalty of its sparsity experiment (Erion et al., Nature Machine Intelligence
 * 2021: for each of 200 random NHANES I splits, a model is trained for each λ of a log grid, the λ
 * with the best validation ROC-AUC is kept and its test ROC-AUC reported).
 *
 * Generic: the caller supplies an async function that trains one model for one (split, λ) and
 * returns its validation and test metrics (and anything else to keep). The test metric is only
 * carried along: the choice reads the validation metric alone.
 */
import { errors } from '../internal/errors';
import { Checkpoint, type ProgressOptions } from '../progress';

/** One training run the search asks for. */
export interface LambdaTrial {
  /** Split number (from `splits`). */
  split: number;
  /** The penalty weight of this run. */
  lambda: number;
  /** Position of `lambda` in the grid. */
  lambdaIndex: number;
  /**
   * Seed of the split: `seed + split`, the same for every λ (and for every search started with
   * the same `seed`), so that all λ and all penalties see the same rows. Use it to draw the split.
   */
  splitSeed: number;
  /**
   * Seed of this run (e.g. for weight initialisation and reference draws): depends on the split
   * and the λ index only, so two searches with the same `seed` use the same run seeds.
   */
  seed: number;
}

/** What a run returns: its validation and test metric, plus anything else the caller keeps. */
export interface LambdaScore {
  /** The metric the choice reads (higher is better unless `direction` is `'min'`); NaN is never chosen. */
  validation: number;
  /** The metric reported for the chosen λ. */
  test: number;
}

/** Trains and scores one model for one split and one λ. */
export type TrainAndScore<S extends LambdaScore = LambdaScore> = (trial: LambdaTrial) => Promise<S>;

/** Options of {@link lambdaSearch}. */
export interface LambdaSearchOptions<S extends LambdaScore = LambdaScore> extends ProgressOptions {
  /** The λ grid (finite, ≥ 0, distinct), e.g. {@link logGrid}(1e-3, 1e2, 11). Default: none (required). */
  lambdas: readonly number[];
  /** Number of splits (0 … n − 1), or the split numbers to run (e.g. one block of repeats). Default: none (required). */
  splits: number | readonly number[];
  /** Base seed; split s uses splitSeed = seed + s. Default: 0. */
  seed?: number;
  /** Whether a larger (`'max'`, e.g. ROC-AUC) or smaller (`'min'`, e.g. a loss) validation metric is better. Default: 'max'. */
  direction?: 'max' | 'min';
  /** Called after every run with its trial and score (to log partial results of a long search). Default: none. */
  onRun?: (trial: LambdaTrial, score: S) => void;
}

/** The outcome of one split. */
export interface LambdaSplitResult<S extends LambdaScore = LambdaScore> {
  /** Split number. */
  split: number;
  /** The λ with the best validation metric (ties: the earliest in the grid). */
  lambda: number;
  /** Its position in the grid. */
  lambdaIndex: number;
  /** Validation metric of the chosen λ. */
  validation: number;
  /** Test metric of the chosen λ. */
  test: number;
  /** The chosen run's full score. */
  chosen: S;
  /** Every run of this split, in grid order. */
  runs: S[];
}

/** What {@link lambdaSearch} returns. */
export interface LambdaSearchResult<S extends LambdaScore = LambdaScore> {
  /** The grid searched. */
  lambdas: number[];
  /** One entry per split, in the order run. */
  splits: LambdaSplitResult<S>[];
  /** Test metric of the chosen λ, per split (the numbers to compare across penalties). */
  test: number[];
  /** The chosen λ, per split. */
  chosenLambdas: number[];
  /** Median of the chosen λ over the splits. */
  medianLambda: number;
}

const DEFAULTS = { seed: 0, direction: 'max' as 'max' | 'min' };

/** Run seed of (split seed, λ index): a fixed integer mix, so runs never share a seed by accident. */
function runSeed(splitSeed: number, lambdaIndex: number): number {
  return (Math.imul(splitSeed + 1, 0x9e3779b1) ^ Math.imul(lambdaIndex + 1, 0x85ebca6b)) >>> 0;
}

/** `count` values spaced evenly in log between `low` and `high` inclusive (numpy's logspace). */
export function logGrid(low: number, high: number, count: number): number[] {
  const fn = 'logGrid';
  if (!(low > 0) || !Number.isFinite(low)) throw new Error(errors.statsPositive(fn, 'low', low));
  if (!(high > low) || !Number.isFinite(high)) throw new Error(errors.lambdaGridHigh(fn, low, high));
  if (!Number.isInteger(count) || count < 2) throw new Error(errors.lambdaCount(fn, count));
  const a = Math.log10(low);
  const b = Math.log10(high);
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? low : i === count - 1 ? high : 10 ** (a + ((b - a) * i) / (count - 1)),
  );
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * For each split, trains one model per λ of the grid with `trainAndScore`, keeps the λ with the
 * best validation metric (ties go to the earliest λ in the grid; NaN never wins) and reports its
 * test metric — the per-split λ selection of the attribution-priors paper's sparsity experiment
 * (Erion et al., Nature Machine Intelligence 2021). Runs one at a time; reports progress per run
 * and stops with a CancelledError between runs when cancelled.
 */
export async function lambdaSearch<S extends LambdaScore>(
  trainAndScore: TrainAndScore<S>,
  options: LambdaSearchOptions<S>,
): Promise<LambdaSearchResult<S>> {
  const fn = 'lambdaSearch';
  if (typeof trainAndScore !== 'function') throw new Error(errors.lambdaTrain(fn, trainAndScore));
  if (options === null || typeof options !== 'object') throw new Error(errors.lambdaOptions(fn, options));
  const o = { ...DEFAULTS, ...options };
  const lambdas = checkGrid(fn, o.lambdas);
  const splits = checkSplits(fn, o.splits);
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new Error(errors.lambdaSeed(fn, o.seed));
  if (o.direction !== 'max' && o.direction !== 'min') throw new Error(errors.oneOf('direction', fn, ['max', 'min'], o.direction));
  const better = (x: number, y: number): boolean => (o.direction === 'max' ? x > y : x < y);

  const checkpoint = new Checkpoint(fn, splits.length * lambdas.length, options);
  const results: LambdaSplitResult<S>[] = [];
  try {
    for (const split of splits) {
      const splitSeed = o.seed + split;
      const runs: S[] = [];
      let best = -1;
      for (let li = 0; li < lambdas.length; li++) {
        checkpoint.throwIfCancelled();
        const trial: LambdaTrial = { split, lambda: lambdas[li], lambdaIndex: li, splitSeed, seed: runSeed(splitSeed, li) };
        const score = await trainAndScore(trial);
        if (
          score === null ||
          typeof score !== 'object' ||
          typeof score.validation !== 'number' ||
          typeof score.test !== 'number'
        ) {
          throw new Error(errors.lambdaScore(fn, split, lambdas[li], score));
        }
        runs.push(score);
        o.onRun?.(trial, score);
        if (!Number.isNaN(score.validation) && (best < 0 || better(score.validation, runs[best].validation))) best = li;
        await checkpoint.step();
      }
      if (best < 0) throw new Error(errors.lambdaAllNaN(fn, split));
      const chosen = runs[best];
      results.push({
        split,
        lambda: lambdas[best],
        lambdaIndex: best,
        validation: chosen.validation,
        test: chosen.test,
        chosen,
        runs,
      });
    }
  } finally {
    checkpoint.end();
  }
  const chosenLambdas = results.map((r) => r.lambda);
  return { lambdas, splits: results, test: results.map((r) => r.test), chosenLambdas, medianLambda: median(chosenLambdas) };
}

function checkGrid(fn: string, lambdas: unknown): number[] {
  if (!Array.isArray(lambdas) || lambdas.length === 0) throw new Error(errors.lambdaGrid(fn, lambdas));
  const seen = new Set<number>();
  lambdas.forEach((l: unknown, i) => {
    if (typeof l !== 'number' || !Number.isFinite(l) || l < 0) throw new Error(errors.lambdaValue(fn, i, l));
    if (seen.has(l)) throw new Error(errors.lambdaDuplicate(fn, i, l));
    seen.add(l);
  });
  return [...(lambdas as number[])];
}

function checkSplits(fn: string, splits: unknown): number[] {
  if (typeof splits === 'number') {
    if (!Number.isInteger(splits) || splits < 1) throw new Error(errors.positiveInteger('splits', fn, splits));
    return Array.from({ length: splits }, (_, i) => i);
  }
  if (!Array.isArray(splits) || splits.length === 0) throw new Error(errors.lambdaSplits(fn, splits));
  const seen = new Set<number>();
  for (const s of splits as unknown[]) {
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || seen.has(s)) throw new Error(errors.lambdaSplits(fn, splits));
    seen.add(s);
  }
  return [...(splits as number[])];
}
