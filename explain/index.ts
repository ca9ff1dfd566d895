/**
 * pathlab's explanation library: path attributions, interactions and attribution priors on
 * TensorFlow.js. Each area adds its public names below, one by one.
 */
export { ready, backendInfo, isBackendName, BACKENDS, NATIVE_HINT } from './engine';
export type { BackendInfo, BackendName } from './engine';
export { adam, FlatAdamOptimizer } from './engine';
export type { AdamOptions } from './engine';
export { compiled, compileEnabled, setCompileEnabled } from './engine';
export type { CompiledFunction } from './engine';
export { setProgressHandler, requestCancel, clearCancel, isCancelRequested, CancelledError, Checkpoint } from './progress';
export type { ProgressEvent, ProgressCallback, ProgressReporter, ProgressHandler, ProgressOptions } from './progress';
export type { ModelFunction, ModelLike, OutputSelection, OutputWeights, NestedArray, InputLike } from './types';
export { seededInit, SEEDED_INITIALIZERS, isSeededInitializerName } from './seededInit';
export type { SeededInitializer, SeededInitializerName } from './seededInit';
export type { OutputOption, BatchSizeOption } from './options';

// --- attribution ---
export { expectedGradients } from './attribution/expectedGradients';
export type { ExpectedGradientsOptions } from './attribution/expectedGradients';
export { integratedGradients, INTEGRATION_RULES, isIntegrationRule } from './attribution/integratedGradients';
export type { IntegratedGradientsOptions, IntegrationRule } from './attribution/integratedGradients';
export type { AttributionResult, AttributionDiagnostics, NestedNumbers } from './attribution/result';
export { saliency } from './attribution/saliency';
export type { SaliencyOptions } from './attribution/saliency';
export { gradient } from './attribution/gradient';
export type { GradientOptions } from './attribution/gradient';
export { gradientXInput } from './attribution/gradientXInput';
export type { GradientXInputOptions } from './attribution/gradientXInput';
export { deepLift } from './attribution/deepLift';
export type { DeepLiftOptions } from './attribution/deepLift';
export { epsilonLrp } from './attribution/epsilonLrp';
export type { EpsilonLrpOptions } from './attribution/epsilonLrp';
export { occlusion } from './attribution/occlusion';
export type { OcclusionOptions } from './attribution/occlusion';
export { shapleySampling } from './attribution/shapleySampling';
export type { ShapleySamplingOptions } from './attribution/shapleySampling';
export { embeddingAttributions, EMBEDDING_METHODS, isEmbeddingMethod } from './attribution/embeddingAttributions';
export type { EmbeddingAttributionsOptions, EmbeddingMethod } from './attribution/embeddingAttributions';

// --- any model: noise tunnel, guided methods, Grad-CAM, model-agnostic methods, black boxes ---
export { noiseTunnel, NOISE_TUNNEL_KINDS, isNoiseTunnelKind } from './attribution/noiseTunnel';
export type { NoiseTunnelOptions, NoiseTunnelKind, AttributionMethod } from './attribution/noiseTunnel';
export { guidedBackprop } from './attribution/guidedBackprop';
export type { GuidedBackpropOptions } from './attribution/guidedBackprop';
export { deconvolution } from './attribution/deconvolution';
export type { DeconvolutionOptions } from './attribution/deconvolution';
export { gradCam, UPSAMPLE_MODES } from './attribution/gradCam';
export type { GradCamOptions, UpsampleMode } from './attribution/gradCam';
export { guidedGradCam } from './attribution/guidedGradCam';
export type { GuidedGradCamOptions } from './attribution/guidedGradCam';
export { kernelShap } from './attribution/kernelShap';
export type { KernelShapOptions } from './attribution/kernelShap';
export { lime, LIME_SURROGATES, LIME_DISTANCES, isLimeSurrogate } from './attribution/lime';
export type { LimeOptions, LimeSurrogate, LimeDistance } from './attribution/lime';
export { featureAblation } from './attribution/featureAblation';
export type { FeatureAblationOptions } from './attribution/featureAblation';
export { featurePermutation } from './attribution/featurePermutation';
export type { FeaturePermutationOptions } from './attribution/featurePermutation';
export { exactShapley } from './attribution/exactShapley';
export type { ExactShapleyOptions } from './attribution/exactShapley';
export { blackBox, isBlackBox } from './attribution/blackBox';
export type { AnyModel, BlackBox, BlackBoxFunction } from './attribution/blackBox';

