/**
 * One optimisation step of {@link train}: joint, alternating, or Ω only measured. On the
 * tensorflow backend each step's gradient runs compiled (one session call).
 */
import * as tf from '@tensorflow/tfjs';
import { compiledVariableGrads, type CompileCache } from '../../engine/compile';
import { callModel, type ExpectedGradientsDraws } from '../differentiableExpectedGradients';
import type { AttributionPrior } from '../prior';
import { errors } from '../../internal/errors';
import { FN, type Augmentation, type Schedule } from './options';

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

/** Rows `idx` of the training data, augmented when asked (the caller disposes the batch). */
export function gatherBatch(x: tf.Tensor, y: tf.Tensor, idx: Int32Array, seed: number, augment: Augmentation | null): StepBatch {
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
}
