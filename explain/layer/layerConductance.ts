/**
 * Layer conductance (Dhamdhere, Sundararajan, Yan, "How Important Is a Neuron?", ICLR 2019; Shrikumar et al. 2018): the flow of Integrated Gradients through each unit of a layer, Σᵢ (xᵢ − x′ᵢ) ∫ ∂f/∂A · ∂A/∂xᵢ dα, computed as captum's LayerConductance: Σₖ ∂f/∂A(αₖ) ⊙ (A(αₖ₊₁) − A(αₖ)) over numSamples + 1 Gauss–Legendre points on the input path.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import type { LayerRef } from '../internal/layers';
import { runLayerMethod } from '../internal/runLayerMethod';
import { resultFromRun, type AttributionResult } from '../attribution/result';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { numSamples: 50 };

/** Options of {@link layerConductance}. */
export interface LayerConductanceOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
  /** The baseline x′: one row (or a number filling it) or one row per input. Default: 0. */
  baseline?: InputLike | number;
  /** Gauss–Legendre points on the path (captum's default rule). Default: 50. */
  numSamples?: number;
}

/**
 * Layer conductance; Σφ approaches f(x) − f(x′) as the path points grow (the endpoints of Gauss–Legendre are inside (0, 1), so it is not exact).
 * The result's feature shape is the layer's output shape; `model` must be a tf.LayersModel.
 */
export async function layerConductance(
  model: ModelLike,
  inputs: InputLike,
  options: LayerConductanceOptions,
): Promise<AttributionResult> {
  const fn = 'layerConductance';
  const o = { ...DEFAULTS, ...options };
  const run = await runLayerMethod(fn, model, inputs, o, 'conductance');
  return resultFromRun(fn, run, o.numSamples, { layer: run.layerName, numSamples: o.numSamples });
}
