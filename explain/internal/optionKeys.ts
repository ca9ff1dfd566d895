/**
 * The option names every public method accepts, checked at compile time against its options
 * interface: `keysOf<T>()({...})` must list exactly the keys of T, so an option added to an
 * interface without being added here is a type error (and an unknown key at run time is an
 * error naming the valid ones; see {@link checkOptionKeys}).
 */
import type { DeepLiftOptions } from '../attribution/deepLift';
import type { EmbeddingAttributionsOptions } from '../attribution/embeddingAttributions';
import type { EpsilonLrpOptions } from '../attribution/epsilonLrp';
import type { ExpectedGradientsOptions } from '../attribution/expectedGradients';
import type { GradientOptions } from '../attribution/gradient';
import type { GradientXInputOptions } from '../attribution/gradientXInput';
import type { IntegratedGradientsOptions } from '../attribution/integratedGradients';
import type { OcclusionOptions } from '../attribution/occlusion';
import type { SaliencyOptions } from '../attribution/saliency';
import type { ShapleySamplingOptions } from '../attribution/shapleySampling';
import type { ExpectedHessiansOptions } from '../interaction/expectedHessians';
import type { IntegratedHessiansOptions } from '../interaction/integratedHessians';
import type { DifferentiableExpectedGradientsOptions } from '../priors/differentiableExpectedGradients';
import type { GiniPriorOptions } from '../priors/gini';
import type { TrainOptions } from '../priors/train';
import { keysOf } from '../../core';
export { keysOf } from '../../core';

const progress = { onProgress: true, signal: true } as const;
const gradientCommon = { ...progress, output: true, batchSize: true } as const;
const hessianCommon = {
  ...progress,
  baseline: true,
  output: true,
  interactionIndex: true,
  embedding: true,
  batchSize: true,
  memoryBudgetMB: true,
  engine: true,
  hessian: true,
  standardErrors: true,
} as const;

/** Valid option keys per public function. */
export const OPTION_KEYS = {
  saliency: keysOf<SaliencyOptions>()({ ...gradientCommon }),
  gradient: keysOf<GradientOptions>()({ ...gradientCommon }),
  gradientXInput: keysOf<GradientXInputOptions>()({ ...gradientCommon }),
  deepLift: keysOf<DeepLiftOptions>()({ ...gradientCommon, baseline: true }),
  epsilonLrp: keysOf<EpsilonLrpOptions>()({ ...gradientCommon, epsilon: true }),
  expectedGradients: keysOf<ExpectedGradientsOptions>()({
    ...gradientCommon,
    baseline: true,
    numSamples: true,
    seed: true,
    memoryBudgetMB: true,
  }),
  integratedGradients: keysOf<IntegratedGradientsOptions>()({
    ...gradientCommon,
    baseline: true,
    numSamples: true,
    rule: true,
    memoryBudgetMB: true,
  }),
  occlusion: keysOf<OcclusionOptions>()({ ...gradientCommon, windowShape: true, step: true, fillValue: true }),
  shapleySampling: keysOf<ShapleySamplingOptions>()({
    ...gradientCommon,
    numSamples: true,
    samples: true,
    samplingDims: true,
    baseline: true,
    seed: true,
    memoryBudgetMB: true,
  }),
  embeddingAttributions: keysOf<EmbeddingAttributionsOptions>()({
    ...gradientCommon,
    method: true,
    baseline: true,
    numSamples: true,
    rule: true,
    seed: true,
  }),
  expectedHessians: keysOf<ExpectedHessiansOptions>()({ ...hessianCommon, numSamples: true, seed: true }),
  integratedHessians: keysOf<IntegratedHessiansOptions>()({ ...hessianCommon, numSamples: true, rule: true }),
  differentiableExpectedGradients: keysOf<DifferentiableExpectedGradientsOptions>()({
    references: true,
    k: true,
    alpha: true,
    output: true,
    labels: true,
    outputIndex: true,
    seed: true,
    draws: true,
  }),
  giniPrior: keysOf<GiniPriorOptions>()({ mixed: true }),
  train: keysOf<TrainOptions>()({
    ...progress,
    prior: true,
    lambda: true,
    schedule: true,
    loss: true,
    fromLogits: true,
    optimizer: true,
    priorOptimizer: true,
    epsilon: true,
    learningRateDecay: true,
    taskWeight: true,
    priorBatch: true,
    augment: true,
    restoreBest: true,
    learningRate: true,
    epochs: true,
    pretrainEpochs: true,
    batchSize: true,
    shuffle: true,
    seed: true,
    validationData: true,
    metrics: true,
    references: true,
    k: true,
    alpha: true,
    output: true,
    explainOutput: true,
    callbacks: true,
  }),
};
