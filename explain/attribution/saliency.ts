/**
 * Saliency maps |∂f/∂x| (Simonyan, Vedaldi, Zisserman, "Deep Inside Convolutional Networks", ICLR workshop 2014), as in DeepExplain (Ancona et al., ICLR 2018).
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { runGradientMethod } from '../internal/runGradientMethod';
import { resultFromRun, type AttributionResult } from './result';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

/** Options of {@link saliency}. */
export interface SaliencyOptions extends ProgressOptions, OutputOption, BatchSizeOption {}

/**
 * Saliency maps |∂f/∂x| (Simonyan, Vedaldi, Zisserman, "Deep Inside Convolutional Networks", ICLR workshop 2014), as in DeepExplain (Ancona et al., ICLR 2018). The completeness gap is measured against a zero input.
 * With no `output` on a multi-output model the result has shape [N, K, ...featureShape].
 */
export async function saliency(model: ModelLike, inputs: InputLike, options: SaliencyOptions = {}): Promise<AttributionResult> {
  const fn = 'saliency';
  checkOptionKeys(fn, options, OPTION_KEYS.saliency);
  const o = { ...options };
  const run = await runGradientMethod(fn, model, inputs, o, 'abs', null);
  return resultFromRun(fn, run, 1);
}
