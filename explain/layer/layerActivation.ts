/**
 * The activations of a layer (captum's LayerActivation).
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import type { LayerRef } from '../internal/layers';
import { runLayerMethod } from '../internal/runLayerMethod';
import { resultFromRun, type AttributionResult } from '../attribution/result';
import type { BatchSizeOption, OutputOption } from '../options';

/** Options of {@link layerActivation}. */
export interface LayerActivationOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
}

/**
 * The layer's activations A(x) for each input (no gradient; the completeness gap compares ΣA with f(x) − f(0) and means nothing here).
 * The result's feature shape is the layer's output shape; `model` must be a tf.LayersModel.
 */
export async function layerActivation(
  model: ModelLike,
  inputs: InputLike,
  options: LayerActivationOptions,
): Promise<AttributionResult> {
  const fn = 'layerActivation';
  const o = { ...options };
  const run = await runLayerMethod(fn, model, inputs, o, 'activation');
  return resultFromRun(fn, run, 1, { layer: run.layerName });
}
