/**
 * Internal influence (Leino, Sen, Datta, Fredrikson, Li, "Influence-Directed Explanations for Deep Convolutional Networks", ITC 2018), as captum's InternalInfluence: ∫₀¹ ∂f/∂A(x′ + α(x − x′)) dα, the layer gradient integrated along the input path.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import type { LayerRef } from '../internal/layers';
import { runLayerMethod } from '../internal/runLayerMethod';
import { resultFromRun, type AttributionResult } from '../attribution/result';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { numSamples: 50 };

/** Options of {@link internalInfluence}. */
export interface InternalInfluenceOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
  /** The baseline x′: one row (or a number filling it) or one row per input. Default: 0. */
  baseline?: InputLike | number;
  /** Gauss–Legendre points on the path (captum's default rule). Default: 50. */
  numSamples?: number;
}

/**
 * Internal influence of every unit of the layer by Gauss–Legendre quadrature (not multiplied by anything, so no completeness is expected).
 * The result's feature shape is the layer's output shape; `model` must be a tf.LayersModel.
 */
export async function internalInfluence(
  model: ModelLike,
  inputs: InputLike,
  options: InternalInfluenceOptions,
): Promise<AttributionResult> {
  const fn = 'internalInfluence';
  const o = { ...DEFAULTS, ...options };
  const run = await runLayerMethod(fn, model, inputs, o, 'internalInfluence');
  return resultFromRun(fn, run, o.numSamples, { layer: run.layerName, numSamples: o.numSamples });
}
