/**
 * Training with an attribution prior: task loss + λ·Ω(φ), φ the expected gradients of the batch
 * computed inside the loss (Erion, Janizek, Sturmfels, Lundberg, Lee, "Improving performance of
 * deep learning models with axiomatic attribution priors and expected gradients", Nature Machine
 * Intelligence 2021).
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import { adam } from '../engine/adam';
import { CompileCache, compiledVariableGrads } from '../engine/compile';
import { errors } from '../internal/errors';
import { Rng } from '../internal/rng';
import { toFloatTensor, warnOnce } from '../internal/validate';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike } from '../types';
import {
  ALPHA_SCHEMES,
  callModel,
  expectedGradientsForTraining,
  differentiableExpectedGradientsDraws,
  type ExpectedGradientsDraws,
  isAlphaScheme,
  isReferenceSource,
  REFERENCE_SOURCES,
  type AlphaScheme,
  type ReferenceSource,
} from './differentiableExpectedGradients';
import { accuracy, isMetricName, METRICS, rocAuc, type MetricName } from './metrics';
import type { AttributionPrior } from './prior';
import { isKeyOf } from '../internal/keys';
import { checkLearningRateDecay, staircaseLearningRate, type LearningRateDecay } from './learningRateDecay';
import { checkOptionKeys } from '../internal/validate';
import { resolveAliases } from '../internal/aliases';
import { OPTION_KEYS } from '../internal/optionKeys';

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

const DEFAULTS = {
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

const FN = 'train';

/** The per-epoch history of a {@link train} call. */
export class TrainHistory {
  constructor(
    /** One log per epoch, in order. */
    readonly epochs: EpochLog[],
    /** The prior's name, or null. */
    readonly prior: string | null,
    /** λ. */
    readonly lambda: number,
    /** The schedule used. */
    readonly schedule: Schedule,
    /** The epoch whose weights `restoreBest` restored (0-based, as `EpochLog.epoch`), or null. */
    readonly bestEpoch: number | null = null,
  ) {}

