/**
 * Gradient × Input x ⊙ ∂f/∂x (Shrikumar et al., "Not Just a Black Box", 2016), as in DeepExplain (Ancona et al., ICLR 2018). Equals ε-LRP on ReLU networks without biases.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { runGradientMethod } from '../internal/runGradientMethod';
import { resultFromRun, type AttributionResult } from './result';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';

const DEFAULTS = {};

/** Options of {@link gradientXInput}. */
export interface GradientXInputOptions extends ProgressOptions {
  /** Which output to explain (index, one index per row, or weights). Default: the only output, or every output. */
  output?: OutputSelection;
  /** Inputs per model pass; bounds memory, never changes results. Default: about 8M floats per pass. */
  batchSize?: number;
}

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
  const o = { ...DEFAULTS, ...options };
  const run = await runGradientMethod(fn, model, inputs, o, 'timesInput', null);
  return resultFromRun(fn, run, 1);
}
