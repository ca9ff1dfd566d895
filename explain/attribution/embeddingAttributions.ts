/**
 * Token attributions for models over embedded sequences (path_explain's embedding explainer;
 * Janizek, Sturmfels, Lee, JMLR 2021): explain a function of the embedded sequence [N, T, E]
 * with Integrated or Expected Gradients and sum each token's attributions over E.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { errors } from '../internal/errors';
import type { Seed } from '../internal/rng';
import { runPathMethod } from '../internal/runPathMethod';
import { gaussLegendreSampler, gridSampler, trapezoidSampler, uniformSampler } from '../internal/samplers';
import { checkOneOf, checkPositiveInteger } from '../internal/validate';
import { INTEGRATION_RULES, type IntegrationRule } from './integratedGradients';
import { resultFromRun, type AttributionResult } from './result';
import { isKeyOf } from '../internal/keys';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

/** The path methods the embedding explainer can use. */
export const EMBEDDING_METHODS = {
  integratedGradients: 'Integrated Gradients from a baseline embedding (one row or one per input)',
  expectedGradients: 'Expected Gradients over a background set of embedded sequences',
} as const;

/** An embedding explainer method name. */
export type EmbeddingMethod = keyof typeof EMBEDDING_METHODS;

/** Whether `s` names an embedding explainer method. */
export function isEmbeddingMethod(s: unknown): s is EmbeddingMethod {
  return isKeyOf(s, EMBEDDING_METHODS);
}

const DEFAULTS = {
  method: 'integratedGradients' as EmbeddingMethod,
  rule: 'grid' as IntegrationRule,
  seed: 0 as Seed,
};

/** Options of {@link embeddingAttributions}. */
export interface EmbeddingAttributionsOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The path method. Default: 'integratedGradients'. */
  method?: EmbeddingMethod;
  /**
   * Baseline embeddings [T, E] or [1 | N | M, T, E] (M: background set for Expected Gradients),
   * or a number filling one sequence. Default: 0 (the all-zero embedding).
   */
  baseline?: InputLike | number;
  /** Path points per input. Default: 50 (integratedGradients), 200 (expectedGradients). */
  numSamples?: number;
  /** Quadrature rule for integratedGradients. Default: 'grid'. */
  rule?: IntegrationRule;
  /** Seed of the draws (expectedGradients). Default: 0. */
  seed?: Seed;
}

/**
 * Token attributions [N, T] (or [N, K, T] for every output of a K-output model) of a model
 * taking embedded sequences [N, T, E]: the path attributions summed over the embedding axis.
 * Completeness carries over: Σ_t φ_t = f(x) − f(x'). Janizek et al., JMLR 2021.
 */
export async function embeddingAttributions(
  model: ModelLike,
  embedded: InputLike,
  options: EmbeddingAttributionsOptions = {},
): Promise<AttributionResult> {
  const fn = 'embeddingAttributions';
  checkOptionKeys(fn, options, OPTION_KEYS.embeddingAttributions);
  const o = { ...DEFAULTS, ...options };
  const method = checkOneOf(o.method, EMBEDDING_METHODS, 'method', fn);
  const numSamples = o.numSamples ?? (method === 'expectedGradients' ? 200 : 50);
  checkPositiveInteger(numSamples, 'numSamples', fn);
  const rule = checkOneOf(o.rule, INTEGRATION_RULES, 'rule', fn);
  let t = 0;
  let e = 1;
  const run = await runPathMethod({
    fn,
    model,
    inputs: embedded,
    options: { ...o, sumGroups: undefined },
    baselineUse: method === 'expectedGradients' ? 'distribution' : 'fixed',
    makeSampler: () => {
      if (method === 'expectedGradients') return uniformSampler(numSamples, o.seed);
      return { grid: gridSampler, trapezoid: trapezoidSampler, gaussLegendre: gaussLegendreSampler }[rule](numSamples);
    },
    extraChecks: (x) => {
      if (x.rank !== 3) throw new Error(errors.embeddingRank(fn, x.shape));
      t = x.shape[1] as number;
      e = x.shape[2] as number;
    },
    sumGroupsOf: (x) => x.shape[2] as number,
  });
  return resultFromRun(
    fn,
    run,
    numSamples,
    { method, numSamples, embeddingSize: e, ...(method === 'expectedGradients' ? { seed: String(o.seed) } : { rule }) },
    [t],
  );
}
