/**
 * Mean imputation fitted on the training rows: each missing value (NaN) becomes its column's mean
 * over the observed training values, for training, validation and test rows alike — the
 * preprocessing of the attribution-priors paper's NHANES I experiment (Erion et al., Nature Machine
 * Intelligence 2021), before standardisation ({@link fitStandardizer}) on the imputed training rows.
 */
import { dataErrors } from './errors';

/** Column means of the observed training values, and the map that fills missing values with them. */
export interface MeanImputer {
  /** Mean of the observed (non-NaN) training values of each column. */
  mean: number[];
  /** Number of missing training values per column. */
  missing: number[];
  /** Returns a copy of `x` with every NaN replaced by its column's training mean. */
  transform(x: readonly (readonly number[])[]): number[][];
}

/** Fits column means on the observed values of `train` ([N, d]; NaN marks a missing value). */
export function fitMeanImputer(train: readonly (readonly number[])[]): MeanImputer {
  const fn = 'fitMeanImputer';
  if (train.length === 0) throw new Error(dataErrors.emptyInput('train', fn));
  const d = train[0].length;
  const sum = new Array<number>(d).fill(0);
  const count = new Array<number>(d).fill(0);
  for (const row of train) {
    if (row.length !== d) throw new Error(dataErrors.widthMismatch('train', fn, d, row.length));
    for (let j = 0; j < d; j++) {
      if (!Number.isNaN(row[j])) {
        sum[j] += row[j];
        count[j]++;
      }
    }
  }
  const mean = sum.map((s, j) => {
    if (count[j] === 0) throw new Error(dataErrors.imputerAllMissing(fn, j));
    return s / count[j];
  });
  return {
    mean,
    missing: count.map((c) => train.length - c),
    transform(x) {
      for (const row of x)
        if (row.length !== d) throw new Error(dataErrors.widthMismatch('x', 'MeanImputer.transform', d, row.length));
      return x.map((row) => row.map((v, j) => (Number.isNaN(v) ? mean[j] : v)));
    },
  };
}
