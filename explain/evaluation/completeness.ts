/**
 * Completeness (Sundararajan, Taly, Yan, "Axiomatic Attribution for Deep Networks", ICML 2017;
 * "summation-to-delta" in Shrikumar et al., ICML 2017) as a metric: |Σφ − (f(x) − f(x'))| per
 * row, read from the diagnostics every attribution result carries.
 */
import type { AttributionResult } from '../attribution/result';
import { errors } from '../internal/errors';
import { makeMetricResult, type MetricResult } from './metricResult';
import { isAttributionResult } from './support';

/**
 * The absolute completeness gap of each explained row (lower is better; 0 for methods that are
 * complete, within quadrature or sampling error). Methods without a baseline measure it
 * against a zero input, as their results do.
 */
export function completeness(result: AttributionResult): MetricResult {
  if (!isAttributionResult(result)) throw new Error(errors.evalAttributionResult('completeness', result));
  return makeMetricResult(
    'completeness',
    result.method,
    result.diagnostics.completenessGap.map(Math.abs),
    true,
    "|Σφ − (f(x) − f(x'))|",
  );
}