  /** A readable table, one row per epoch. */
  toText(): string {
    const metricNames = [...new Set(this.epochs.flatMap((e) => Object.keys(e.metrics)))] as MetricName[];
    const valNames = [...new Set(this.epochs.flatMap((e) => Object.keys(e.valMetrics ?? {})))] as MetricName[];
    const hasVal = this.epochs.some((e) => e.valTaskLoss !== undefined);
    const header = ['epoch', 'phase', 'task loss', 'prior', ...metricNames];
    if (hasVal) header.push('val loss', 'val prior', ...valNames.map((m) => `val ${m}`));
    const fmt = (v: number | null | undefined) =>
      v === null || v === undefined ? '—' : Number.isFinite(v) ? v.toPrecision(4) : String(v);
    const rows = this.epochs.map((e) => {
      const r = [String(e.epoch + 1), e.phase, fmt(e.taskLoss), fmt(e.prior), ...metricNames.map((m) => fmt(e.metrics[m]))];
      if (hasVal) r.push(fmt(e.valTaskLoss), fmt(e.valPrior), ...valNames.map((m) => fmt(e.valMetrics?.[m])));
      return r;
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
    const title = this.prior ? `train: prior ${this.prior}, λ = ${this.lambda}, ${this.schedule}` : 'train: no prior';
    const lines = [title, line(header), ...rows.map(line)];
    if (this.bestEpoch !== null) lines.push(`weights of epoch ${this.bestEpoch + 1} (best on validation) restored`);
    return lines.join('\n');
  }
}

interface Plan {
  loss: TaskLoss;
  fromLogits: boolean;
  outputs: number;
  featureShape: number[];
  metrics: MetricName[];
}

function shapeText(s: readonly (number | null)[]): string {
  return `[${s.map((v) => (v === null ? 'N' : v)).join(', ')}]`;
}

function toLabels(y: TrainData['y']): { tensor: tf.Tensor; owned: boolean } {
  if (y instanceof tf.Tensor) return { tensor: y, owned: false };
  return { tensor: tf.tensor(y as number[] | number[][]), owned: true };
}

function lastActivation(model: tf.LayersModel): string | undefined {
  const last = model.layers[model.layers.length - 1];
  const act = (last?.getConfig() as { activation?: unknown }).activation;
  return typeof act === 'string' ? act : undefined;
}

/** Checks labels against the loss and returns them in the dtype the loss uses. */
function prepareLabels(y: tf.Tensor, plan: Plan, n: number, arg: string): tf.Tensor {
  const c = plan.outputs;
  const s = y.shape;
  if (s[0] !== n) throw new Error(errors.priorsRows(FN, arg, n, s[0] ?? 0));
  const column = s.length === 1 || (s.length === 2 && s[1] === 1);
  switch (plan.loss) {
    case 'sparseCategoricalCrossentropy': {
      if (!column) throw new Error(errors.priorsShape(FN, arg, `[${n}] (class ids in 0..${c - 1})`, s));
      const v = y.dataSync();
      for (let i = 0; i < v.length; i++) {
        if (!Number.isInteger(v[i]) || v[i] < 0 || v[i] >= c) {
          throw new Error(errors.priorsShape(FN, arg, `[${n}] (class ids in 0..${c - 1}; row ${i} is ${v[i]})`, s));
        }
      }
      return tf.tidy(() => y.reshape([n]).toInt());
    }
    case 'categoricalCrossentropy':
      if (s.length !== 2 || s[1] !== c) throw new Error(errors.priorsShape(FN, arg, `[${n}, ${c}] (one-hot)`, s));
      return y.toFloat();
    case 'binaryCrossentropy':
      if (!column) throw new Error(errors.priorsShape(FN, arg, `[${n}] or [${n}, 1] (0/1 labels)`, s));
      return tf.tidy(() => y.reshape([n, 1]).toFloat());
    case 'meanSquaredError':
      if (c === 1 ? !column : s.length !== 2 || s[1] !== c) {
        throw new Error(errors.priorsShape(FN, arg, c === 1 ? `[${n}] or [${n}, 1]` : `[${n}, ${c}]`, s));
      }
      return tf.tidy(() => y.reshape([n, c]).toFloat());
  }
}

function taskLossOf(plan: Plan, y: tf.Tensor, out: tf.Tensor): tf.Scalar {
  const n = out.shape[0];
  const o = out.reshape([n, plan.outputs]);
  const eps = 1e-7;
  switch (plan.loss) {
    case 'sparseCategoricalCrossentropy':
    case 'categoricalCrossentropy': {
      const target = plan.loss === 'sparseCategoricalCrossentropy' ? tf.oneHot(y as tf.Tensor1D, plan.outputs).toFloat() : y;
      const logp = plan.fromLogits ? tf.logSoftmax(o) : o.clipByValue(eps, 1 - eps).log();
      return target.mul(logp).sum(1).mean().neg() as tf.Scalar;
    }
    case 'binaryCrossentropy': {
      if (plan.fromLogits) {
        // max(z, 0) − z·y + log(1 + e^−|z|): no overflow for large |z|.
        return o.relu().sub(o.mul(y)).add(o.abs().neg().exp().log1p()).mean() as tf.Scalar;
      }
      const p = o.clipByValue(eps, 1 - eps);
      return y
        .mul(p.log())
        .add(tf.sub(1, y).mul(tf.sub(1, p).log()))
        .mean()
        .neg() as tf.Scalar;
    }
    case 'meanSquaredError':
      return o.sub(y).square().mean() as tf.Scalar;
  }
}

/** Accumulates what the metrics need over an epoch or a validation pass. */
class MetricAccumulator {
  private predicted: number[] = [];
  private truth: number[] = [];
  private scores: number[] = [];
  private sqErr = 0;
  private count = 0;

  constructor(private readonly plan: Plan) {}

  add(out: tf.Tensor, y: tf.Tensor): void {
    // Reading the outputs back costs a device sync per step; skip it when nothing is reported.
    if (this.plan.metrics.length === 0) return;
    const n = out.shape[0];
    const c = this.plan.outputs;
    const o = out.dataSync();
    const t = y.dataSync();
    for (let i = 0; i < n; i++) {
      if (this.plan.loss === 'sparseCategoricalCrossentropy' || this.plan.loss === 'categoricalCrossentropy') {
        this.predicted.push(argmax(o, i * c, c));
        this.truth.push(this.plan.loss === 'sparseCategoricalCrossentropy' ? t[i] : argmax(t, i * c, c));
      } else if (c === 1) {
        const threshold = this.plan.fromLogits ? 0 : 0.5;
        this.predicted.push(o[i] > threshold ? 1 : 0);
        this.truth.push(t[i] > 0.5 ? 1 : 0);
        this.scores.push(o[i]);
      }
      for (let j = 0; j < c; j++) {
        const d = o[i * c + j] - t[this.plan.loss === 'sparseCategoricalCrossentropy' ? i : i * c + j];
        this.sqErr += d * d;
      }
    }
    this.count += n * c;
  }

  result(): Partial<Record<MetricName, number>> {
    const r: Partial<Record<MetricName, number>> = {};
    for (const m of this.plan.metrics) {
      if (m === 'accuracy') r.accuracy = accuracy(this.predicted, this.truth);
      else if (m === 'rocAuc') r.rocAuc = rocAuc(this.scores, this.truth);
      else r.mse = this.sqErr / Math.max(1, this.count);
    }
    return r;
  }
}

function argmax(v: ArrayLike<number>, start: number, len: number): number {
  let best = 0;
  for (let j = 1; j < len; j++) if (v[start + j] > v[start + best]) best = j;
  return best;
}

function makeOptimizer(name: OptimizerName, lr: number, epsilon: number | null): tf.Optimizer {
  // tfjs's Adam, with one flat moment buffer: a constant number of ops per step.
  if (name === 'adam') return adam(lr, epsilon === null ? {} : { epsilon });
  if (name === 'sgd') return tf.train.sgd(lr);
  return tf.train.rmsprop(lr, 0.9, 0, epsilon ?? undefined);
}

/** `instanceof tf.Optimizer` that is safe on null and primitives (tfjs's Symbol.hasInstance reads
 * `minimize` off its operand). */
function isOptimizer(v: unknown): v is tf.Optimizer {
  return v !== null && typeof v === 'object' && v instanceof tf.Optimizer;
}

/** The learning rate an optimiser steps with (tfjs's optimisers keep it in a field). */
function learningRateOf(opt: tf.Optimizer): number {
  const lr = (opt as unknown as { learningRate?: unknown }).learningRate;
  return typeof lr === 'number' ? lr : NaN;
}

/** Sets an optimiser's learning rate for its next steps (SGD through its setter, which also
 * rebuilds its cached scalar; Adam, RMSProp and the others read the field at every step). */
function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const withSetter = opt as unknown as { setLearningRate?: (v: number) => void; learningRate?: number };
  if (typeof withSetter.setLearningRate === 'function') withSetter.setLearningRate(lr);
  else withSetter.learningRate = lr;
}

function checkNonNegative(v: unknown, arg: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(errors.priorsNonNegative(FN, arg, v));
  return v;
}

function checkPositiveInt(v: unknown, arg: string, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    throw new Error(allowZero ? errors.priorsNonNegative(FN, arg, v) : errors.priorsPositiveInt(FN, arg, v));
  }
  return v;
}

