/**
 * ε-LRP (Bach et al., "On Pixel-Wise Explanations for Non-Linear Classifier Decisions by Layer-Wise Relevance Propagation", PLoS ONE 2015) as a modified chain rule (Ancona et al., ICLR 2018): the gradient of each elementwise nonlinearity is replaced by y/(z + ε·sign(z)) and the result multiplied by x.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { runGradientMethod } from '../internal/runGradientMethod';
import { checkPositiveNumber } from '../internal/validate';
import { resultFromRun, type AttributionResult } from './result';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { epsilon: 1e-4 };

/** Options of {@link epsilonLrp}. */
export interface EpsilonLrpOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The stabiliser ε added to pre-activations, > 0. Default: 1e-4. */
  epsilon?: number;
}

/**
 * ε-LRP (Bach et al., "On Pixel-Wise Explanations for Non-Linear Classifier Decisions by Layer-Wise Relevance Propagation", PLoS ONE 2015) as a modified chain rule (Ancona et al., ICLR 2018): the gradient of each elementwise nonlinearity is replaced by y/(z + ε·sign(z)) and the result multiplied by x. The completeness gap is measured against a zero input.
 * With no `output` on a multi-output model the result has shape [N, K, ...featureShape].
 */
export async function epsilonLrp(
  model: ModelLike,
  inputs: InputLike,
  options: EpsilonLrpOptions = {},
): Promise<AttributionResult> {
  const fn = 'epsilonLrp';
  checkOptionKeys(fn, options, OPTION_KEYS.epsilonLrp);
  const o = { ...DEFAULTS, ...options };
  const run = await runGradientMethod(
    fn,
    model,
    inputs,
    o,
    'timesInput',
    'epsilonLrp',
    checkPositiveNumber(o.epsilon, 'epsilon', fn),
  );
  return resultFromRun(fn, run, 1, { epsilon: o.epsilon });
}
