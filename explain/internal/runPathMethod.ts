/**
 * The body shared by the path methods (Integrated and Expected Gradients, the embedding
 * explainer): checks, output selection, the integrator call and the result. The methods differ
 * in the sampler they hand in and in how baseline rows relate to inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { checkSeed } from '../../core';
import { progressFrom, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { denseForward, denseStackFor } from './denseGradient';
import { evaluate, type OutputInfo } from './model';
import { resolveOutput } from './output';
import { integratePath, type PathIntegral } from './pathIntegral';
import type { BaselineForm, PathSampler } from './samplers';
import { checkMemory, chunkBytes } from './memory';
import { prepareMethodCall, type BaselineUse as PreludeBaselineUse } from './prepareMethodCall';

/** Options every path method understands. */
export interface PathMethodOptions extends ProgressOptions {
  baseline?: InputLike | number;
  output?: OutputSelection;
  batchSize?: number;
  /** See {@link PathIntegralArgs.sumGroups}. */
  sumGroups?: number;
  /** Memory the call may plan for (draws, per-point sums, one chunk), in MB. Default: 1024. */
  memoryBudgetMB?: number;
}

/**
 * How baseline rows map to inputs: `fixed` (IG: one shared row or one per input) or
 * `distribution` (EG: a set to draw from).
 */
export type BaselineUse = Extract<PreludeBaselineUse, 'fixed' | 'distribution'>;

/** A finished path integral with the facts a result needs. */
export interface PathRun extends PathIntegral {
  numInputs: number;
  featureShape: number[];
  /** K when every output is explained, else null. */
  outputs: number | null;
}

/** What {@link runPathMethod} is given: the call's arguments and how the method differs. */
export interface PathMethodCall {
  fn: string;
  model: ModelLike;
  inputs: InputLike;
  options: PathMethodOptions;
  baselineUse: BaselineUse;
  /** Called after validation, so argument errors come first. */
  makeSampler: () => PathSampler;
  /** Checks on the inputs named before the baseline's. */
  extraChecks?: (x: tf.Tensor) => void;
  /** `sumGroups` computed from the inputs (the embedding explainer); else `options.sumGroups`. */
  sumGroupsOf?: (x: tf.Tensor) => number;
}

/** Validates, runs the integrator with `makeSampler()` and returns the raw integral. */
export async function runPathMethod(call: PathMethodCall): Promise<PathRun> {
  const { fn, model, inputs, options, baselineUse, makeSampler, sumGroupsOf } = call;
  const seed = (options as { seed?: unknown }).seed;
  if (seed !== undefined) checkSeed(seed, fn);
  const prep = await prepareMethodCall(fn, model, inputs, options, {
    model: 'function',
    baseline: baselineUse,
    checkInputs: call.extraChecks,
  });
  try {
    const { model: f, x, n, featureShape, d, batchSize } = prep;
    const baseline = prep.baseline as tf.Tensor;
    const form = prep.form as BaselineForm;
    const m = prep.m;
    const dense = denseStackFor(model, featureShape);
    const run = dense ? (z: tf.Tensor) => denseForward(dense, z) : f;
    let fx: Float32Array;
    let info: OutputInfo;
    let fb: Float32Array | undefined;
    if (dense) {
      // Inputs and baseline rows in one pass: on small models each pass costs more than its rows.
      const both = tf.concat([x, baseline]);
      try {
        const all = evaluate(run, both, Math.max(batchSize, n + m), fn);
        info = all.info;
        const k = info.numOutputs;
        fx = all.values.subarray(0, n * k);
        fb = all.values.subarray(n * k);
      } finally {
        both.dispose();
      }
    } else {
      ({ values: fx, info } = evaluate(run, x, batchSize, fn));
    }
    const selection = resolveOutput(options.output, info, n, fn);
    checkPathMethodMemory(fn, options, 1, n, m, d, selection.kind === 'all' ? selection.numOutputs : 1, batchSize);
    // Made after the estimate: quadrature rules build their nodes eagerly.
    const sampler = makeSampler();
    const integral = await integratePath({
      fn,
      model: run,
      inputs: x,
      baseline,
      baselineForm: form,
      sampler,
      selection,
      outputInfo: info,
      outputsAtInputs: fx,
      outputsAtBaseline: fb,
      batchSize,
      progress: progressFrom(options, prep.startedAt),
      sumGroups: sumGroupsOf ? sumGroupsOf(x) : options.sumGroups,
      dense,
      compileOwner: model,
    });
    return {
      ...integral,
      numInputs: n,
      featureShape,
      outputs: selection.kind === 'all' ? selection.numOutputs : null,
    };
  } finally {
    prep.dispose();
  }
}

/**
 * The memory estimate of a path method before its draws are made: per point a reference index,
 * α (and β), a weight and, for random draws, one sum per explained output; plus one chunk's
 * tensors and the inputs, references and results.
 */
export function checkPathMethodMemory(
  fn: string,
  options: { numSamples?: unknown; memoryBudgetMB?: unknown },
  dims: 1 | 2,
  n: number,
  m: number,
  d: number,
  numSel: number,
  batchSize: number,
): void {
  const per = options.numSamples;
  if (typeof per !== 'number' || !(per >= 1)) return;
  const perPoint = 12 + (dims === 2 ? 4 : 0) + (per > 1 ? 4 * numSel : 0);
  checkMemory({
    fn,
    arg: 'numSamples',
    value: per,
    fixedBytes: chunkBytes(Math.min(batchSize, n * per), d + 1) + 4 * d * (n + m + 2 * n * numSel),
    bytesPerUnit: perPoint * n,
    budgetMB: options.memoryBudgetMB,
  });
}
