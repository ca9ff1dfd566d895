/**
 * Expected gradients as a differentiable tensor, for use inside a training loss.
 *
 * Erion, Janizek, Sturmfels, Lundberg, Lee, "Improving performance of deep learning models with
 * axiomatic attribution priors and expected gradients", Nature Machine Intelligence 2021:
 * φᵢ = E_{x'∼D, α∼U(0,1)} [(xᵢ − x'ᵢ) · ∂ᵢf(x' + α(x − x'))], estimated during training with k
 * references per example taken from the batch itself (a roll or a shuffle) or from a background
 * set. The input gradient is taken with `tf.grad` inside the caller's gradient scope, so that
 * `tf.variableGrads` / `optimizer.minimize` differentiate through it (double backpropagation).
 */
import * as tf from '@tensorflow/tfjs';
import { backendInfo } from '../engine';
import { errors } from '../internal/errors';
import type { ModelFunction } from '../types';
import { Rng } from '../internal/rng';
import { isKeyOf } from '../internal/keys';
import { checkFinite, checkOptionKeys, warnOnce } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';

/** Where the references x' come from when no background set is given. */
export const REFERENCE_SOURCES = {
  roll: 'the batch rolled by j + 1 rows for the j-th reference (no randomness)',
  shuffle: 'an independent random permutation of the batch for each reference',
} as const;

/** A reference source by name: `'roll'` or `'shuffle'`. */
export type ReferenceSource = keyof typeof REFERENCE_SOURCES;

/** Whether `s` names a reference source. */
export function isReferenceSource(s: unknown): s is ReferenceSource {
  return isKeyOf(s, REFERENCE_SOURCES);
}

/** How the interpolation constants α are chosen. */
export const ALPHA_SCHEMES = {
  random: 'α ∼ U(0, 1), drawn independently for every (example, reference) pair',
  grid: 'α = (j + ½) / k for the j-th of the k references, the midpoints of a k-point grid',
} as const;

/** An α scheme by name: `'random'` or `'grid'`. */
export type AlphaScheme = keyof typeof ALPHA_SCHEMES;

/** Whether `s` names an α scheme. */
export function isAlphaScheme(s: unknown): s is AlphaScheme {
  return isKeyOf(s, ALPHA_SCHEMES);
}

/** A model whose parameters the attributions are differentiated with respect to. */
export type TrainableModel = tf.LayersModel | ModelFunction;

/** Options of {@link differentiableExpectedGradients}. */
export interface DifferentiableExpectedGradientsOptions {
  /** `'roll'`, `'shuffle'`, or a background tensor [M, ...featureShape] whose rows are drawn
   * uniformly with replacement (the original training code shuffles). Default: `'shuffle'`. */
  references?: ReferenceSource | tf.Tensor;
  /** References (and α draws) per example; φ is their mean. Default: 1. */
  k?: number;
  /** `'random'` (α ∼ U(0,1)) or `'grid'` (α at the midpoints (j + ½)/k). Default: `'random'`. */
  alpha?: AlphaScheme;
  /** The output to explain: one index for every row, or a tensor per row — sparse class ids [N]
   * (or [N, 1]) or one-hot / soft labels [N, C] used as weights over the outputs. Ignored for a
   * single-output model. Default: none (a multi-output model then needs it). */
  output?: number | tf.Tensor;
  /** @deprecated The former name of a tensor `output` (warns once). Default: none. */
  labels?: tf.Tensor;
  /** @deprecated The former name of a number `output` (warns once). Default: none. */
  outputIndex?: number;
  /** Seed of the reference and α draws; a training loop passes a different one per step.
   * Default: 0. */
  seed?: number;
  /** The reference rows and α already drawn, as {@link differentiableExpectedGradientsDraws}
   * returns them for the same inputs and options (a compiled training step takes its random
   * draws as inputs). Default: drawn from `seed`. */
  draws?: ExpectedGradientsDraws;
}

/** The random part of {@link differentiableExpectedGradients}: which rows are references, and α. */
export interface ExpectedGradientsDraws {
  /** Row of the reference source for each (reference j, example i) at j·N + i, int32 [N·k]. */
  rows: tf.Tensor1D;
  /** α per (reference, example), [N·k, 1, …]. */
  alpha: tf.Tensor;
}

