"""Reference numbers for explain/priors/pairedComparison.ts, from scipy (run once, output stored).

Writes test/explain/priors/pairedComparison.fixture.ts: for fixed paired samples, scipy's
ttest_rel (t, two-sided p), the means and standard errors (scipy.stats.sem, ddof=1); and
Student t CDF values and regularized incomplete beta values (scipy.special.betainc).
Run: python3 bench/reference/paired_statistics.py (from the project root).
"""
import json

import numpy as np
import scipy
from scipy import special, stats

rng = np.random.default_rng(11)
cases = []
# Sizes and effects like a repeated-split comparison of test AUCs, plus small and extreme cases.
for n, shift, noise in [(10, 0.03, 0.02), (50, 0.005, 0.02), (200, 0.002, 0.03), (3, 0.1, 0.05), (25, 0.0, 0.01), (8, 0.4, 0.05)]:
    b = 0.7 + 0.02 * rng.standard_normal(n)
    a = b + shift + noise * rng.standard_normal(n)
    a = np.round(a, 6)
    b = np.round(b, 6)
    r = stats.ttest_rel(a, b)
    cases.append({
        "a": a.tolist(), "b": b.tolist(),
        "t": float(r.statistic), "p": float(r.pvalue),
        "meanA": float(a.mean()), "meanB": float(b.mean()),
        "seA": float(stats.sem(a)), "seB": float(stats.sem(b)),
        "meanDifference": float((a - b).mean()), "seDifference": float(stats.sem(a - b)),
    })
cdf = [{"t": t, "df": df, "cdf": float(stats.t.cdf(t, df))}
       for t, df in [(0.0, 1), (1.0, 1), (-2.5, 3), (2.0, 9), (-0.3, 49), (4.2, 199), (12.0, 5), (-7.5, 2.5), (1.96, 1e4)]]
beta = [{"x": x, "a": a, "b": b, "value": float(special.betainc(a, b, x))}
        for x, a, b in [(0.5, 1, 1), (0.2, 2, 3), (0.9, 0.5, 0.5), (0.01, 24.5, 0.5), (0.999, 99.5, 0.5), (0.3, 10, 20), (0.7, 100, 40)]]

out = "/** scipy " + scipy.__version__ + " reference values, written by bench/reference/paired_statistics.py; do not edit. */\n"
out += "export const TTEST_CASES = " + json.dumps(cases) + ";\n"
out += "export const T_CDF = " + json.dumps(cdf) + ";\n"
out += "export const BETA_INC = " + json.dumps(beta) + ";\n"
open("test/explain/priors/pairedComparison.fixture.ts", "w").write(out)
print("wrote", len(cases), "t-test cases")