// --- layer and neuron attributions ---
export {
  layerActivation,
  layerGradientXActivation,
  layerIntegratedGradients,
  layerConductance,
  internalInfluence,
} from './layer';
export type {
  LayerActivationOptions,
  LayerGradientXActivationOptions,
  LayerIntegratedGradientsOptions,
  LayerConductanceOptions,
  InternalInfluenceOptions,
  LayerRef,
} from './layer';
export { neuronGradient, neuronIntegratedGradients, neuronConductance, neuronDeepLift } from './neuron';
export type {
  NeuronGradientOptions,
  NeuronIntegratedGradientsOptions,
  NeuronConductanceOptions,
  NeuronDeepLiftOptions,
  NeuronIndex,
} from './neuron';

// --- interaction ---
export {
  expectedHessians,
  integratedHessians,
  HESSIAN_RULES,
  isHessianRule,
  HESSIAN_ENGINES,
  isHessianEngineChoice,
  toSoftplus,
  hessian,
  hessianXInput,
  shapleyInteractions,
} from './interaction';
export type {
  ExpectedHessiansOptions,
  IntegratedHessiansOptions,
  HessianMethodOptions,
  HessianRule,
  HessianEngineChoice,
  InteractionResult,
  InteractionDiagnostics,
  TopPairsOptions,
  InteractionPairSummary,
  HessianOptions,
  LocalInteractionResult,
  ShapleyInteractionsOptions,
} from './interaction';

// --- priors ---
export {
  differentiableExpectedGradients,
  REFERENCE_SOURCES,
  isReferenceSource,
  ALPHA_SCHEMES,
  isAlphaScheme,
  totalVariation,
  totalVariationPrior,
  graphPrior,
  laplacian,
  gini,
  giniPrior,
  l1AttributionPrior,
  l1WeightPrior,
  l2WeightPrior,
  METRICS,
  isMetricName,
  rocAuc,
  accuracy,
  train,
  TrainHistory,
  TASK_LOSSES,
  isTaskLoss,
  SCHEDULES,
  isSchedule,
  OPTIMIZERS,
  trainStep,
  TASK_WEIGHTS,
  PRIOR_BATCHES,
  staircaseLearningRate,
  randomRotateShift,
  rotateShiftImages,
  INTERPOLATIONS,
} from './priors';
export type {
  DifferentiableExpectedGradientsOptions,
  ReferenceSource,
  AlphaScheme,
  TrainableModel,
  AttributionPrior,
  Adjacency,
  EdgeList,
  GiniPriorOptions,
  MetricName,
  TrainData,
  TrainOptions,
  TrainCallbacks,
  EpochLog,
  TaskLoss,
  Schedule,
  OptimizerName,
  TotalVariationOptions,
  TaskWeight,
  PriorBatch,
  RestoreBest,
  RestoreMetric,
  Augmentation,
  StepBatch,
  StepContext,
  StepResult,
  LearningRateDecay,
  RandomRotateShiftOptions,
  RotateShiftOptions,
  Interpolation,
} from './priors';

// --- evaluation ---
export {
  ATTRIBUTION_METHODS,
  isAttributionMethodName,
  infidelity,
  PERTURBATIONS,
  isPerturbationName,
  sensitivityMax,
  deletionCurve,
  REPLACEMENTS,
  isReplacement,
  FEATURE_ORDERS,
  isFeatureOrder,
  trapezoidArea,
  insertionCurve,
  removeAndRetrain,
  accuracyScore,
  ROAR_ORDERS,
  modelRandomization,
  RANDOMIZATIONS,
  isRandomization,
  spearman,
  averageRanks,
  ssim,
  completeness,
  monteCarloError,
  compareMethods,
  COMPARISON_METRICS,
  isComparisonMetric,
} from './evaluation';
export type {
  AttributionMethodName,
  MethodSpec,
  MethodOptions,
  MethodExtras,
  ExplainFunction,
  MetricResult,
  AttributionsLike,
  InfidelityOptions,
  PerturbationName,
  PerturbFunction,
  SensitivityMaxOptions,
  DeletionCurveOptions,
  CurveResult,
  Replacement,
  FeatureOrder,
  InsertionCurveOptions,
  RemoveAndRetrainOptions,
  RoarData,
  RoarRanking,
  RoarResult,
  RoarCurve,
  RoarOrder,
  FitFunction,
  ScoreFunction,
  ModelRandomizationOptions,
  ModelRandomizationResult,
  Randomization,
  SsimOptions,
  CompareMethodsOptions,
  ComparisonResult,
  ComparisonRow,
  ComparisonMetric,
} from './evaluation';
// statistics of repeated splits and the per-split λ search
export { pairedComparison, summarizeRuns, studentTCdf, studentTTwoSidedP, regularizedIncompleteBeta, logGamma } from './priors';
export type { PairedComparison, RunSummary, L1WeightPriorOptions, L2WeightPriorOptions } from './priors';
export { lambdaSearch, logGrid } from './priors';
export type {
  LambdaSearchOptions,
  LambdaSearchResult,
  LambdaSplitResult,
  LambdaTrial,
  LambdaScore,
  TrainAndScore,
} from './priors';