/** Resolves the loss, logits flag and metrics from the model and the labels, or throws. */
function planFor(model: tf.LayersModel, y: tf.Tensor, o: typeof DEFAULTS & TrainOptions): Plan {
  const outShape = model.outputs[0].shape;
  const outputs = outShape.length <= 1 ? 1 : outShape.slice(1).reduce<number>((p, v) => p * (v ?? 1), 1);
  const featureShape = model.inputs[0].shape.slice(1).map((v) => v ?? -1);
  const act = lastActivation(model);
  let loss: TaskLoss;
  if (o.loss === 'auto') {
    if (outputs > 1)
      loss =
        y.rank === 2 && y.shape[1] === outputs && outputs !== 1 ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy';
    else loss = act === 'sigmoid' ? 'binaryCrossentropy' : 'meanSquaredError';
  } else if (isTaskLoss(o.loss)) {
    loss = o.loss;
  } else {
    throw new Error(errors.priorsOneOf(FN, 'loss', [...Object.keys(TASK_LOSSES), 'auto'], o.loss));
  }
  if ((loss === 'sparseCategoricalCrossentropy' || loss === 'categoricalCrossentropy') && outputs < 2) {
    throw new Error(
      errors.priorsLoss(FN, loss, `the model has ${outputs} output; use 'binaryCrossentropy' or 'meanSquaredError'`),
    );
  }
  if (loss === 'binaryCrossentropy' && outputs !== 1) {
    throw new Error(errors.priorsLoss(FN, loss, `the model has ${outputs} outputs, binary cross-entropy needs one`));
  }
  const fromLogits = o.fromLogits === 'auto' ? !(act === 'softmax' || act === 'sigmoid') : o.fromLogits;
  const classification = loss !== 'meanSquaredError';
  const defaults: MetricName[] = loss === 'binaryCrossentropy' ? ['accuracy', 'rocAuc'] : classification ? ['accuracy'] : ['mse'];
  const metrics = o.metrics ?? defaults;
  for (const m of metrics) {
    if (!isMetricName(m)) throw new Error(errors.priorsOneOf(FN, 'metrics', Object.keys(METRICS), m));
    if (m === 'rocAuc' && !(outputs === 1))
      throw new Error(
        errors.priorsMetric(FN, m, `it needs a single-output (binary) model, but the model has ${outputs} outputs`),
      );
    if (m === 'accuracy' && !classification && outputs !== 1)
      throw new Error(errors.priorsMetric(FN, m, 'the task is a multi-output regression'));
  }
  return { loss, fromLogits, outputs, featureShape, metrics };
}

function checkInputs(x: tf.Tensor, plan: Plan, arg: string): void {
  const rowShape = x.shape.slice(1);
  const ok =
    rowShape.length === plan.featureShape.length &&
    rowShape.every((v, i) => plan.featureShape[i] === -1 || plan.featureShape[i] === v);
  if (!ok)
    throw new Error(
      errors.priorsShape(FN, arg, shapeText([null, ...plan.featureShape.map((v) => (v === -1 ? null : v))]), x.shape),
    );
}

