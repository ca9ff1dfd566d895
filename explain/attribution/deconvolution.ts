/**
 * Deconvolution (Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV
 * 2014): the input gradient with every ReLU's backward pass replaced by a ReLU of the incoming
 * gradient (ignoring the forward activation), as captum's Deconvolution.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { runGuided } from '../internal/guidedGradient';
import { resultFromRun, type AttributionResult } from './result';
import type { BatchSizeOption, OutputOption } from '../options';

/** Options of {@link deconvolution}. */
export interface DeconvolutionOptions extends ProgressOptions, OutputOption, BatchSizeOption {}

/**
 * Deconvolution maps; only ReLUs are modified, the override is restored afterwards, also on
 * errors. The completeness gap is measured against a zero input. Zeiler & Fergus, ECCV 2014.
 */
export async function deconvolution(
  model: ModelLike,
  inputs: InputLike,
  options: DeconvolutionOptions = {},
): Promise<AttributionResult> {
  const fn = 'deconvolution';
  const o = { ...options };
  return resultFromRun(fn, await runGuided(fn, model, inputs, o, 'deconvolution'), 1);
}
