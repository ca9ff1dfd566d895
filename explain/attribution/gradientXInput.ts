/**
 * Gradient × Input x ⊙ ∂f/∂x (Shrikumar et al., "Not Just a Black Box", 2016), as in DeepExplain (Ancona et al., ICLR 2018). Equals ε-LRP on ReLU networks without biases.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { runGradientMethod } from '../internal/runGradientMethod';
import { resultFromRun, type AttributionResult } from './result';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

/** Options of {@link gradientXInput}. */
export interface GradientXInputOptions extends ProgressOptions, OutputOption, BatchSizeOption {}

/**
 * Gradient × Input x ⊙ ∂f/∂x (Shrikumar et al., "Not Just a Black Box", 2016), as in DeepExplain (Ancona et al., ICLR 2018). Equals ε-LRP on ReLU networks without biases. The completeness gap is measured against a zero input.
 * With no `output` on a multi-output model the result has shape [N, K, ...featureShape].
 */
export async function gradientXInput(
  model: ModelLike,
  inputs: InputLike,
  options: GradientXInputOptions = {},
): Promise<AttributionResult> {
  const fn = 'gradientXInput';
  checkOptionKeys(fn, options, OPTION_KEYS.gradientXInput);
  const o = { ...options };
  const run = await runGradientMethod(fn, model, inputs, o, 'timesInput', null);
  return resultFromRun(fn, run, 1);
}
