/**
 * Expected Hessians (Janizek, Sturmfels, Lee, "Explaining Explanations: Axiomatic Feature
 * Interactions for Deep Networks", JMLR 22(104), 2021): the interactions whose rows sum to
 * Expected Gradients,
 *   Γᵢⱼ = E_{x'∼D, α,β∼U(0,1)} [αβ·Δᵢ·Δⱼ·∂²ᵢⱼf(x' + αβΔ)] + δᵢⱼ·E[Δᵢ·∂ᵢf(x' + αβΔ)],  Δ = x − x',
 * by Monte Carlo with `numSamples` independent draws of (reference row, α, β) per input.
 */
import type { InputLike, ModelLike } from '../types';
import type { Seed } from '../../core';
import { uniformSampler2d } from '../internal/samplers';
import { checkPositiveInteger } from '../internal/validate';
import type { InteractionResult } from './interactionResult';
import { runHessianMethod, type HessianMethodOptions } from './runHessianMethod';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';

const DEFAULTS = { numSamples: 200, seed: 0 as Seed };

/** Options of {@link expectedHessians}. */
export interface ExpectedHessiansOptions extends HessianMethodOptions {
  /**
   * The background distribution D: reference rows [M, ...featureShape] to draw from (one row
   * without its batch axis, or a number filling one row, also work). Default: one all-zero row.
   */
  baseline?: InputLike | number;
  /** Draws of (reference, α, β) per input. Default: 200. */
  numSamples?: number;
  /** Seed of the draws; the same seed gives the same draws on every backend. Default: 0. */
  seed?: Seed;
}

/**
 * Expected Hessians interactions, with Monte-Carlo standard errors and the checks of
 * {@link InteractionResult.diagnostics} against Expected Gradients from the same draws.
 * For a ReLU network the Hessian vanishes: a warning recommends softplus ({@link toSoftplus}).
 * Janizek et al., JMLR 2021.
 */
export async function expectedHessians(
  model: ModelLike,
  inputs: InputLike,
  options: ExpectedHessiansOptions = {},
): Promise<InteractionResult> {
  const fn = 'expectedHessians';
  checkOptionKeys(fn, options, OPTION_KEYS.expectedHessians);
  const o = { ...DEFAULTS, ...options };
  checkPositiveInteger(o.numSamples, 'numSamples', fn);
  return runHessianMethod(fn, model, inputs, o, 'distribution', () => uniformSampler2d(o.numSamples, o.seed), {
    numSamples: o.numSamples,
    seed: String(o.seed),
  });
}
