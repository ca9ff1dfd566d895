/**
 * Standardisation fitted on training rows only, so validation and test rows are scaled with the
 * training statistics (fitting on all rows would leak the test set into the model).
 */
import { dataErrors } from './errors';

/** Column means and standard deviations of a training matrix, and the map they define. */
export interface Standardizer {
  /** Column means of the training rows. */
  mean: number[];
  /** Column standard deviations (population); a constant column gets 1 so it maps to 0. */
  std: number[];
  /** Returns (x − mean) / std row by row, as a new matrix. */
  transform(x: readonly (readonly number[])[]): number[][];
  /** Returns x · std + mean, undoing {@link Standardizer.transform}. */
  inverse(x: readonly (readonly number[])[]): number[][];
}

/** Fits column means and standard deviations on `train` ([N, d]). */
export function fitStandardizer(train: readonly (readonly number[])[]): Standardizer {
  if (train.length === 0) throw new Error(dataErrors.emptyInput('train', 'fitStandardizer'));
  const d = train[0].length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const row of train) {
    if (row.length !== d) throw new Error(dataErrors.widthMismatch('train', 'fitStandardizer', d, row.length));
    for (let j = 0; j < d; j++) mean[j] += row[j] / train.length;
  }
  for (const row of train) for (let j = 0; j < d; j++) std[j] += (row[j] - mean[j]) ** 2 / train.length;
  for (let j = 0; j < d; j++) {
    std[j] = Math.sqrt(std[j]);
    if (!(std[j] > 1e-12)) std[j] = 1;
  }
  const check = (x: readonly (readonly number[])[], fn: string) => {
    for (const row of x) if (row.length !== d) throw new Error(dataErrors.widthMismatch('x', fn, d, row.length));
  };
  return {
    mean,
    std,
    transform(x) {
      check(x, 'Standardizer.transform');
      return x.map((row) => row.map((v, j) => (v - mean[j]) / std[j]));
    },
    inverse(x) {
      check(x, 'Standardizer.inverse');
      return x.map((row) => row.map((v, j) => v * std[j] + mean[j]));
    },
  };
}