const DEFAULTS = {
  references: 'shuffle' as ReferenceSource | tf.Tensor,
  k: 1,
  alpha: 'random' as AlphaScheme,
  seed: 0,
};

const FN = 'differentiableExpectedGradients';

/** Calls a model on a batch; LayersModels run in inference mode so rows stay independent. */
export function callModel(model: TrainableModel, x: tf.Tensor, training = false): tf.Tensor {
  if (model instanceof tf.LayersModel) {
    return model.apply(x, { training }) as tf.Tensor;
  }
  return model(x);
}

/**
 * Reduces a model output [N] / [N, C] to one scalar per row: the labelled output, a fixed index,
 * or the single output of a regression (or binary) model.
 */
export function selectOutput(
  out: tf.Tensor,
  labels: tf.Tensor | undefined,
  outputIndex: number | undefined,
  fn: string = FN,
): tf.Tensor1D {
  const n = out.shape[0];
  const outputs = out.rank === 1 ? 1 : out.size / n;
  const flat = out.reshape([n, outputs]);
  if (outputs === 1) return flat.reshape([n]);
  if (labels !== undefined) {
    return flat.mul(labelWeights(labels, n, outputs, fn)).sum(1);
  }
  if (outputIndex !== undefined) {
    if (!Number.isInteger(outputIndex) || outputIndex < 0 || outputIndex >= outputs) {
      throw new Error(errors.priorsOutputIndex(fn, outputs, outputIndex));
    }
    return flat.slice([0, outputIndex], [n, 1]).reshape([n]);
  }
  throw new Error(errors.priorsOutputNeeded(fn, outputs));
}

/** Turns sparse or one-hot labels into per-row weights over `outputs` classes. */
function labelWeights(labels: tf.Tensor, n: number, outputs: number, fn: string): tf.Tensor2D {
  checkLabels(labels, n, outputs, fn);
  if (isSparse(labels, outputs)) {
    const ids = labels.rank === 1 ? labels : labels.reshape([n]);
    // Cast after: tfjs-backend-wasm 4.22's OneHot writes int32 bits whatever dtype it is asked for.
    return tf.oneHot(ids.dtype === 'int32' ? ids : ids.toInt(), outputs).toFloat() as tf.Tensor2D;
  }
  return labels.dtype === 'float32' ? (labels as tf.Tensor2D) : (labels.toFloat() as tf.Tensor2D);
}

function isSparse(labels: tf.Tensor, outputs: number): boolean {
  const s = labels.shape;
  return s.length === 1 || (s.length === 2 && s[1] === 1 && outputs !== 1);
}

function checkLabels(labels: tf.Tensor, n: number, outputs: number, fn: string, arg = 'labels'): void {
  const shape = labels.shape;
  if (shape[0] !== n) throw new Error(errors.priorsRows(fn, arg, n, shape[0] ?? 0));
  if (shape.length > 2 || (!isSparse(labels, outputs) && shape[1] !== outputs)) {
    throw new Error(errors.priorsShape(fn, arg, `[${n}] (class ids) or [${n}, ${outputs}] (one-hot)`, shape));
  }
}

const outputCounts = new WeakMap<object, number>();

/** Outputs per row of a model, from its signature or (once per function) one evaluated row. */
function outputCount(model: TrainableModel, inputs: tf.Tensor): number {
  if (model instanceof tf.LayersModel) {
    const shape = model.outputs[0].shape;
    return shape.slice(1).reduce<number>((p, v) => p * (v ?? 1), 1);
  }
  const known = outputCounts.get(model);
  if (known !== undefined) return known;
  const count = tf.tidy(() => {
    const out = model(inputs.slice(0, 1));
    return out.size;
  });
  outputCounts.set(model, count);
  return count;
}

/**
 * Checks the output selection before any gradient is taken: an error thrown inside `tf.grad`
 * would strand the tensors tfjs saved for the backward pass.
 */
