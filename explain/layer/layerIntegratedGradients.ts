/**
 * Layer Integrated Gradients (Sundararajan, Taly, Yan, ICML 2017, applied to a hidden layer as captum's LayerIntegratedGradients): φ = (A(x) − A(x′)) ⊙ ∫₀¹ ∂f/∂A(A(x′) + α(A(x) − A(x′))) dα, the path taken in the layer's activation space.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import type { LayerRef } from '../internal/layers';
import { runLayerMethod } from '../internal/runLayerMethod';
import { resultFromRun, type AttributionResult } from '../attribution/result';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { numSamples: 50 };

/** Options of {@link layerIntegratedGradients}. */
export interface LayerIntegratedGradientsOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
  /** The baseline x′: one row (or a number filling it) or one row per input. Default: 0. */
  baseline?: InputLike | number;
  /** Gauss–Legendre points on the path (captum's default rule). Default: 50. */
  numSamples?: number;
}

/**
 * Layer Integrated Gradients by Gauss–Legendre quadrature. When f depends on x only through the layer (a Sequential model), Σφ = f(x) − f(x′) up to quadrature error (the completeness gap).
 * The result's feature shape is the layer's output shape; `model` must be a tf.LayersModel.
 */
export async function layerIntegratedGradients(
  model: ModelLike,
  inputs: InputLike,
  options: LayerIntegratedGradientsOptions,
): Promise<AttributionResult> {
  const fn = 'layerIntegratedGradients';
  const o = { ...DEFAULTS, ...options };
  const run = await runLayerMethod(fn, model, inputs, o, 'integratedGradients');
  return resultFromRun(fn, run, o.numSamples, { layer: run.layerName, numSamples: o.numSamples });
}
