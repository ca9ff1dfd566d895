/**
 * The statistics every method's diagnostics share: the Monte-Carlo standard error of a mean
 * (the variance of the mean of n draws is s²/n, not s²/√n — Erion et al., Nature Machine
 * Intelligence 2021, report it for Expected Gradients) and the completeness rows
 * Σφ − (f(x) − f(x')) of Sundararajan et al. (ICML 2017).
 */

/** The sample variance s² of n equally weighted draws from their mean and mean of squares (clipped at 0). */
export function sampleVariance(mean: number, meanSq: number, n: number): number {
  return Math.max(0, meanSq - mean * mean) * (n / (n - 1));
}

/** The standard error of the mean of n equally weighted draws, √(s²/n). */
export function standardErrorOfMean(mean: number, meanSq: number, n: number): number {
  return Math.sqrt(sampleVariance(mean, meanSq, n) / n);
}

/** Per explained row (input-major [N, S]): f(x), f(x') and the completeness gap. */
export interface CompletenessRows {
  outputAtInput: number[];
  outputAtBaseline: number[];
  completenessGap: number[];
}

/**
 * The completeness rows of attributions `values` ([N, S, d] row-major): per input i and
 * explained output s, Σⱼ φ − (f(x) − f(x')) with f(x) = `atInput(i, s)` and f(x') =
 * `atBaseline(i, s)` (one baseline row, or a weighted mean over drawn references).
 */
export function completenessRowsOf(
  values: ArrayLike<number>,
  d: number,
  n: number,
  numSel: number,
  atInput: (i: number, s: number) => number,
  atBaseline: (i: number, s: number) => number,
): CompletenessRows {
  const outputAtInput: number[] = [];
  const outputAtBaseline: number[] = [];
  const completenessGap: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < numSel; s++) {
      const a = atInput(i, s);
      const r = atBaseline(i, s);
      let sum = 0;
      const off = (i * numSel + s) * d;
      for (let j = 0; j < d; j++) sum += values[off + j];
      outputAtInput.push(a);
      outputAtBaseline.push(r);
      completenessGap.push(sum - (a - r));
    }
  }
  return { outputAtInput, outputAtBaseline, completenessGap };
}
