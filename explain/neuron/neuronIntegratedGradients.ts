/**
 * Neuron Integrated Gradients (captum's NeuronIntegratedGradients): Integrated Gradients (Sundararajan et al., ICML 2017) of one unit of a hidden layer.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import type { LayerRef } from '../internal/layers';
import { neuronFunction, type NeuronIndex } from '../internal/neuron';
import { integratedGradients } from '../attribution/integratedGradients';
import type { AttributionResult } from '../attribution/result';
import type { BatchSizeOption } from '../options';

/** Options of {@link neuronIntegratedGradients}. */
export interface NeuronIntegratedGradientsOptions extends ProgressOptions, BatchSizeOption {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
  /** The unit: a flat index into the layer's output (without the batch axis) or one index per axis. Required. */
  neuron: NeuronIndex;
  /** The baseline x′: one row (or a number filling it) or one row per input. Default: 0. */
  baseline?: InputLike | number;
  /** Points on the path. Default: 50. */
  numSamples?: number;
  /** Quadrature rule (see integratedGradients). Default: 'grid'. */
  rule?: import('../attribution/integratedGradients').IntegrationRule;
}

/**
 * Integrated Gradients of the neuron's activation; Σφ = A_k(x) − A_k(x′) up to quadrature error.
 * `model` must be a tf.LayersModel; the diagnostics' f(x) is the neuron's activation.
 */
export async function neuronIntegratedGradients(
  model: ModelLike,
  inputs: InputLike,
  options: NeuronIntegratedGradientsOptions,
): Promise<AttributionResult> {
  const fn = 'neuronIntegratedGradients';
  const { layer, neuron, ...rest } = { ...options };
  const { f } = neuronFunction(model, layer, neuron, inputs, fn);
  const r = await integratedGradients(f, inputs, rest);
  return { ...r, method: fn };
}