function checkSelection(
  outputs: number,
  n: number,
  labels: tf.Tensor | undefined,
  outputIndex: number | undefined,
  fn: string,
  viaOutput = false,
): void {
  if (outputs === 1) return;
  if (labels !== undefined) return checkLabels(labels, n, outputs, fn, viaOutput ? 'output' : 'labels');
  if (outputIndex !== undefined) {
    if (!Number.isInteger(outputIndex) || outputIndex < 0 || outputIndex >= outputs) {
      throw new Error(
        viaOutput ? errors.outputIndexRange(fn, outputs, outputIndex) : errors.priorsOutputIndex(fn, outputs, outputIndex),
      );
    }
    return;
  }
  throw new Error(errors.priorsOutputNeeded(fn, outputs));
}

/** `output` split into the internal `labels` (a tensor) or `outputIndex` (a number); the old names warn once. */
function outputAliases(options: DifferentiableExpectedGradientsOptions): DifferentiableExpectedGradientsOptions {
  const { output, ...rest } = options;
  if (output === undefined) {
    if (options.labels !== undefined) warnOnce(errors.deprecatedOption(FN, 'labels', 'output'));
    if (options.outputIndex !== undefined) warnOnce(errors.deprecatedOption(FN, 'outputIndex', 'output'));
    return rest;
  }
  if (options.labels !== undefined) throw new Error(errors.aliasConflict(FN, 'labels', 'output'));
  if (options.outputIndex !== undefined) throw new Error(errors.aliasConflict(FN, 'outputIndex', 'output'));
  if (typeof output === 'number') return { ...rest, outputIndex: output };
  if (output instanceof tf.Tensor) return { ...rest, labels: output };
  throw new Error(errors.priorsOutputKind(FN, output));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Differentiable expected-gradients attributions of a batch, shaped like `inputs`
 * ([N, ...featureShape]: flat, image or sequence rows alike).
 *
 * Call it inside the function given to `tf.variableGrads` or `optimizer.minimize`: the result is
 * a function of the model's weights, so a penalty on it trains the model (attribution priors,
 * Erion et al., Nature Machine Intelligence 2021). The references and α are drawn from `seed`;
 * pass a new seed each step. `await ready()` must have run once (it registers the second-order
 * gradients that pooling layers need).
 *
 * @returns φ [N, ...featureShape]; the caller owns (or tidies) it.
 */
export function differentiableExpectedGradients(
  model: TrainableModel,
  inputs: tf.Tensor,
  options: DifferentiableExpectedGradientsOptions = {},
): tf.Tensor {
  if (backendInfo() === null) throw new Error(errors.priorsNotReady(FN));
  if (!(inputs instanceof tf.Tensor)) throw new Error(errors.priorsNotTensor(FN, 'inputs', inputs));
  if (inputs.isDisposed) throw new Error(errors.disposedTensor('inputs', FN, inputs.shape));
  // NaN inputs would train on NaN penalties without a word.
  checkFinite(inputs, 'inputs', FN);
  return expectedGradientsForTraining(model, inputs, options);
}

/**
 * {@link differentiableExpectedGradients} without reading the inputs back to check them: `train`
 * checks its data once, and a read inside a (compiled) training step would stall it.
 */
