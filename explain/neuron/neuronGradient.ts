/**
 * Neuron gradient (captum's NeuronGradient): the input gradient of one unit of a hidden layer, ∂A_k/∂x (Simonyan et al. 2014 applied to a neuron).
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import type { LayerRef } from '../internal/layers';
import { neuronFunction, type NeuronIndex } from '../internal/neuron';
import { gradient } from '../attribution/gradient';
import type { AttributionResult } from '../attribution/result';
import type { BatchSizeOption } from '../options';

/** Options of {@link neuronGradient}. */
export interface NeuronGradientOptions extends ProgressOptions, BatchSizeOption {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
  /** The unit: a flat index into the layer's output (without the batch axis) or one index per axis. Required. */
  neuron: NeuronIndex;
}

/**
 * The input gradient of the neuron's activation.
 * `model` must be a tf.LayersModel; the diagnostics' f(x) is the neuron's activation.
 */
export async function neuronGradient(
  model: ModelLike,
  inputs: InputLike,
  options: NeuronGradientOptions,
): Promise<AttributionResult> {
  const fn = 'neuronGradient';
  const { layer, neuron, ...rest } = { ...options };
  const { f } = neuronFunction(model, layer, neuron, inputs, fn);
  const r = await gradient(f, inputs, rest);
  return { ...r, method: fn };
}
