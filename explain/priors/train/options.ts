/**
 * The options of {@link train}: the closed sets they name, their defaults, the shapes of data,
 * logs and callbacks, and the checks every option goes through before the first step.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from '../../internal/errors';
import { isKeyOf } from '../../internal/keys';
import { OPTION_KEYS } from '../../internal/optionKeys';
import { checkNonNegative, checkOneOf, checkOptionKeys, checkPositiveInteger, checkWholeNumber } from '../../internal/validate';
import { checkSeed } from '../../../core';
import { warnOnce } from '../../internal/validate';
import type { ProgressOptions } from '../../progress';
import type { InputLike } from '../../types';
import {
  ALPHA_SCHEMES,
  isReferenceSource,
  REFERENCE_SOURCES,
  type AlphaScheme,
  type ReferenceSource,
} from '../differentiableExpectedGradients';
import { METRICS, type MetricName } from '../metrics';
import type { AttributionPrior } from '../prior';
import { checkLearningRateDecay, type LearningRateDecay } from '../learningRateDecay';
import { isOptimizer } from './optimizers';

/** The task losses `train` knows. */
export const TASK_LOSSES = {
  sparseCategoricalCrossentropy: 'class ids [N] against C > 1 outputs (probabilities or logits)',
  categoricalCrossentropy: 'one-hot or soft labels [N, C] against C > 1 outputs',
  binaryCrossentropy: '0/1 labels [N] or [N, 1] against one output (probability or logit)',
  meanSquaredError: 'targets shaped like the outputs ([N] or [N, 1] for one output)',
} as const;

/** A task loss by name. */
export type TaskLoss = keyof typeof TASK_LOSSES;

/** Whether `s` names a task loss. */
export function isTaskLoss(s: unknown): s is TaskLoss {
  return isKeyOf(s, TASK_LOSSES);
}

/** How the prior's gradient is combined with the task's. */
export const SCHEDULES = {
  joint: 'one optimiser step on task loss + λ·Ω per batch',
  alternating: 'per batch, a step on the task loss, then a step on λ·Ω (as the original TF1 code)',
} as const;

/** A schedule by name. */
export type Schedule = keyof typeof SCHEDULES;

/** Whether `s` names a schedule. */
export function isSchedule(s: unknown): s is Schedule {
  return isKeyOf(s, SCHEDULES);
}

/** Optimisers `train` can create by name (with `learningRate`). */
export const OPTIMIZERS = { adam: 'Adam', sgd: 'plain SGD', rmsprop: 'RMSProp' } as const;

/** An optimiser name. */
export type OptimizerName = keyof typeof OPTIMIZERS;

/** How the task loss is weighted against λ·Ω. */
export const TASK_WEIGHTS = {
  one: 'task loss + λ·Ω (joint), or a step on the task loss then one on λ·Ω (alternating)',
  oneMinusLambda:
    '(1 − λ)·task loss + λ·Ω, or a step on (1 − λ)·task loss then one on λ·Ω, as the original MNIST code (0 ≤ λ ≤ 1)',
} as const;

/** A task weighting by name. */
export type TaskWeight = keyof typeof TASK_WEIGHTS;

/** Which batch the prior step of the alternating schedule uses. */
export const PRIOR_BATCHES = {
  same: 'the prior step uses the batch the task step just used',
  next: 'batches alternate between the two steps (the task step on one batch, the prior step on the next), as the original MNIST code, whose two steps each draw a batch',
} as const;

/** A prior-batch choice by name. */
export type PriorBatch = keyof typeof PRIOR_BATCHES;

/** What {@link TrainOptions.restoreBest} can compare epochs by: a validation metric, the validation
 * task loss (`'loss'`) or the validation Ω (`'prior'`). */
export type RestoreMetric = MetricName | 'loss' | 'prior';

/** Keep the weights of the best validation epoch and restore them at the end. */
export interface RestoreBest {
  /** What to compare epochs by. */
  metric: RestoreMetric;
  /** `'max'` or `'min'`. Default: `'max'` for accuracy and rocAuc, `'min'` for mse, loss and prior. */
  mode?: 'max' | 'min';
}

/**
 * A per-batch transform of the training inputs (data augmentation): given the batch
 * [B, ...featureShape] and a seed that differs from batch to batch, returns a new tensor of the
 * same shape (which `train` disposes). It runs outside the gradient tape, on training batches
 * only. See `randomRotateShift` for images.
 */
export type Augmentation = (x: tf.Tensor, seed: number) => tf.Tensor;

/** Training (or validation) data: inputs [N, ...featureShape] and labels or targets. */
export interface TrainData {
  /** Inputs, float32 [N, ...featureShape]. */
  x: InputLike;
  /** Class ids [N], one-hot [N, C], 0/1 labels or regression targets. */
  y: tf.Tensor | readonly number[] | ReadonlyArray<ReadonlyArray<number>>;
}

