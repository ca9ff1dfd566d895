/** Attribution priors: differentiable expected gradients, the priors and the training loop. */
export {
  differentiableExpectedGradients,
  REFERENCE_SOURCES,
  isReferenceSource,
  ALPHA_SCHEMES,
  isAlphaScheme,
} from './differentiableExpectedGradients';
export type {
  DifferentiableExpectedGradientsOptions,
  ReferenceSource,
  AlphaScheme,
  TrainableModel,
} from './differentiableExpectedGradients';
export type { AttributionPrior } from './prior';
export { totalVariation, totalVariationPrior } from './totalVariation';
export type { TotalVariationOptions } from './totalVariation';
export { graphPrior, laplacian } from './graphPrior';
export type { Adjacency, EdgeList } from './graphPrior';
export { gini, giniPrior } from './gini';
export type { GiniPriorOptions } from './gini';
export { l1AttributionPrior } from './l1AttributionPrior';
export { l1WeightPrior, l2WeightPrior } from './weightPrior';
export type { L1WeightPriorOptions, L2WeightPriorOptions } from './weightPrior';
export { METRICS, isMetricName, rocAuc, accuracy } from './metrics';
export type { MetricName } from './metrics';
export {
  train,
  trainStep,
  TrainHistory,
  TASK_LOSSES,
  isTaskLoss,
  SCHEDULES,
  isSchedule,
  OPTIMIZERS,
  TASK_WEIGHTS,
  PRIOR_BATCHES,
} from './train';
export type {
  TrainData,
  TrainOptions,
  TrainCallbacks,
  EpochLog,
  TaskLoss,
  Schedule,
  OptimizerName,
  TaskWeight,
  PriorBatch,
  RestoreBest,
  RestoreMetric,
  Augmentation,
  StepBatch,
  StepContext,
  StepResult,
} from './train';
export { staircaseLearningRate } from './learningRateDecay';
export type { LearningRateDecay } from './learningRateDecay';
export { randomRotateShift, rotateShiftImages, INTERPOLATIONS } from './randomRotateShift';
export type { RandomRotateShiftOptions, RotateShiftOptions, Interpolation } from './randomRotateShift';
export {
  pairedComparison,
  summarizeRuns,
  studentTCdf,
  studentTTwoSidedP,
  regularizedIncompleteBeta,
  logGamma,
} from './pairedComparison';
export type { PairedComparison, RunSummary } from './pairedComparison';
export { lambdaSearch, logGrid } from './lambdaSearch';
export type {
  LambdaSearchOptions,
  LambdaSearchResult,
  LambdaSplitResult,
  LambdaTrial,
  LambdaScore,
  TrainAndScore,
} from './lambdaSearch';
