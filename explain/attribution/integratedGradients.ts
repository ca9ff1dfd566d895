/**
 * Integrated Gradients (Sundararajan, Taly, Yan, "Axiomatic Attribution for Deep Networks",
 * ICML 2017): φᵢ = (xᵢ − x'ᵢ) · ∫₀¹ ∂ᵢf(x' + α(x − x')) dα, by a quadrature rule.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { runPathMethod } from '../internal/runPathMethod';
import { gaussLegendreSampler, gridSampler, trapezoidSampler } from '../internal/samplers';
import { checkOneOf, checkPositiveInteger } from '../internal/validate';
import { resultFromRun, type AttributionResult } from './result';
import { isKeyOf } from '../internal/keys';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

/** The quadrature rules for the path integral. */
export const INTEGRATION_RULES = {
  grid: 'numSamples evenly spaced α with both endpoints, equal weights (path_explain)',
  trapezoid: 'numSamples evenly spaced α with both endpoints, trapezoid weights',
  gaussLegendre: "Gauss–Legendre nodes and weights on [0, 1] (captum's default; far fewer points on smooth models)",
} as const;

/** A quadrature rule name. */
export type IntegrationRule = keyof typeof INTEGRATION_RULES;

/** Whether `s` names an integration rule. */
export function isIntegrationRule(s: unknown): s is IntegrationRule {
  return isKeyOf(s, INTEGRATION_RULES);
}

const DEFAULTS = { numSamples: 50, rule: 'grid' as IntegrationRule };

/** Options of {@link integratedGradients}. */
export interface IntegratedGradientsOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /**
   * The baseline x': one row shared by every input ([1, ...featureShape], the feature shape
   * alone, or a number filling it) or one row per input ([N, ...featureShape]). Default: 0.
   */
  baseline?: InputLike | number;
  /** Points on the path per input. Default: 50. */
  numSamples?: number;
  /** Quadrature rule, one of {@link INTEGRATION_RULES}. Default: 'grid'. */
  rule?: IntegrationRule;
  /** Memory the call may plan for (draws, per-point sums, one chunk), in MB; more is an error naming what fits. Default: 1024. */
  memoryBudgetMB?: number;
}

/**
 * Integrated Gradients attributions with the completeness gap per input (it shrinks as
 * `numSamples` grows; Gauss–Legendre converges fastest on smooth models).
 * Sundararajan et al., ICML 2017; path_explain (Janizek et al., JMLR 2021).
 */
export async function integratedGradients(
  model: ModelLike,
  inputs: InputLike,
  options: IntegratedGradientsOptions = {},
): Promise<AttributionResult> {
  const fn = 'integratedGradients';
  checkOptionKeys(fn, options, OPTION_KEYS.integratedGradients);
  const o = { ...DEFAULTS, ...options };
  checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const rule = checkOneOf(o.rule, INTEGRATION_RULES, 'rule', fn);
  const make = { grid: gridSampler, trapezoid: trapezoidSampler, gaussLegendre: gaussLegendreSampler }[rule];
  const run = await runPathMethod({
    fn,
    model,
    inputs,
    options: o,
    baselineUse: 'fixed',
    makeSampler: () => make(o.numSamples),
  });
  return resultFromRun(fn, run, o.numSamples, { numSamples: o.numSamples, rule });
}