/** What one epoch did; `train` returns one per epoch. */
export interface EpochLog {
  /** 0-based epoch index over the whole call (pre-training epochs first). */
  epoch: number;
  /** `'pretrain'` (task loss only) or `'prior'` (with λ·Ω). */
  phase: 'pretrain' | 'prior';
  /** Mean task loss over the epoch's batches. */
  taskLoss: number;
  /** Mean Ω over the epoch's batches (null without a prior). Measured even when λ = 0. */
  prior: number | null;
  /** Mean of task loss + λ·Ω as optimised in this phase. */
  loss: number;
  /** Training metrics over the epoch's batches (outputs in training mode, as Keras reports). */
  metrics: Partial<Record<MetricName, number>>;
  /** Task loss on the validation data after the epoch. */
  valTaskLoss?: number;
  /** Ω on the validation data after the epoch (attributions drawn with a fixed seed). */
  valPrior?: number | null;
  /** Metrics on the validation data after the epoch. */
  valMetrics?: Partial<Record<MetricName, number>>;
  /** Learning rate of the epoch's last step (it changes within an epoch under `learningRateDecay`). */
  learningRate: number;
  /** Wall-clock seconds of the epoch. */
  seconds: number;
}

/** Per-batch and per-epoch hooks. A returned promise is awaited. */
export interface TrainCallbacks {
  /** After each optimisation step (both steps of an alternating batch count as one). */
  onBatchEnd?(step: number, logs: { taskLoss: number; prior: number | null }): void | Promise<void>;
  /** After each epoch, with its log. */
  onEpochEnd?(log: EpochLog): void | Promise<void>;
}

/** Options of {@link train}. */
export interface TrainOptions extends ProgressOptions {
  /** The penalty Ω; null trains on the task loss alone. Default: null. */
  prior?: AttributionPrior | null;
  /** Weight λ ≥ 0 of the prior. Default: 1. */
  lambda?: number;
  /** `'joint'` or `'alternating'`. Default: `'joint'`. */
  schedule?: Schedule;
  /** Task loss, or `'auto'`: sparse/categorical cross-entropy for several outputs (by the labels'
   * shape), binary cross-entropy for one sigmoid output, else mean squared error. Default: `'auto'`. */
  loss?: TaskLoss | 'auto';
  /** Whether the outputs are logits; `'auto'` reads the last layer's activation (softmax or
   * sigmoid: probabilities). Default: `'auto'`. */
  fromLogits?: boolean | 'auto';
  /** An optimiser name or instance (an instance is not disposed, and is also used for the prior
   * steps of the alternating schedule unless `priorOptimizer` is given). Default: `'adam'`. */
  optimizer?: OptimizerName | tf.Optimizer;
  /** The optimiser of the alternating schedule's prior steps: a name or an instance. Default: a new
   * optimiser of `optimizer`'s kind when it is a name (its own Adam moments, as the original TF1
   * code), else `optimizer` itself. */
  priorOptimizer?: OptimizerName | tf.Optimizer | null;
  /** Learning rate of an optimiser created by name (the rate before any decay). Default: 0.001. */
  learningRate?: number;
  /** ε of Adam or RMSProp optimisers created by name (TensorFlow 1's Adam used 1e-8). Default: the
   * backend's epsilon (1e-7 on float32 backends), as tfjs. */
  epsilon?: number | null;
  /** Staircase decay lr·rate^⌊samples / everySamples⌋, samples counted as training rows drawn
   * (TensorFlow's exponential_decay of global_step × batch size, staircase). Applies to every
   * optimiser of the call, including given instances (whose rate is put back at the end).
   * Default: none. */
  learningRateDecay?: LearningRateDecay | null;
  /** `'one'` (task + λ·Ω) or `'oneMinusLambda'` ((1 − λ)·task + λ·Ω, 0 ≤ λ ≤ 1, the original MNIST
   * code's weighting). Default: `'one'`. */
  taskWeight?: TaskWeight;
  /** Alternating schedule: `'same'` batch for both steps, or `'next'` (batches alternate between
   * the task step and the prior step, as the original MNIST code). Default: `'same'`. */
  priorBatch?: PriorBatch;
  /** Data augmentation of each training batch. Default: none. */
  augment?: Augmentation | null;
  /** Clone the weights (trainable and not: batch-norm statistics too) after the best validation
   * epoch and restore them at the end; the history's `bestEpoch` says which. Needs
   * `validationData`. Default: none (the last epoch's weights are kept). */
  restoreBest?: RestoreBest | null;
  /** Epochs with the prior. Default: 1. */
  epochs?: number;
  /** Epochs of plain training before them: fine-tuning with the prior after plain training is
   * one call. Default: 0. */
  pretrainEpochs?: number;
  /** Rows per batch, or `'full'` for one batch of all rows (full-batch training). Default: 32. */
  batchSize?: number | 'full';
  /** Shuffle the rows every epoch (seeded). Default: true. */
  shuffle?: boolean;
  /** Seed of the shuffles and of every reference and α draw. Default: 0. */
  seed?: number;
  /** Reported after every epoch when given. Default: none. */
  validationData?: TrainData;
  /** Metrics to report. Default: accuracy (classification), accuracy and rocAuc (binary), mse
   * (regression). */
  metrics?: MetricName[];
  /** Expected-gradient references: `'roll'`, `'shuffle'` (of the batch) or a background tensor
   * [M, ...featureShape] whose rows are drawn uniformly with replacement, `k` per example, anew at
   * every step (e.g. the training rows themselves, as the original sparsity code). Default:
   * `'shuffle'`. */
  references?: ReferenceSource | tf.Tensor;
  /** References per example. Default: 1. */
  k?: number;
  /** α scheme. Default: `'random'`. */
  alpha?: AlphaScheme;
  /** Output the attributions explain: `'label'` (each row's label; the single output of a
   * one-output model) or a fixed output index. Default: `'label'`. */
  output?: 'label' | number;
  /** @deprecated The former name of `output` (warns once). Default: none. */
  explainOutput?: 'label' | number;
  /** Per-batch and per-epoch hooks. Default: none. */
  callbacks?: TrainCallbacks;
}

