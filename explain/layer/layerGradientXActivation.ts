/**
 * Layer gradient × activation (captum's LayerGradientXActivation; the layer analogue of Shrikumar et al.'s gradient × input, 2016): A(x) ⊙ ∂f/∂A(x).
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import type { LayerRef } from '../internal/layers';
import { runLayerMethod } from '../internal/runLayerMethod';
import { resultFromRun, type AttributionResult } from '../attribution/result';
import type { BatchSizeOption, OutputOption } from '../options';

/** Options of {@link layerGradientXActivation}. */
export interface LayerGradientXActivationOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
}

/**
 * Layer gradient × activation A ⊙ ∂f/∂A; the completeness gap is measured against a zero input.
 * The result's feature shape is the layer's output shape; `model` must be a tf.LayersModel.
 */
export async function layerGradientXActivation(
  model: ModelLike,
  inputs: InputLike,
  options: LayerGradientXActivationOptions,
): Promise<AttributionResult> {
  const fn = 'layerGradientXActivation';
  const o = { ...options };
  const run = await runLayerMethod(fn, model, inputs, o, 'gradientXActivation');
  return resultFromRun(fn, run, 1, { layer: run.layerName });
}