/** One training batch: inputs (augmented already) and prepared labels. */
export interface StepBatch {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** Everything one optimisation step needs besides its batches; built once per `train` call. */
export interface StepContext {
  model: tf.LayersModel;
  /** The trainable variables, in the order of `model.trainableWeights`. */
  vars: tf.Variable[];
  /** Task loss of the training-mode outputs of a batch. */
  taskLoss(y: tf.Tensor, out: tf.Tensor): tf.Scalar;
  prior: AttributionPrior | null;
  lambda: number;
  /** Weight of the task loss: 1, or 1 − λ. */
  taskWeight: number;
  schedule: Schedule;
  optimizer: tf.Optimizer;
  priorOptimizer: tf.Optimizer;
  /** Differentiable attributions of a batch (null when the prior uses none), from `draws` when given. */
  attributions(x: tf.Tensor, y: tf.Tensor, seed: number, draws?: ExpectedGradientsDraws): tf.Tensor | null;
  /** The reference rows and α of a batch's attributions, drawn outside the (compiled) step; none when the prior uses no attributions. */
  draws(x: tf.Tensor, seed: number): ExpectedGradientsDraws | undefined;
  /** Tensors every step reads besides its batch and draws (a background reference set). */
  constants: tf.Tensor[];
  /** Where the compiled forms of the steps live (one per `train` call). */
  cache: CompileCache;
}

/** What one optimisation step measured. */
export interface StepResult {
  /** The batch's task loss (unweighted). */
  taskLoss: number;
  /** Ω of the prior batch (null when not measured). */
  prior: number | null;
  /** The task batch's training-mode outputs, for the epoch's metrics; the caller disposes them. */
  outputs: tf.Tensor;
}

/**
 * One optimisation step of {@link train}: joint (one step on w·task + λ·Ω) or alternating (a step
 * on w·task with `optimizer`, then a step on λ·Ω with `priorOptimizer`, on `priorBatch`, which is
 * the task batch itself or the next batch). The outputs run in training mode (batch statistics,
 * dropout); the attributions in inference mode, as the original code's prior step. `mode`:
 * `'train'` applies the prior, `'measure'` only measures Ω (pre-training epochs, λ = 0, or a batch
 * too small for in-batch references: `'task'` skips Ω).
 */
export function trainStep(
  ctx: StepContext,
  batch: StepBatch,
  priorBatch: StepBatch,
  seed: number,
  mode: 'train' | 'measure' | 'task',
): StepResult {
  const { prior, lambda } = ctx;
  const joint = mode === 'train' && ctx.schedule === 'joint' && prior !== null;
  let taskValue = 0;
  let priorValue: number | null = null;
  let outputs: tf.Tensor;
  // Random draws are inputs of the compiled step, made here from the step's seed.
  const draws = joint ? ctx.draws(batch.x, seed) : undefined;
  try {
    const inputs = [batch.x, batch.y, ...(draws ? [draws.rows, draws.alpha] : []), ...ctx.constants];
    const { value, grads, kept } = compiledVariableGrads(
      ctx.cache,
      joint ? 'joint' : 'task',
      (keep) => {
        const out = keep(callModel(ctx.model, batch.x, true));
        const task = keep(ctx.taskLoss(batch.y, out));
        const weighted = ctx.taskWeight === 1 ? task : (task.mul(ctx.taskWeight) as tf.Scalar);
        if (!joint || prior === null) return weighted;
        const omega = keep(prior.penalty(ctx.attributions(batch.x, batch.y, seed, draws), ctx.model));
        return weighted.add(omega.mul(lambda)) as tf.Scalar;
      },
      ctx.vars,
      inputs,
    );
    try {
      taskValue = kept[1].dataSync()[0];
      if (joint) priorValue = kept[2].dataSync()[0];
      ctx.optimizer.applyGradients(grads);
    } catch (e) {
      tf.dispose(kept);
      throw e;
    } finally {
      tf.dispose([value, ...Object.values(grads)]);
    }
    outputs = kept[0];
    tf.dispose(kept.slice(1));
  } finally {
    if (draws) tf.dispose([draws.rows, draws.alpha]);
  }
  if (prior !== null && mode !== 'task' && priorValue === null) {
    if (mode === 'train') {
      // Alternating: the prior's own step, after the task step (its Ω is reported).
      const priorDraws = ctx.draws(priorBatch.x, seed);
      try {
        const inputs = [priorBatch.x, priorBatch.y, ...(priorDraws ? [priorDraws.rows, priorDraws.alpha] : []), ...ctx.constants];
        const { value, grads, kept } = compiledVariableGrads(
          ctx.cache,
          'prior',
          (keep) =>
            keep(prior.penalty(ctx.attributions(priorBatch.x, priorBatch.y, seed, priorDraws), ctx.model)).mul(
              lambda,
            ) as tf.Scalar,
          ctx.vars,
          inputs,
        );
        try {
          priorValue = kept[0].dataSync()[0];
          ctx.priorOptimizer.applyGradients(grads);
        } finally {
          tf.dispose([value, ...kept, ...Object.values(grads)]);
        }
      } catch (e) {
        outputs.dispose();
        throw e;
      } finally {
        if (priorDraws) tf.dispose([priorDraws.rows, priorDraws.alpha]);
      }
    } else {
      // Measured only: no second-order tape needed.
      priorValue = tf.tidy(() => prior.penalty(ctx.attributions(priorBatch.x, priorBatch.y, seed), ctx.model).dataSync()[0]);
    }
  }
  return { taskLoss: taskValue, prior: priorValue, outputs };
}

const DROPOUT_CLASSES = new Set(['Dropout', 'SpatialDropout1D']);

/** The dropout layers of a model (nested models included), whose masks `train` seeds per step. */
function dropoutLayers(model: tf.LayersModel): Array<{ seed?: number }> {
  const found: Array<{ seed?: number }> = [];
  const walk = (layers: tf.layers.Layer[]) => {
    for (const layer of layers) {
      if (layer instanceof tf.LayersModel) walk(layer.layers);
      else if (DROPOUT_CLASSES.has(layer.getClassName())) found.push(layer as unknown as { seed?: number });
    }
  };
  walk(model.layers);
  return found;
}

const MAXIMISED: ReadonlySet<string> = new Set(['accuracy', 'rocAuc']);

/** The value `restoreBest` compares for an epoch. */
function restoreValue(log: EpochLog, metric: RestoreMetric): number {
  if (metric === 'loss') return log.valTaskLoss ?? NaN;
  if (metric === 'prior') return log.valPrior ?? NaN;
  return log.valMetrics?.[metric] ?? NaN;
}

/**
 * Trains a tf.LayersModel on task loss + λ·Ω(φ), with φ the expected gradients of each batch
 * computed differentiably inside the loss (double backpropagation), as in Erion et al., "Improving
 * performance of deep learning models with axiomatic attribution priors and expected gradients",
 * Nature Machine Intelligence 2021. Schedules: joint (one step on the sum) or alternating (a task
 * step, then a prior step with its own optimiser). Also what the paper's protocols need:
 * references drawn from a given set (k per example, full batch), a staircase learning-rate decay,
 * data augmentation, the (1 − λ) weighting, and restoring the best validation epoch. Batch
 * normalisation and dropout run in training mode for the task step (dropout masks seeded per
 * step) and in inference mode for attributions and validation. Every argument is checked before
 * the first step; the weights are updated in place. Cancellable between steps (`signal`, or the
 * kernel's interrupt).
 *
 * @returns the history, one {@link EpochLog} per epoch (pre-training epochs first).
 */
export async function train(model: tf.LayersModel, data: TrainData, options: TrainOptions = {}): Promise<TrainHistory> {
  await ready();
  if (!(model instanceof tf.LayersModel) || model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error(
      errors.priorsModel(
        FN,
        model instanceof tf.LayersModel ? `${model.inputs.length} inputs and ${model.outputs.length} outputs` : typeof model,
      ),
    );
  }
  checkOptionKeys(FN, options, OPTION_KEYS.train);
  options = resolveAliases(FN, options, { explainOutput: 'output' });
  const o = { ...DEFAULTS, ...options };
  const lambda = checkNonNegative(o.lambda, 'lambda');
  const epochs = checkPositiveInt(o.epochs, 'epochs', true);
  const pretrainEpochs = checkPositiveInt(o.pretrainEpochs, 'pretrainEpochs', true);
  const batchSizeOption = o.batchSize === 'full' ? 'full' : checkPositiveInt(o.batchSize, 'batchSize');
  const k = checkPositiveInt(o.k, 'k');
  checkNonNegative(o.learningRate, 'learningRate');
  if (o.epsilon !== null) checkNonNegative(o.epsilon, 'epsilon');
  if (!isSchedule(o.schedule)) throw new Error(errors.priorsOneOf(FN, 'schedule', Object.keys(SCHEDULES), o.schedule));
  if (!isAlphaScheme(o.alpha)) throw new Error(errors.priorsOneOf(FN, 'alpha', Object.keys(ALPHA_SCHEMES), o.alpha));
  if (!(o.references instanceof tf.Tensor) && !isReferenceSource(o.references)) {
    throw new Error(
      errors.priorsOneOf(FN, 'references', [...Object.keys(REFERENCE_SOURCES), 'a background tensor'], o.references),
    );
  }
  for (const arg of ['optimizer', 'priorOptimizer'] as const) {
    const v = o[arg];
    if (arg === 'priorOptimizer' && v === null) continue;
    if (!isOptimizer(v) && !Object.prototype.hasOwnProperty.call(OPTIMIZERS, v as string)) {
      throw new Error(errors.priorsOneOf(FN, arg, Object.keys(OPTIMIZERS), v));
    }
  }
  if (!isKeyOf(o.taskWeight, TASK_WEIGHTS))
    throw new Error(errors.priorsOneOf(FN, 'taskWeight', Object.keys(TASK_WEIGHTS), o.taskWeight));
  if (o.taskWeight === 'oneMinusLambda' && lambda > 1) throw new Error(errors.priorsLambdaAboveOne(FN, lambda));
  if (!isKeyOf(o.priorBatch, PRIOR_BATCHES))
    throw new Error(errors.priorsOneOf(FN, 'priorBatch', Object.keys(PRIOR_BATCHES), o.priorBatch));
  if (o.priorBatch === 'next' && o.schedule !== 'alternating') throw new Error(errors.priorsPriorBatchJoint(FN));
  const decay = o.learningRateDecay === null ? null : checkLearningRateDecay(o.learningRateDecay, FN);
  if (o.augment !== null && typeof o.augment !== 'function') throw new Error(errors.priorsFunction(FN, 'augment', o.augment));
  const restore = o.restoreBest;
  if (restore !== null) {
    if (typeof restore !== 'object')
      throw new Error(errors.priorsOneOf(FN, 'restoreBest', ['{ metric, mode }', 'null'], restore));
    const valid = [...Object.keys(METRICS), 'loss', 'prior'];
    if (!valid.includes(restore.metric as string))
      throw new Error(errors.priorsOneOf(FN, 'restoreBest.metric', valid, restore.metric));
    if (restore.mode !== undefined && restore.mode !== 'max' && restore.mode !== 'min') {
      throw new Error(errors.priorsOneOf(FN, 'restoreBest.mode', ['max', 'min'], restore.mode));
    }
    if (!o.validationData) throw new Error(errors.priorsNeedsValidation(FN, 'restoreBest'));
    if (restore.metric === 'prior' && o.prior === null)
      throw new Error(errors.priorsUnreportedMetric(FN, 'restoreBest.metric', 'prior', ['loss']));
  }
  const prior = o.prior;
  const taskWeight = o.taskWeight === 'oneMinusLambda' && prior !== null ? 1 - lambda : 1;

  const owned: tf.Tensor[] = [];
  const optimizers: tf.Optimizer[] = [];
  const dropouts = dropoutLayers(model);
  const dropoutSeeds = dropouts.map((l) => l.seed);
  const givenRates: Array<[tf.Optimizer, number]> = [];
  let best: { value: number; epoch: number; weights: tf.Tensor[] } | null = null;
  // The optimisation steps run compiled on the tensorflow backend (one session call each).
  const stepCache = new CompileCache('train step', true);
  let cp: Checkpoint | null = null;
  try {
    const xIn = toFloatTensor(data.x, 'x', FN);
    if (xIn.owned) owned.push(xIn.tensor);
    const x = xIn.tensor;
    const yIn = toLabels(data.y);
    if (yIn.owned) owned.push(yIn.tensor);
    const plan = planFor(model, yIn.tensor, o);
    checkInputs(x, plan, 'x');
    const n = x.shape[0];
    const y = prepareLabels(yIn.tensor, plan, n, 'y');
    if (y !== yIn.tensor) owned.push(y);
    const batchSize = batchSizeOption === 'full' ? n : batchSizeOption;

    let val: { x: tf.Tensor; y: tf.Tensor } | null = null;
    if (o.validationData) {
      const vx = toFloatTensor(o.validationData.x, 'validationData.x', FN);
      if (vx.owned) owned.push(vx.tensor);
      checkInputs(vx.tensor, plan, 'validationData.x');
      const vy = toLabels(o.validationData.y);
      if (vy.owned) owned.push(vy.tensor);
      const vyp = prepareLabels(vy.tensor, plan, vx.tensor.shape[0], 'validationData.y');
      if (vyp !== vy.tensor) owned.push(vyp);
      val = { x: vx.tensor, y: vyp };
    }
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

    const featureShape = x.shape.slice(1);
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

    const optimizer = isOptimizer(o.optimizer) ? o.optimizer : makeOptimizer(o.optimizer, o.learningRate, o.epsilon);
    if (!isOptimizer(o.optimizer)) optimizers.push(optimizer);
    let priorOptimizer = optimizer;
    if (isOptimizer(o.priorOptimizer)) {
      priorOptimizer = o.priorOptimizer;
    } else if (o.priorOptimizer !== null || (o.schedule === 'alternating' && !isOptimizer(o.optimizer))) {
      priorOptimizer = makeOptimizer(o.priorOptimizer ?? (o.optimizer as OptimizerName), o.learningRate, o.epsilon);
      optimizers.push(priorOptimizer);
    }
    // The rates the decay starts from; instances given by the caller get theirs back at the end.
    const schedules = [...new Set([optimizer, priorOptimizer])].map((opt) => {
      const base = optimizers.includes(opt) ? o.learningRate : learningRateOf(opt);
      if (!optimizers.includes(opt)) givenRates.push([opt, base]);
      return { opt, base };
    });

    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const rng = new Rng(o.seed);
    const batches = Math.ceil(n / batchSize);
    const totalEpochs = pretrainEpochs + epochs;
    cp = new Checkpoint(FN, totalEpochs * batches, o);
    const egLabelsFor = (yb: tf.Tensor): tf.Tensor | undefined => (o.output === 'label' && plan.outputs > 1 ? yb : undefined);
    const egOutputIndex = typeof o.output === 'number' ? o.output : undefined;
    const attributions = (xb: tf.Tensor, yb: tf.Tensor, seed: number, draws?: ExpectedGradientsDraws): tf.Tensor | null =>
      prior?.usesAttributions
        ? expectedGradientsForTraining(model, xb, {
            references: o.references,
            k,
            alpha: o.alpha,
            output: egLabelsFor(yb) ?? egOutputIndex,
            seed,
            draws,
          })
        : null;
    const ctx: StepContext = {
      model,
      vars,
      taskLoss: (yb, out) => taskLossOf(plan, yb, out),
      prior,
      lambda,
      taskWeight,
      schedule: o.schedule,
      optimizer,
      priorOptimizer,
      attributions,
      draws: (xb, seed) =>
        prior?.usesAttributions
          ? differentiableExpectedGradientsDraws(xb, { references: o.references, k, alpha: o.alpha, seed })
          : undefined,
      constants: o.references instanceof tf.Tensor ? [o.references] : [],
      cache: stepCache,
    };
    const augment = o.augment;
    /** Rows `idx` of the training data, augmented when asked. */
    const drawBatch = (idx: Int32Array, seed: number): StepBatch => {
      const rows = tf.tensor1d(idx, 'int32');
      let xb: tf.Tensor = tf.gather(x, rows);
      const yb = tf.gather(y, rows);
      rows.dispose();
      if (augment !== null) {
        let xa: unknown;
        try {
          xa = augment(xb, seed);
        } catch (e) {
          tf.dispose([xb, yb]);
          throw e;
        }
        const shape = xb.shape;
        if (!(xa instanceof tf.Tensor) || xa.rank !== shape.length || xa.shape.some((v: number, i: number) => v !== shape[i])) {
          tf.dispose([xb, yb]);
          if (xa instanceof tf.Tensor) xa.dispose();
          throw new Error(errors.priorsAugmentResult(FN, shape, xa));
        }
        if (xa !== xb) {
          xb.dispose();
          xb = xa;
        }
      }
      return { x: xb, y: yb };
    };

    const history: EpochLog[] = [];
    let step = 0;
    let samples = 0;
    let lastRate = learningRateOf(optimizer);
    for (let epoch = 0; epoch < totalEpochs; epoch++) {
      // Without a prior every epoch optimises the task loss alone, which is what 'pretrain' means.
      const phase: EpochLog['phase'] = epoch < pretrainEpochs || prior === null ? 'pretrain' : 'prior';
      const started = Date.now();
      const order = o.shuffle ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
      const acc = new MetricAccumulator(plan);
      let taskSum = 0;
      let priorSum = 0;
      let lossSum = 0;
      let priorSteps = 0;
      let steps = 0;
      const training = phase === 'prior' && lambda > 0;
      const paired = training && o.priorBatch === 'next';
      for (let b = 0; b < batches;) {
        const stepSeed = rng.nextUint32() | 0;
        const idx = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
        // With priorBatch 'next' the prior step takes the following batch (none after the last).
        const nextIdx = paired && b + 1 < batches ? order.subarray((b + 1) * batchSize, Math.min(n, (b + 2) * batchSize)) : null;
        const drawn = nextIdx === null ? 1 : 2;
        if (decay !== null) {
          for (const { opt, base } of schedules) setLearningRate(opt, staircaseLearningRate(base, decay, samples));
        }
        lastRate = learningRateOf(optimizer);
        dropouts.forEach((layer, i) => (layer.seed = (stepSeed + i * 7919) | 0));
        const batch = drawBatch(idx, stepSeed);
        let priorRows: StepBatch = batch;
        let result: StepResult;
        try {
          if (nextIdx !== null) priorRows = drawBatch(nextIdx, stepSeed ^ 0x5bd1e995);
          const rowsForPrior = priorRows.x.shape[0];
          // A batch too small for in-batch references trains on the task loss alone.
          const measurable =
            prior !== null && (!prior.usesAttributions || o.references instanceof tf.Tensor || rowsForPrior >= k + 1);
          const mode = !measurable || (paired && nextIdx === null) ? 'task' : training ? 'train' : 'measure';
          result = trainStep(ctx, batch, priorRows, stepSeed, mode);
          acc.add(result.outputs, batch.y);
          result.outputs.dispose();
          lossSum += taskWeight * result.taskLoss + (mode === 'train' ? lambda * (result.prior ?? 0) : 0);
        } finally {
          tf.dispose([batch.x, batch.y]);
          if (priorRows !== batch) tf.dispose([priorRows.x, priorRows.y]);
        }
        samples += idx.length + (nextIdx?.length ?? 0);
        b += drawn;
        taskSum += result.taskLoss;
        if (result.prior !== null) {
          priorSum += result.prior;
          priorSteps++;
        }
        steps++;
        step++;
        await o.callbacks?.onBatchEnd?.(step, { taskLoss: result.taskLoss, prior: result.prior });
        await cp.step(drawn);
      }
      const log: EpochLog = {
        epoch,
        phase,
        taskLoss: taskSum / steps,
        prior: prior === null ? null : priorSteps > 0 ? priorSum / priorSteps : NaN,
        loss: lossSum / steps,
        metrics: acc.result(),
        learningRate: lastRate,
        seconds: 0,
      };
      if (val) {
        const minRows = o.references instanceof tf.Tensor ? 1 : k + 1;
        const valBatch = batchSizeOption === 'full' ? Math.max(1, val.x.shape[0]) : batchSize;
        const vr = evaluate(model, plan, val.x, val.y, valBatch, prior, minRows, (xb, yb) => attributions(xb, yb, o.seed | 0));
        log.valTaskLoss = vr.taskLoss;
        log.valPrior = vr.prior;
        log.valMetrics = vr.metrics;
      }
      if (restore !== null) {
        const v = restoreValue(log, restore.metric);
        const better = best === null ? !Number.isNaN(v) : restoreMode === 'max' ? v > best.value : v < best.value;
        if (better) {
          if (best !== null) tf.dispose(best.weights);
          // Every weight, batch-norm moving statistics included, as a checkpoint would save.
          best = { value: v, epoch, weights: model.weights.map((w) => tf.clone(w.read())) };
        }
      }
      log.seconds = (Date.now() - started) / 1000;
      history.push(log);
      await o.callbacks?.onEpochEnd?.(log);
    }
    let bestEpoch: number | null = null;
    if (best !== null) {
      const weights = best.weights;
      model.weights.forEach((w, i) => w.write(weights[i]));
      bestEpoch = best.epoch;
    }
    return new TrainHistory(history, prior?.name ?? null, lambda, o.schedule, bestEpoch);
  } finally {
    cp?.end();
    if (best !== null) tf.dispose((best as { weights: tf.Tensor[] }).weights);
    dropouts.forEach((layer, i) => (layer.seed = dropoutSeeds[i]));
    for (const [opt, rate] of givenRates) setLearningRate(opt, rate);
    stepCache.dispose();
    for (const opt of optimizers) opt.dispose();
    tf.dispose(owned);
  }
}

/** Task loss, Ω and metrics on a data set, in batches, in inference mode. */
function evaluate(
  model: tf.LayersModel,
  plan: Plan,
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize: number,
  prior: AttributionPrior | null,
  minRows: number,
  attributions: (xb: tf.Tensor, yb: tf.Tensor) => tf.Tensor | null,
): { taskLoss: number; prior: number | null; metrics: Partial<Record<MetricName, number>> } {
  const n = x.shape[0];
  const acc = new MetricAccumulator(plan);
  let taskSum = 0;
  let priorSum = 0;
  let priorRows = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    tf.tidy(() => {
      const xb = x.slice(start, size);
      const yb = y.slice(start, size);
      const out = callModel(model, xb, false);
      acc.add(out, yb);
      taskSum += taskLossOf(plan, yb, out).dataSync()[0] * size;
      // A last batch too small for in-batch references is left out of Ω's mean.
      if (prior !== null && (size >= minRows || !prior.usesAttributions)) {
        priorSum += prior.penalty(attributions(xb, yb), model).dataSync()[0] * size;
        priorRows += size;
      }
    });
  }
  return {
    taskLoss: taskSum / n,
    prior: prior === null ? null : priorRows > 0 ? priorSum / priorRows : NaN,
    metrics: acc.result(),
  };
}
