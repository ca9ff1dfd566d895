/**
 * Statistics for experiments repeated over random splits: the mean and standard error of a metric
 * per method, and the paired comparison of two methods measured on the same splits (mean paired
 * difference, its standard error and the two-sided paired t-test). The attribution-priors paper
 * compares its sparsity prior with each baseline this way over 200 repeated NHANES I splits
 * (Erion et al., "Improving performance of deep learning models with axiomatic attribution
 * priors and expected gradients", Nature Machine Intelligence 2021).
 *
 * The p-value comes from the Student t distribution, whose CDF is written through the regularized
 * incomplete beta function I_x(a, b), evaluated by its continued fraction (modified Lentz
 * algorithm), with log Γ from the Lanczos approximation: no statistics library is needed.
 */
import { errors } from '../internal/errors';

/** Mean and spread of one metric over repeated runs. */
export interface RunSummary {
  /** Number of runs. */
  n: number;
  /** Arithmetic mean. */
  mean: number;
  /** Sample standard deviation (denominator n − 1); NaN for one run. */
  sd: number;
  /** Standard error of the mean, sd / √n; NaN for one run. */
  standardError: number;
}

/** The paired comparison of methods `a` and `b` measured on the same splits. */
export interface PairedComparison {
  /** Number of pairs (splits). */
  n: number;
  /** Summary of `a`. */
  a: RunSummary;
  /** Summary of `b`. */
  b: RunSummary;
  /** Mean of the differences a − b. */
  meanDifference: number;
  /** Standard error of the mean difference. */
  standardError: number;
  /** t statistic of the paired t-test, meanDifference / standardError (±Infinity when every difference is the same non-zero value, NaN when all are 0). */
  t: number;
  /** Degrees of freedom, n − 1. */
  df: number;
  /** Two-sided p-value of the paired t-test, H₀: the mean difference is 0 (as scipy.stats.ttest_rel). */
  pValue: number;
  /** Splits where a > b. */
  aWins: number;
  /** Splits where b > a. */
  bWins: number;
}

function checkValues(fn: string, arg: string, values: ArrayLike<number>, minimum: number): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new Error(errors.statsNotArray(fn, arg, values));
  }
  if (values.length < minimum) throw new Error(errors.statsTooFew(fn, arg, minimum, values.length));
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number' || !Number.isFinite(values[i])) {
      throw new Error(errors.statsNonFinite(fn, arg, i, values[i]));
    }
  }
}

function summary(values: ArrayLike<number>): RunSummary {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  return { n, mean, sd, standardError: sd / Math.sqrt(n) };
}

/** Mean, sample standard deviation and standard error of a metric measured over repeated runs. */
export function summarizeRuns(values: ArrayLike<number>): RunSummary {
  checkValues('summarizeRuns', 'values', values, 1);
  return summary(values);
}

/**
 * Paired comparison of two methods measured on the same splits, `a[i]` and `b[i]` on split i:
 * per-method mean ± SE, the mean difference a − b with its SE, and the two-sided paired t-test
 * (t = mean(d) / (sd(d)/√n), n − 1 degrees of freedom), as the attribution-priors paper reports
 * for each baseline against its Gini prior (Erion et al., Nature Machine Intelligence 2021).
 */
export function pairedComparison(a: ArrayLike<number>, b: ArrayLike<number>): PairedComparison {
  const fn = 'pairedComparison';
  checkValues(fn, 'a', a, 2);
  checkValues(fn, 'b', b, 0);
  if (b.length !== a.length) throw new Error(errors.statsPairs(fn, a.length, b.length));
  const n = a.length;
  const d = new Float64Array(n);
  let aWins = 0;
  let bWins = 0;
  for (let i = 0; i < n; i++) {
    d[i] = a[i] - b[i];
    if (a[i] > b[i]) aWins++;
    else if (b[i] > a[i]) bWins++;
  }
  const diff = summary(d);
  const df = n - 1;
  const t =
    diff.standardError === 0 ? (diff.mean === 0 ? NaN : diff.mean > 0 ? Infinity : -Infinity) : diff.mean / diff.standardError;
  return {
    n,
    a: summary(a),
    b: summary(b),
    meanDifference: diff.mean,
    standardError: diff.standardError,
    t,
    df,
    pValue: studentTTwoSidedP(t, df),
    aWins,
    bWins,
  };
}

/** Two-sided tail probability P(|T| ≥ |t|) of Student's t with `df` degrees of freedom. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  // P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2).
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * Cumulative distribution function P(T ≤ t) of Student's t distribution with `df` > 0 degrees of
 * freedom, through the regularized incomplete beta function.
 */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new Error(errors.statsPositive('studentTCdf', 'df', df));
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5) / 2;
  return t >= 0 ? 1 - tail : tail;
}

/** log Γ(z) for z > 0: Lanczos approximation (g = 7, 9 coefficients), about 15 significant digits. */
export function logGamma(z: number): number {
  if (z < 0.5) {
    // Reflection: Γ(z) Γ(1 − z) = π / sin(πz).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  }
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const x = z - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (x + i);
  const tt = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(tt) - tt + Math.log(s);
}

/** Continued fraction of I_x(a, b) (converges fast for x < (a + 1)/(a + b + 2)), modified Lentz. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const eps = 1e-16;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    // Even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)).
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    // Odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < eps) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b) for x in [0, 1] and
 * a, b > 0, by its continued fraction (using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where
 * the fraction converges slowly).
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  const fn = 'regularizedIncompleteBeta';
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(errors.statsPositive(fn, 'a', a));
  if (!(b > 0) || !Number.isFinite(b)) throw new Error(errors.statsPositive(fn, 'b', b));
  if (!(x >= 0 && x <= 1)) throw new Error(errors.statsUnitInterval(fn, 'x', x));
  if (x === 0) return 0;
  if (x === 1) return 1;
  // x^a (1 − x)^b / (a B(a, b)), in logs.
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}
