/**
 * The plain input gradient ∂f/∂x (signed saliency; Simonyan et al. 2014), as in DeepExplain (Ancona et al., ICLR 2018).
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { runGradientMethod } from '../internal/runGradientMethod';
import { resultFromRun, type AttributionResult } from './result';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

/** Options of {@link gradient}. */
export interface GradientOptions extends ProgressOptions, OutputOption, BatchSizeOption {}

/**
 * The plain input gradient ∂f/∂x (signed saliency; Simonyan et al. 2014), as in DeepExplain (Ancona et al., ICLR 2018). The completeness gap is measured against a zero input.
 * With no `output` on a multi-output model the result has shape [N, K, ...featureShape].
 */
export async function gradient(model: ModelLike, inputs: InputLike, options: GradientOptions = {}): Promise<AttributionResult> {
  const fn = 'gradient';
  checkOptionKeys(fn, options, OPTION_KEYS.gradient);
  const o = { ...options };
  const run = await runGradientMethod(fn, model, inputs, o, 'identity', null);
  return resultFromRun(fn, run, 1);
}
