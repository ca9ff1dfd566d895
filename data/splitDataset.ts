/**
 * Seeded train / validation / test splits of row-aligned arrays.
 */
import { Mulberry32 } from '../core';
import { checkNonNegativeInteger, checkFraction } from './internal/check';
import { dataErrors } from './errors';

/** One part of a split. */
export interface SplitPart<X, Y> {
  x: X[];
  y: Y[];
  /** Row indices into the original arrays. */
  indices: number[];
}

/** The three parts of a split. */
export interface DatasetSplit<X, Y> {
  train: SplitPart<X, Y>;
  validation: SplitPart<X, Y>;
  test: SplitPart<X, Y>;
}

/** Options of {@link splitDataset}. */
export interface SplitDatasetOptions {
  /** Training rows: a count (integer ≥ 1) or a fraction of all rows (< 1). Default: 0.6. */
  train?: number;
  /** Validation rows: a count or a fraction of all rows. Default: 0.2. */
  validation?: number;
  /** Test rows: a count, a fraction, or omitted for every remaining row. Default: the rest. */
  test?: number;
  /** Keep the class proportions of `y` in every part (y must hold class labels). Default: false. */
  stratify?: boolean;
  /** Seed of the shuffle. Default: 0. */
  seed?: number;
}

const SPLIT_DATASET_DEFAULTS = { train: 0.6, validation: 0.2, stratify: false, seed: 0 } as const;

function count(value: number, n: number, arg: string): number {
  if (value > 0 && value < 1) return Math.round(checkFraction(value, arg, 'splitDataset') * n);
  return checkNonNegativeInteger(value, arg, 'splitDataset');
}

/**
 * Shuffles rows with `seed` and cuts them into train, validation and test parts. With
 * `stratify`, each class is shuffled and cut separately in proportion, so a 100-row training set
 * of a 37%-positive data set holds 37 positives whatever the seed.
 */
export function splitDataset<X, Y>(x: readonly X[], y: readonly Y[], options: SplitDatasetOptions = {}): DatasetSplit<X, Y> {
  const n = x.length;
  if (y.length !== n) throw new Error(dataErrors.lengthMismatch('y', 'splitDataset', n, y.length));
  const o = { ...SPLIT_DATASET_DEFAULTS, ...options };
  const nTrain = count(o.train, n, 'train');
  const nVal = count(o.validation, n, 'validation');
  const nTest = options.test === undefined ? n - nTrain - nVal : count(options.test, n, 'test');
  if (nTrain + nVal + nTest > n || nTest < 0) {
    throw new Error(dataErrors.tooManyRequested('splitDataset', nTrain + nVal + Math.max(nTest, 0), n));
  }
  const rng = Mulberry32.seeded(o.seed, 'splitDataset');
  let order: number[];
  if (o.stratify) {
    // Deal each class's shuffled rows out in proportion: interleaving by a running quota keeps
    // every prefix of `order` close to the overall class balance.
    const groups = new Map<string, number[]>();
    y.forEach((label, i) => {
      const key = String(label);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(i);
    });
    const lists = [...groups.keys()].sort().map((k) => {
      const g = groups.get(k)!;
      return rng.permutation(g.length).map((p) => g[p]);
    });
    const taken = lists.map(() => 0);
    order = [];
    for (let t = 0; t < n; t++) {
      let best = -1;
      let bestDeficit = -Infinity;
      lists.forEach((list, c) => {
        if (taken[c] >= list.length) return;
        const deficit = ((t + 1) * list.length) / n - taken[c];
        if (deficit > bestDeficit) {
          bestDeficit = deficit;
          best = c;
        }
      });
      order.push(lists[best][taken[best]++]);
    }
  } else {
    order = rng.permutation(n);
  }
  const part = (idx: number[]): SplitPart<X, Y> => ({ x: idx.map((i) => x[i]), y: idx.map((i) => y[i]), indices: idx });
  return {
    train: part(order.slice(0, nTrain)),
    validation: part(order.slice(nTrain, nTrain + nVal)),
    test: part(order.slice(nTrain + nVal, nTrain + nVal + nTest)),
  };
}
