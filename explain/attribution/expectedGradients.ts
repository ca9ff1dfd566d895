/**
 * Expected Gradients (Erion, Janizek, Sturmfels, Lundberg, Lee, "Improving performance of deep
 * learning models with axiomatic attribution priors and expected gradients", Nature Machine
 * Intelligence 2021): φᵢ = E_{x'∼D, α∼U(0,1)} [(xᵢ − x'ᵢ) · ∂ᵢf(x' + α(x − x'))], estimated by
 * Monte Carlo with `numSamples` draws of (reference row, α) per input.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { runPathMethod } from '../internal/runPathMethod';
import type { Seed } from '../internal/rng';
import { uniformSampler } from '../internal/samplers';
import { checkPositiveInteger } from '../internal/validate';
import { resultFromRun, type AttributionResult } from './result';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { numSamples: 200, seed: 0 as Seed };

/** Options of {@link expectedGradients}. */
export interface ExpectedGradientsOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /**
   * The background distribution D: reference rows [M, ...featureShape] to draw from (one row
   * without its batch axis, or a number filling one row, also work). Default: one all-zero row.
   */
  baseline?: InputLike | number;
  /** Draws of (reference, α) per input. Default: 200. */
  numSamples?: number;
  /** Seed of the draws; the same seed gives the same draws on every backend. Default: 0. */
  seed?: Seed;
  /** Memory the call may plan for (draws, per-point sums, one chunk), in MB; more is an error naming what fits. Default: 1024. */
  memoryBudgetMB?: number;
}

/**
 * Expected Gradients attributions with a Monte-Carlo standard error per feature
 * (`diagnostics.standardError`) and a completeness gap against the mean output at the drawn
 * references. Erion et al., Nature Machine Intelligence 2021.
 */
export async function expectedGradients(
  model: ModelLike,
  inputs: InputLike,
  options: ExpectedGradientsOptions = {},
): Promise<AttributionResult> {
  const fn = 'expectedGradients';
  checkOptionKeys(fn, options, OPTION_KEYS.expectedGradients);
  const o = { ...DEFAULTS, ...options };
  checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const run = await runPathMethod({
    fn,
    model,
    inputs,
    options: o,
    baselineUse: 'distribution',
    makeSampler: () => uniformSampler(o.numSamples, o.seed),
  });
  return resultFromRun(fn, run, o.numSamples, { numSamples: o.numSamples, seed: String(o.seed) });
}