export const DEFAULTS = {
  prior: null as AttributionPrior | null,
  lambda: 1,
  schedule: 'joint' as Schedule,
  loss: 'auto' as TaskLoss | 'auto',
  fromLogits: 'auto' as boolean | 'auto',
  optimizer: 'adam' as OptimizerName | tf.Optimizer,
  priorOptimizer: null as OptimizerName | tf.Optimizer | null,
  learningRate: 0.001,
  epsilon: null as number | null,
  learningRateDecay: null as LearningRateDecay | null,
  taskWeight: 'one' as TaskWeight,
  priorBatch: 'same' as PriorBatch,
  augment: null as Augmentation | null,
  restoreBest: null as RestoreBest | null,
  epochs: 1,
  pretrainEpochs: 0,
  batchSize: 32 as number | 'full',
  shuffle: true,
  seed: 0,
  references: 'shuffle' as ReferenceSource | tf.Tensor,
  k: 1,
  alpha: 'random' as AlphaScheme,
  output: 'label' as 'label' | number,
};

export const FN = 'train';

/** The options of a call with the defaults filled in. */
export type ResolvedOptions = typeof DEFAULTS & TrainOptions;

/** The options after their checks, with the values the loop reads checked and typed. */
export interface CheckedOptions {
  o: ResolvedOptions;
  lambda: number;
  epochs: number;
  pretrainEpochs: number;
  batchSize: number | 'full';
  k: number;
  decay: LearningRateDecay | null;
  restore: RestoreBest | null;
  prior: AttributionPrior | null;
  /** Weight of the task loss: 1, or 1 − λ. */
  taskWeight: number;
}

