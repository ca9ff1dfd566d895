/**
 * DeepLIFT with the Rescale rule (Shrikumar, Greenside, Kundaje, "Learning Important Features Through Propagating Activation Differences", ICML 2017), as a modified chain rule (Ancona et al., ICLR 2018): the gradient of each elementwise nonlinearity is replaced by (y − y_ref)/(z − z_ref) and the result multiplied by x − x'. Reference activations come from running the baseline through the same model in the same batch, so the model must treat batch rows independently (no batch statistics).
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { runGradientMethod } from '../internal/runGradientMethod';
import { resultFromRun, type AttributionResult } from './result';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

/** Options of {@link deepLift}. */
export interface DeepLiftOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The reference input x': one row for every input (or a number filling it) or one row per input. Default: 0. */
  baseline?: InputLike | number;
}

/**
 * DeepLIFT with the Rescale rule (Shrikumar, Greenside, Kundaje, "Learning Important Features Through Propagating Activation Differences", ICML 2017), as a modified chain rule (Ancona et al., ICLR 2018): the gradient of each elementwise nonlinearity is replaced by (y − y_ref)/(z − z_ref) and the result multiplied by x − x'. Reference activations come from running the baseline through the same model in the same batch, so the model must treat batch rows independently (no batch statistics).
 * With no `output` on a multi-output model the result has shape [N, K, ...featureShape].
 */
export async function deepLift(model: ModelLike, inputs: InputLike, options: DeepLiftOptions = {}): Promise<AttributionResult> {
  const fn = 'deepLift';
  checkOptionKeys(fn, options, OPTION_KEYS.deepLift);
  const o = { ...options };
  const run = await runGradientMethod(fn, model, inputs, o, 'timesDelta', 'deepLift');
  return resultFromRun(fn, run, 1);
}
