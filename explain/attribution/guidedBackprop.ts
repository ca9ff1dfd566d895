/**
 * Guided Backpropagation (Springenberg, Dosovitskiy, Brox, Riedmiller, "Striving for Simplicity:
 * The All Convolutional Net", ICLR workshop 2015): the input gradient with every ReLU's backward
 * pass letting through only positive gradients at positive inputs, as captum's GuidedBackprop.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { runGuided } from '../internal/guidedGradient';
import { resultFromRun, type AttributionResult } from './result';
import type { BatchSizeOption, OutputOption } from '../options';

/** Options of {@link guidedBackprop}. */
export interface GuidedBackpropOptions extends ProgressOptions, OutputOption, BatchSizeOption {}

/**
 * Guided Backpropagation maps. Only ReLUs (the tfjs `Relu` kernel) are modified, as in captum;
 * the gradient override is restored afterwards, also on errors. The completeness gap is
 * measured against a zero input. Springenberg et al., ICLR workshop 2015.
 */
export async function guidedBackprop(
  model: ModelLike,
  inputs: InputLike,
  options: GuidedBackpropOptions = {},
): Promise<AttributionResult> {
  const fn = 'guidedBackprop';
  const o = { ...options };
  return resultFromRun(fn, await runGuided(fn, model, inputs, o, 'guided'), 1);
}
