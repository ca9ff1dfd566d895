/**
 * Training with an attribution prior: task loss + λ·Ω(φ), φ the expected gradients of the batch
 * computed inside the loss (Erion, Janizek, Sturmfels, Lundberg, Lee, "Improving performance of
 * deep learning models with axiomatic attribution priors and expected gradients", Nature Machine
 * Intelligence 2021). This file is the loop; options, labels and losses, metrics, the step and
 * the history live beside it.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../core';
import { ready } from '../../engine';
import { CompileCache } from '../../engine/compile';
import { errors } from '../../internal/errors';
import { Checkpoint } from '../../progress';
import {
  expectedGradientsForTraining,
  differentiableExpectedGradientsDraws,
  type ExpectedGradientsDraws,
} from '../differentiableExpectedGradients';
import { staircaseLearningRate } from '../learningRateDecay';
import { TrainHistory } from './history';
import { prepareData, taskLossOf } from './labels';
import { evaluateDataset, MetricAccumulator } from './metrics';
import { learningRateOf, optimizersFor, setLearningRate } from './optimizers';
import {
  checkAgainstData,
  checkTrainOptions,
  FN,
  type EpochLog,
  type RestoreMetric,
  type TrainData,
  type TrainOptions,
} from './options';
import { resolveAliases } from '../../internal/aliases';
import { gatherBatch, trainStep, type StepBatch, type StepContext, type StepResult } from './step';

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
  if (data === null || typeof data !== 'object') throw new Error(errors.priorsData(FN, data));
  options = resolveAliases(FN, options, { explainOutput: 'output' });
  const checked = checkTrainOptions(options);
  const { o, lambda, epochs, pretrainEpochs, batchSize: batchSizeOption, k, decay, restore, prior, taskWeight } = checked;

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
    const { plan, x, y, val } = prepareData(model, data, o, owned);
    const n = x.shape[0];
    const batchSize = batchSizeOption === 'full' ? n : batchSizeOption;
    const restoreMode = checkAgainstData(checked, options, plan, x.shape.slice(1), n, batchSize);

    const { optimizer, priorOptimizer, created, schedules } = optimizersFor(o);
    optimizers.push(...created);
    givenRates.push(
      ...schedules.filter(({ opt }) => !created.includes(opt)).map(({ opt, base }): [tf.Optimizer, number] => [opt, base]),
    );

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
    const drawBatch = (idx: Int32Array, seed: number): StepBatch => gatherBatch(x, y, idx, seed, o.augment);

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
        const vr = evaluateDataset(model, plan, val.x, val.y, valBatch, prior, minRows, (xb, yb) =>
          attributions(xb, yb, o.seed | 0),
        );
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
