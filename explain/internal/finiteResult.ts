/**
 * NaN and ±Infinity in a finished result are an error naming the method and the first input row
 * they appear in: the model's own output there if that is not finite, else the result's values.
 * A partial result with holes would be summed, ranked and plotted as if it were whole.
 */
import { errors } from './errors';

/**
 * Throws at the first input row `i` (of `n`) whose explained outputs (`outputAtInput`,
 * input-major, `outputAtInput.length / n` per input) or whose values (`valuesOf(i)`) are not
 * all finite. `what` names the values in the message, e.g. "attributions".
 */
export function checkFiniteRows(
  fn: string,
  n: number,
  outputAtInput: ArrayLike<number>,
  valuesOf: (i: number) => ArrayLike<number>,
  what: string,
): void {
  const k = n > 0 ? Math.max(1, Math.floor(outputAtInput.length / n)) : 1;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) {
      const v = outputAtInput[i * k + s];
      if (v !== undefined && !Number.isFinite(v)) throw new Error(errors.modelNonFinite(fn, i, v));
    }
    const vals = valuesOf(i);
    for (let j = 0; j < vals.length; j++) {
      if (!Number.isFinite(vals[j])) throw new Error(errors.resultNonFinite(fn, what, i, vals[j]));
    }
  }
}
