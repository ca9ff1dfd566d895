/** Paired statistics of repeated splits against scipy's numbers (bench/reference/paired_statistics.py). */
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  logGamma,
  pairedComparison,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTTwoSidedP,
  summarizeRuns,
} from '../../../explain/priors/pairedComparison';
import { BETA_INC, TTEST_CASES, T_CDF } from './pairedComparison.fixture';

function close(got: number, want: number, rel: number, what: string): void {
  const tol = rel * Math.max(Math.abs(want), 1e-300);
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want}`);
}

test('paired t-test, means and standard errors equal scipy.stats.ttest_rel and sem', () => {
  for (const [i, c] of TTEST_CASES.entries()) {
    const r = pairedComparison(c.a, c.b);
    assert.equal(r.n, c.a.length);
    assert.equal(r.df, c.a.length - 1);
    close(r.t, c.t, 1e-9, `case ${i} t`);
    close(r.pValue, c.p, 1e-8, `case ${i} p`);
    close(r.a.mean, c.meanA, 1e-12, `case ${i} mean a`);
    close(r.b.mean, c.meanB, 1e-12, `case ${i} mean b`);
    close(r.a.standardError, c.seA, 1e-9, `case ${i} se a`);
    close(r.b.standardError, c.seB, 1e-9, `case ${i} se b`);
    close(r.meanDifference, c.meanDifference, 1e-9, `case ${i} mean difference`);
    close(r.standardError, c.seDifference, 1e-9, `case ${i} se difference`);
    assert.equal(r.aWins + r.bWins <= r.n, true);
  }
});

test('swapping the arms flips t and the difference and keeps p', () => {
  const c = TTEST_CASES[0];
  const ab = pairedComparison(c.a, c.b);
  const ba = pairedComparison(c.b, c.a);
  close(ba.t, -ab.t, 1e-12, 't');
  close(ba.pValue, ab.pValue, 1e-12, 'p');
  assert.equal(ba.aWins, ab.bWins);
});

test('wins count strict inequalities; constant differences give t = ±∞ and p = 0, no differences NaN', () => {
  const r = pairedComparison([1, 2, 3, 4], [0, 1, 3, 5]);
  assert.equal(r.aWins, 2);
  assert.equal(r.bWins, 1);
  const shifted = pairedComparison([1.5, 2.5, 3.5], [1, 2, 3]);
  assert.equal(shifted.t, Infinity);
  assert.equal(shifted.pValue, 0);
  const same = pairedComparison([1, 2, 3], [1, 2, 3]);
  assert.ok(Number.isNaN(same.t) && Number.isNaN(same.pValue));
});

test('Student t CDF and the regularized incomplete beta equal scipy', () => {
  for (const c of T_CDF) close(studentTCdf(c.t, c.df), c.cdf, 1e-9, `t cdf(${c.t}, ${c.df})`);
  for (const c of BETA_INC) close(regularizedIncompleteBeta(c.x, c.a, c.b), c.value, 1e-9, `I_${c.x}(${c.a}, ${c.b})`);
});

test('closed forms: I_x(1, 1) = x, I_x(a, 1) = xᵃ, t with 1 df is Cauchy, log Γ(n) = log (n − 1)!', () => {
  for (const x of [0, 0.1, 0.5, 0.77, 1]) close(regularizedIncompleteBeta(x, 1, 1), x, 1e-12, 'uniform');
  for (const x of [0.2, 0.6]) close(regularizedIncompleteBeta(x, 3, 1), x ** 3, 1e-12, 'power');
  for (const t of [-3, -0.5, 0.25, 2]) close(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-12, 'Cauchy');
  close(studentTTwoSidedP(0, 7), 1, 1e-12, 'p at t = 0');
  close(logGamma(5), Math.log(24), 1e-13, 'log 4!');
  close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13, 'log Γ(½)');
});

test('summarizeRuns: mean, sd with n − 1, SE = sd/√n; one run has NaN spread', () => {
  const s = summarizeRuns([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(s.mean, 5);
  close(s.sd, Math.sqrt(32 / 7), 1e-12, 'sd');
  close(s.standardError, Math.sqrt(32 / 7) / Math.sqrt(8), 1e-12, 'se');
  const one = summarizeRuns(Float64Array.of(0.7));
  assert.equal(one.mean, 0.7);
  assert.ok(Number.isNaN(one.standardError));
});

test('bad arguments name the argument, the function and what was received', () => {
  assert.throws(() => pairedComparison([1, 2, 3], [1, 2]), {
    message: "Argument 'b' passed to 'pairedComparison' must have one value per value of 'a' (3, one per split), but got 2.",
  });
  assert.throws(() => pairedComparison([1], [1]), {
    message: "Argument 'a' passed to 'pairedComparison' must have at least 2 values, but got 1.",
  });
  assert.throws(() => pairedComparison([1, NaN], [1, 2]), {
    message: "Argument 'a' passed to 'pairedComparison' must contain only finite numbers, but got NaN at index 1.",
  });
  assert.throws(() => summarizeRuns(0.5 as unknown as number[]), {
    message: "Argument 'values' passed to 'summarizeRuns' must be an array of numbers, but got 0.5.",
  });
  assert.throws(() => studentTCdf(1, 0), {
    message: "Argument 'df' passed to 'studentTCdf' must be a finite number > 0, but got 0.",
  });
  assert.throws(() => regularizedIncompleteBeta(1.5, 1, 1), {
    message: "Argument 'x' passed to 'regularizedIncompleteBeta' must be a number in [0, 1], but got 1.5.",
  });
});
