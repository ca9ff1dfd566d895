/**
 * What every evaluation metric returns: one score per input row, their mean with its standard
 * error across rows, and a readable text table. Plain numbers only (nothing to dispose).
 */
import { fmt, table as alignTable } from '../internal/textTable';

/** One metric's scores of one explanation method on a batch of inputs. */
export interface MetricResult {
  /** The metric, e.g. `infidelity`. */
  metric: string;
  /** The explanation method scored (the attribution result's method, or `given`). */
  method: string;
  /** One score per input row. */
  perRow: number[];
  /** Mean of `perRow`. */
  mean: number;
  /** Standard error of the mean across rows, √(s²/N) (0 for one row). */
  standardError: number;
  /** Whether a lower score is better (infidelity, sensitivity, deletion AUC, completeness gap). */
  lowerIsBetter: boolean;
  /** A readable summary: mean ± SE and the first rows. */
  toText(): string;
}

/** Mean and standard error of the mean of `v`. */
export function meanAndStandardError(v: ArrayLike<number>): { mean: number; standardError: number } {
  const n = v.length;
  if (n === 0) return { mean: NaN, standardError: NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i];
  const mean = s / n;
  if (n < 2) return { mean, standardError: 0 };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) ** 2;
  return { mean, standardError: Math.sqrt(ss / (n - 1) / n) };
}

/** Builds a {@link MetricResult}; `extra` lines are appended to the text form. */
export function makeMetricResult(
  metric: string,
  method: string,
  perRow: ArrayLike<number>,
  lowerIsBetter: boolean,
  params: string = '',
): MetricResult {
  const rows = Array.from(perRow);
  const { mean, standardError } = meanAndStandardError(rows);
  return {
    metric,
    method,
    perRow: rows,
    mean,
    standardError,
    lowerIsBetter,
    toText() {
      const head = `${metric} of ${method}${params ? ` (${params})` : ''}: ${fmt(mean)} ± ${fmt(standardError)} over ${rows.length} rows (${lowerIsBetter ? 'lower' : 'higher'} is better)`;
      const shown = rows.slice(0, 10).map((v, i) => [String(i), fmt(v)]);
      const lines = [head, ...alignTable([['row', metric], ...shown])];
      if (rows.length > 10) lines.push(`… ${rows.length - 10} more rows`);
      return lines.join('\n');
    },
  };
}
