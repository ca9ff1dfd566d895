/**
 * The Monte-Carlo error of a sampled attribution (Expected Gradients; Erion et al., Nature Machine
 * Intelligence 2021) as a metric: per row, the mean over features of the standard error √(var/n)
 * the result carries.
 */
import type { AttributionResult } from '../attribution/result';
import { errors } from '../internal/errors';
import { makeMetricResult, type MetricResult } from './metricResult';
import { isAttributionResult } from './support';

/**
 * Mean Monte-Carlo standard error of the attributions of each row (lower is better).
 * @throws for a result without standard errors (a deterministic method).
 */
export function monteCarloError(result: AttributionResult): MetricResult {
  const fn = 'monteCarloError';
  if (!isAttributionResult(result)) throw new Error(errors.evalAttributionResult(fn, result));
  const se = result.diagnostics.standardError;
  if (!se) throw new Error(errors.evalNoStandardError(fn, result.method));
  return makeMetricResult(
    fn,
    result.method,
    se.map((row) => row.reduce((a, b) => a + b, 0) / row.length),
    true,
    'mean SE per feature',
  );
}