export function expectedGradientsForTraining(
  model: TrainableModel,
  inputs: tf.Tensor,
  options: DifferentiableExpectedGradientsOptions = {},
): tf.Tensor {
  if (backendInfo() === null) throw new Error(errors.priorsNotReady(FN));
  checkOptionKeys(FN, options, OPTION_KEYS.differentiableExpectedGradients);
  const o = { ...DEFAULTS, ...outputAliases(options) };
  if (!Number.isInteger(o.k) || o.k < 1) throw new Error(errors.priorsPositiveInt(FN, 'k', o.k));
  if (!isAlphaScheme(o.alpha)) throw new Error(errors.priorsOneOf(FN, 'alpha', Object.keys(ALPHA_SCHEMES), o.alpha));
  if (inputs.rank < 2) throw new Error(errors.priorsShape(FN, 'inputs', '[N, ...featureShape]', inputs.shape));
  const n = inputs.shape[0];
  const k = o.k;
  const featureShape = inputs.shape.slice(1);
  const { source, rowIndex, alphas } = drawIndices(inputs, o);
  const outputs = outputCount(model, inputs);
  checkSelection(outputs, n, o.labels, o.outputIndex, FN, options.output !== undefined);

  return tf.tidy(() => {
    const x = k === 1 ? inputs : tf.tile(inputs, [k, ...featureShape.map(() => 1)]);
    const ref = tf.gather(source, o.draws?.rows ?? tf.tensor1d(rowIndex, 'int32'));
    const delta = x.sub(ref);
    const alpha = o.draws?.alpha ?? tf.tensor(alphas, [n * k, ...featureShape.map(() => 1)]);
    const z = ref.add(delta.mul(alpha));
    let labels = o.labels;
    if (labels !== undefined && k > 1) labels = tf.tile(labels, [k, ...labels.shape.slice(1).map(() => 1)]);
    const outputIndex = o.outputIndex;
    // The label weights are constants of the inner gradient: built once, outside its tape, so
    // that the selected output costs one multiply and one sum (and their gradients two ops).
    const weights = labels !== undefined && outputs > 1 ? labelWeights(labels, n * k, outputs, FN) : undefined;
    const grad = tf.grad((zz: tf.Tensor) => {
      const out = callModel(model, zz);
      if (weights !== undefined && out.rank === 2) return tf.sum(tf.mul(out, weights));
      return selectOutput(out, labels, outputIndex).sum();
    })(z);
    const phi = delta.mul(grad);
    return k === 1 ? phi : phi.reshape([k, n, ...featureShape]).mean(0);
  });
}

/** The reference rows and α of one call as JavaScript arrays, drawn from `o.seed`. */
function drawIndices(
  inputs: tf.Tensor,
  o: typeof DEFAULTS & DifferentiableExpectedGradientsOptions,
): { source: tf.Tensor; rowIndex: Int32Array; alphas: Float32Array } {
  const n = inputs.shape[0];
  const k = o.k;
  const featureShape = inputs.shape.slice(1);
  const rng = new Rng(o.seed);

  const rowIndex = new Int32Array(n * k);
  let source: tf.Tensor = inputs;
  if (o.references instanceof tf.Tensor) {
    const bg = o.references;
    if (bg.rank < 1 || bg.shape[0] < 1) throw new Error(errors.priorsBackground(FN, bg.shape[0] ?? 0));
    if (!sameShape(bg.shape.slice(1), featureShape)) {
      throw new Error(errors.priorsFeatures(FN, 'references', featureShape, bg.shape.slice(1)));
    }
    source = bg;
    const m = bg.shape[0];
    rowIndex.set(rng.ints(n * k, m));
  } else if (o.references === 'roll') {
    if (n < k + 1) throw new Error(errors.priorsTooFewRows(FN, 'roll', k + 1, n));
    for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) rowIndex[j * n + i] = (i + j + 1) % n;
  } else if (o.references === 'shuffle') {
    if (n < 2) throw new Error(errors.priorsTooFewRows(FN, 'shuffle', 2, n));
    for (let j = 0; j < k; j++) rowIndex.set(rng.permutation(n), j * n);
  } else {
    throw new Error(
      errors.priorsOneOf(FN, 'references', [...Object.keys(REFERENCE_SOURCES), 'a background tensor'], o.references),
    );
  }

  const alphas = new Float32Array(n * k);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) alphas[j * n + i] = o.alpha === 'grid' ? (j + 0.5) / k : rng.uniform();
  }

  return { source, rowIndex, alphas };
}

/**
 * The random draws {@link differentiableExpectedGradients} makes for `inputs` and `options`
 * (its `seed` included), uploaded: passed back as `options.draws`, the attributions are the same.
 * The caller owns the tensors.
 */
export function differentiableExpectedGradientsDraws(
  inputs: tf.Tensor,
  options: DifferentiableExpectedGradientsOptions = {},
): ExpectedGradientsDraws {
  const o = { ...DEFAULTS, ...options, draws: undefined };
  const { rowIndex, alphas } = drawIndices(inputs, o);
  return {
    rows: tf.tensor1d(rowIndex, 'int32'),
    alpha: tf.tensor(alphas, [inputs.shape[0] * o.k, ...inputs.shape.slice(1).map(() => 1)]),
  };
}