/** Checks every option of {@link train} that needs no data, in a fixed order, and fills in the defaults. */
export function checkTrainOptions(options: TrainOptions): CheckedOptions {
  checkOptionKeys(FN, options, OPTION_KEYS.train);
  const o: ResolvedOptions = { ...DEFAULTS, ...options };
  const lambda = checkNonNegative(o.lambda, 'lambda', FN);
  const epochs = checkWholeNumber(o.epochs, 'epochs', FN);
  const pretrainEpochs = checkWholeNumber(o.pretrainEpochs, 'pretrainEpochs', FN);
  const batchSize = o.batchSize === 'full' ? 'full' : checkPositiveInteger(o.batchSize, 'batchSize', FN);
  const k = checkPositiveInteger(o.k, 'k', FN);
  checkNonNegative(o.learningRate, 'learningRate', FN);
  if (o.epsilon !== null) checkNonNegative(o.epsilon, 'epsilon', FN);
  checkSeed(o.seed, FN);
  checkOneOf(o.schedule, SCHEDULES, 'schedule', FN);
  checkOneOf(o.alpha, ALPHA_SCHEMES, 'alpha', FN);
  if (!(o.references instanceof tf.Tensor) && !isReferenceSource(o.references)) {
    throw new Error(errors.oneOf('references', FN, [...Object.keys(REFERENCE_SOURCES), 'a background tensor'], o.references));
  }
  for (const arg of ['optimizer', 'priorOptimizer'] as const) {
    const v = o[arg];
    if (arg === 'priorOptimizer' && v === null) continue;
    if (!isOptimizer(v)) checkOneOf(v, OPTIMIZERS, arg, FN);
  }
  checkOneOf(o.taskWeight, TASK_WEIGHTS, 'taskWeight', FN);
  if (o.taskWeight === 'oneMinusLambda' && lambda > 1) throw new Error(errors.priorsLambdaAboveOne(FN, lambda));
  checkOneOf(o.priorBatch, PRIOR_BATCHES, 'priorBatch', FN);
  if (o.priorBatch === 'next' && o.schedule !== 'alternating') throw new Error(errors.priorsPriorBatchJoint(FN));
  const decay = o.learningRateDecay === null ? null : checkLearningRateDecay(o.learningRateDecay, FN);
  if (o.augment !== null && typeof o.augment !== 'function') throw new Error(errors.priorsFunction(FN, 'augment', o.augment));
  const restore = o.restoreBest;
  if (restore !== null) {
    if (typeof restore !== 'object') throw new Error(errors.oneOf('restoreBest', FN, ['{ metric, mode }', 'null'], restore));
    const valid = [...Object.keys(METRICS), 'loss', 'prior'];
    if (!valid.includes(restore.metric as string)) throw new Error(errors.oneOf('restoreBest.metric', FN, valid, restore.metric));
    if (restore.mode !== undefined && restore.mode !== 'max' && restore.mode !== 'min') {
      throw new Error(errors.oneOf('restoreBest.mode', FN, ['max', 'min'], restore.mode));
    }
    if (!o.validationData) throw new Error(errors.priorsNeedsValidation(FN, 'restoreBest'));
    if (restore.metric === 'prior' && o.prior === null)
      throw new Error(errors.priorsUnreportedMetric(FN, 'restoreBest.metric', 'prior', ['loss']));
  }
  const prior = o.prior;
  const taskWeight = o.taskWeight === 'oneMinusLambda' && prior !== null ? 1 - lambda : 1;
  return { o, lambda, epochs, pretrainEpochs, batchSize, k, decay, restore, prior, taskWeight };
}

const MAXIMISED: ReadonlySet<string> = new Set(['accuracy', 'rocAuc']);

/**
 * The checks that need the data and the plan (the prior against the feature shape, references,
 * the explained output, what restoreBest compares) and the warnings on ignored options; returns
 * whether restoreBest keeps the largest or the smallest value.
 */
export function checkAgainstData(
  checked: CheckedOptions,
  options: TrainOptions,
  plan: { metrics: readonly MetricName[]; outputs: number },
  featureShape: readonly number[],
  n: number,
  batchSize: number,
): 'max' | 'min' {
  const { o, restore, prior, k, lambda, epochs } = checked;
  if (restore !== null && restore.metric !== 'loss' && restore.metric !== 'prior' && !plan.metrics.includes(restore.metric)) {
    throw new Error(
      errors.priorsUnreportedMetric(FN, 'restoreBest.metric', restore.metric, [
        ...plan.metrics,
        'loss',
        ...(prior ? ['prior'] : []),
      ]),
    );
  }
  const restoreMode = restore === null ? 'max' : (restore.mode ?? (MAXIMISED.has(restore.metric) ? 'max' : 'min'));

  if (prior) prior.check(featureShape, FN);
  if (o.references instanceof tf.Tensor) {
    const bs = o.references.shape.slice(1);
    if (bs.length !== featureShape.length || bs.some((v, i) => v !== featureShape[i])) {
      throw new Error(errors.priorsFeatures(FN, 'references', featureShape, bs));
    }
  } else if (prior?.usesAttributions && Math.min(batchSize, n) < k + 1) {
    throw new Error(errors.priorsTooFewRows(FN, o.references, k + 1, Math.min(batchSize, n)));
  }
  if (typeof o.output === 'number' && (!Number.isInteger(o.output) || o.output < 0 || o.output >= plan.outputs)) {
    throw new Error(errors.priorsOutputIndex(FN, plan.outputs, o.output));
  }
  if (prior === null && options.lambda !== undefined) warnOnce("train: 'lambda' is ignored because no 'prior' was given.");
  const egOptions = (['references', 'k', 'alpha', 'output'] as const).filter((key) => options[key] !== undefined);
  if (!prior?.usesAttributions && egOptions.length > 0) {
    warnOnce(`train: ${egOptions.map((key) => `'${key}'`).join(', ')} ignored because the prior uses no attributions.`);
  }
  if (prior === null && options.schedule === 'alternating')
    warnOnce("train: 'schedule' is ignored because no 'prior' was given.");
  if (prior !== null && lambda === 0 && epochs > 0)
    warnOnce("train: 'lambda' is 0, so the prior is only measured, not trained on.");
  return restoreMode;
}
