/** Evaluation of explanations: metrics, sanity checks and method comparison; explain/index.ts re-exports these. */
export { ATTRIBUTION_METHODS, isAttributionMethodName } from './attributionMethods';
export type { AttributionMethodName, MethodSpec, MethodOptions, MethodExtras, ExplainFunction } from './attributionMethods';
export type { MetricResult } from './metricResult';
export type { AttributionsLike } from './support';
export { infidelity, PERTURBATIONS, isPerturbationName } from './infidelity';
export type { InfidelityOptions, PerturbationName, PerturbFunction } from './infidelity';
export { sensitivityMax } from './sensitivityMax';
export type { SensitivityMaxOptions } from './sensitivityMax';
export { deletionCurve, REPLACEMENTS, isReplacement, FEATURE_ORDERS, isFeatureOrder, trapezoidArea } from './deletionCurve';
export type { DeletionCurveOptions, CurveResult, Replacement, FeatureOrder } from './deletionCurve';
export { insertionCurve } from './insertionCurve';
export type { InsertionCurveOptions } from './insertionCurve';
export { removeAndRetrain, accuracyScore, ROAR_ORDERS } from './removeAndRetrain';
export type {
  RemoveAndRetrainOptions,
  RoarData,
  RoarRanking,
  RoarResult,
  RoarCurve,
  RoarOrder,
  FitFunction,
  ScoreFunction,
} from './removeAndRetrain';
export { modelRandomization, RANDOMIZATIONS, isRandomization } from './modelRandomization';
export type { ModelRandomizationOptions, ModelRandomizationResult, Randomization } from './modelRandomization';
export { spearman, averageRanks } from './spearman';
export { ssim } from './ssim';
export type { SsimOptions } from './ssim';
export { completeness } from './completeness';
export { monteCarloError } from './monteCarloError';
export { compareMethods, COMPARISON_METRICS, isComparisonMetric } from './compareMethods';
export type { CompareMethodsOptions, ComparisonResult, ComparisonRow, ComparisonMetric } from './compareMethods';
