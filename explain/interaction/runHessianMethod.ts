/**
 * The body shared by Integrated and Expected Hessians: checks, output selection, the choice
 * between the closed-form and the autodiff Hessians, the memory budget, the core call, warnings
 * and the result. The two methods differ in their sampler and in how baseline rows relate to
 * inputs, as Integrated and Expected Gradients do.
 */
import * as tf from '@tensorflow/tfjs';
import { checkPathMethodMemory } from '../internal/runPathMethod';
import { checkSeed, warnOncePer } from '../../core';
import { progressFrom, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { errors } from '../internal/errors';
import { evaluate } from '../internal/model';
import { resolveOutput } from '../internal/output';
import type { BaselineForm, PathSampler } from '../internal/samplers';
import { checkOneOf, checkPositiveNumber, warnOnce } from '../internal/validate';
import { prepareMethodCall } from '../internal/prepareMethodCall';
import { resolveAliases } from '../internal/aliases';
import { asDenseStack, denseStackMismatch } from '../internal/dense/denseStack';
import { piecewiseLinearPart, piecewiseLinearWarning, zeroHessianWarning } from './hessianWarning';
import { makeInteractionResult, type InteractionResult } from './interactionResult';
import { bytesPerDensePoint, bytesPerRow, checkBudget, pathHessians } from './pathHessians';
import { isKeyOf } from '../internal/keys';
import type { OutputOption } from '../options';

/** How second derivatives are computed. */
export const HESSIAN_ENGINES = {
  auto: "'dense' for a tf.Sequential of dense layers with known activations and full matrices, else 'autodiff'",
  autodiff: 'tfjs autodiff, differentiating the gradient over d replicated copies of each point (any model)',
  dense: 'closed form for a tf.Sequential of dense layers (one forward pass with d tangents)',
} as const;

/** A Hessian engine name. */
export type HessianEngineChoice = keyof typeof HESSIAN_ENGINES;

/** Whether `s` names a Hessian engine. */
export function isHessianEngineChoice(s: unknown): s is HessianEngineChoice {
  return isKeyOf(s, HESSIAN_ENGINES);
}

/** Options shared by {@link integratedHessians} and {@link expectedHessians}. */
export interface HessianMethodOptions extends ProgressOptions, OutputOption {
  /** Baseline rows; their meaning depends on the method. Default: one all-zero row. */
  baseline?: InputLike | number;
  /**
   * One row of the interaction matrix: a flat index into the feature shape (or the token index
   * with `embedding`), or one index per feature axis, e.g. [row, col, channel] for images.
   * The result equals that row of the full matrix at a fraction of the cost. Default: none (full matrices).
   */
  interactionIndex?: number | readonly number[];
  /**
   * Inputs are embedded sequences [N, T, E] (the model is a function of the embeddings) and the
   * interactions are between tokens, [N, T, T]: each token's E features summed on both axes.
   * Default: false.
   */
  embedding?: boolean;
  /** Path points per pass; bounds memory, never changes results. Default: as many as fit `memoryBudgetMB`. */
  batchSize?: number;
  /** Memory the call may use for tensors and results, in MB. Default: 512. */
  memoryBudgetMB?: number;
  /** How second derivatives are computed, one of {@link HESSIAN_ENGINES}. Default: 'auto'. */
  engine?: HessianEngineChoice;
  /** @deprecated The former name of `engine` (warns once). Default: none. */
  hessian?: HessianEngineChoice;
  /**
   * Expected Hessians: also the Monte-Carlo standard error of every interaction. Needs each
   * path point's whole matrix, which roughly doubles the time of full matrices (single rows
   * always have it; the diagnostics always carry their own standard errors). Default: false.
   */
  standardErrors?: boolean;
}

const COMMON_DEFAULTS = { memoryBudgetMB: 512, engine: 'auto' as HessianEngineChoice, embedding: false, standardErrors: false };

/** Flat index of `idx` into `shape`, or the out-of-range error. */
export function resolveInteractionIndex(idx: unknown, shape: readonly number[], fn: string): number {
  const size = shape.reduce((a, b) => a * b, 1);
  const isInt = (v: unknown, hi: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < hi;
  if (typeof idx === 'number') {
    if (!isInt(idx, size)) throw new Error(errors.interactionIndexRange(fn, shape, idx));
    return idx;
  }
  if (Array.isArray(idx)) {
    if (idx.length === 1 && isInt(idx[0], size)) return idx[0] as number;
    if (idx.length !== shape.length || !idx.every((v, a) => isInt(v, shape[a]))) {
      throw new Error(errors.interactionIndexRange(fn, shape, idx));
    }
    let flat = 0;
    for (let a = 0; a < shape.length; a++) flat = flat * shape[a] + (idx[a] as number);
    return flat;
  }
  throw new Error(errors.interactionIndexRange(fn, shape, idx));
}

/** Validates, runs the core with `makeSampler()` and builds the result. */
export async function runHessianMethod(
  fn: string,
  model: ModelLike,
  inputs: InputLike,
  options: HessianMethodOptions,
  baselineUse: 'fixed' | 'distribution',
  makeSampler: () => PathSampler,
  params: Record<string, string | number | boolean | undefined>,
): Promise<InteractionResult> {
  const seed = (options as { seed?: unknown }).seed;
  if (seed !== undefined) checkSeed(seed, fn);
  const engineArg = options.hessian !== undefined ? 'hessian' : 'engine';
  const o = { ...COMMON_DEFAULTS, ...resolveAliases(fn, options, { hessian: 'engine' }) };
  const budgetMB = checkPositiveNumber(o.memoryBudgetMB, 'memoryBudgetMB', fn);
  const engine = checkOneOf(o.engine, HESSIAN_ENGINES, engineArg, fn);
  const embedding = Boolean(o.embedding);
  const rowOf = (fs: readonly number[]): number | null =>
    o.interactionIndex === undefined ? null : resolveInteractionIndex(o.interactionIndex, embedding ? [fs[0]] : fs, fn);
  const prep = await prepareMethodCall(fn, model, inputs, o, {
    model: 'function',
    baseline: baselineUse,
    warnSingleReference: false,
    checkInputs: (t) => {
      if (embedding && t.rank !== 3) throw new Error(errors.embeddingRank(fn, t.shape));
      rowOf(t.shape.slice(1));
    },
  });
  try {
    const { model: f, n, featureShape, userBatchSize: userBatch } = prep;
    const x = prep.x;
    const baseline = prep.baseline as tf.Tensor;
    const form = prep.form as BaselineForm;
    const axisShape = embedding ? [featureShape[0]] : featureShape;
    const groupSize = embedding ? featureShape[1] : 1;
    const R = axisShape.reduce((p, q) => p * q, 1);
    const row = rowOf(featureShape);
    let dense = null;
    if (engine !== 'autodiff') {
      const stack = asDenseStack(model);
      const fits = stack !== null && x.rank === 2 && !embedding && stack.inputSize === featureShape[0];
      if (engine === 'dense' && !fits) {
        throw new Error(errors.denseModel(fn, denseStackMismatch(model) ?? `inputs of shape [${x.shape.join(', ')}]`));
      }
      if (fits && row === null) dense = stack;
    }

    const { values: fx, info } = evaluate(f, x, Math.max(1, userBatch ?? 1024), fn);
    const selection = resolveOutput(o.output, info, n, fn);
    const numSel = selection.kind === 'all' ? selection.numOutputs : 1;

    // The result itself (and its standard errors) must fit before anything runs.
    const rowsOut = row === null ? R : 1;
    const resultBytes = n * numSel * rowsOut * R * 8 * (baselineUse === 'distribution' ? 2 : 1);
    const detail =
      row === null
        ? `full interaction matrices of ${n}${numSel > 1 ? ` × ${numSel}` : ''} × ${R} × ${R} values`
        : `interaction rows of ${n} × ${R} values`;
    checkBudget(fn, detail, resultBytes, budgetMB);
    const perPoint = dense ? bytesPerDensePoint(dense) : rowsOut * bytesPerRow(f, x);
    checkBudget(
      fn,
      `one path point differentiated over ${rowsOut} replicated Hessian rows plus ${detail}`,
      perPoint + resultBytes,
      budgetMB,
    );
    const pointsPerPass = userBatch ?? Math.max(1, Math.floor((budgetMB * 1024 * 1024 - resultBytes) / perPoint));
    checkPathMethodMemory(
      fn,
      { numSamples: (o as { numSamples?: unknown }).numSamples, memoryBudgetMB: budgetMB },
      2,
      n,
      baseline.shape[0],
      R * groupSize,
      numSel,
      1,
    );
    const sampler = makeSampler();

    const warnings: string[] = [];
    if (o.standardErrors && baselineUse === 'fixed') {
      const msg = `'${fn}': option 'standardErrors' is ignored: quadrature points are not random, so there is no Monte-Carlo error.`;
      warnings.push(msg);
      warnOnce(msg);
    }
    const part = piecewiseLinearPart(model);
    if (part) {
      const msg = piecewiseLinearWarning(fn, part);
      warnings.push(msg);
      warnOncePer(model, msg);
    }

    const run = await pathHessians({
      fn,
      model: f,
      dense,
      inputs: x,
      baseline,
      baselineForm: form,
      sampler,
      selection,
      numOutputs: info.numOutputs,
      outputsAtInputs: fx,
      groupSize,
      row,
      pointsPerPass,
      entryStandardErrors: Boolean(o.standardErrors),
      progress: progressFrom(options, prep.startedAt),
      compileOwner: model,
    });

    if (!part && !run.hessianNonZero && (R > 1 || embedding)) {
      const msg = zeroHessianWarning(fn);
      warnings.push(msg);
      warnOncePer(model, msg);
    }

    const rows = n * numSel;
    const width = rowsOut * R;
    const split = (src: ArrayLike<number>, w: number): number[][] =>
      Array.from({ length: rows }, (_, r) => Array.from({ length: w }, (_, j) => src[r * w + j]));
    const interactions = split(run.values, width);
    let maxAsymmetry: number[] | null = null;
    if (row === null) {
      maxAsymmetry = interactions.map((v) => {
        let mx = 0;
        for (let i = 0; i < R; i++) for (let j = i + 1; j < R; j++) mx = Math.max(mx, Math.abs(v[i * R + j] - v[j * R + i]));
        return mx;
      });
    }
    return makeInteractionResult({
      method: fn,
      numInputs: n,
      featureShape: axisShape,
      outputs: selection.kind === 'all' ? selection.numOutputs : null,
      interactionIndex: row,
      interactions,
      standardError: run.standardError ? split(run.standardError, width) : null,
      diagnostics: {
        attributions: split(run.attributions, R),
        rowSumGap: split(run.rowSumGap, R),
        rowSumGapStandardError: run.rowSumGapStandardError ? split(run.rowSumGapStandardError, R) : null,
        totalGap: Array.from(run.totalGap),
        totalGapStandardError: run.totalGapStandardError ? Array.from(run.totalGapStandardError) : null,
        maxAsymmetry,
        outputAtInput: Array.from(run.outputAtInput),
        outputAtBaseline: Array.from(run.outputAtBaseline),
        evaluations: run.draws.perInput,
        hessian: dense ? 'dense' : 'autodiff',
      },
      warnings,
      params,
    });
  } finally {
    prep.dispose();
  }
}
