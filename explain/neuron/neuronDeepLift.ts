/**
 * Neuron DeepLIFT (captum's NeuronDeepLift): DeepLIFT Rescale (Shrikumar, Greenside, Kundaje, ICML 2017) of one unit of a hidden layer, by the modified chain rule of deepLift.
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import type { LayerRef } from '../internal/layers';
import { neuronFunction, type NeuronIndex } from '../internal/neuron';
import { deepLift } from '../attribution/deepLift';
import type { AttributionResult } from '../attribution/result';
import type { BatchSizeOption } from '../options';

/** Options of {@link neuronDeepLift}. */
export interface NeuronDeepLiftOptions extends ProgressOptions, BatchSizeOption {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
  /** The unit: a flat index into the layer's output (without the batch axis) or one index per axis. Required. */
  neuron: NeuronIndex;
  /** The baseline x′: one row (or a number filling it) or one row per input. Default: 0. */
  baseline?: InputLike | number;
}

/**
 * DeepLIFT of the neuron's activation (Σφ = A_k(x) − A_k(x′) on ReLU networks).
 * `model` must be a tf.LayersModel; the diagnostics' f(x) is the neuron's activation.
 */
export async function neuronDeepLift(
  model: ModelLike,
  inputs: InputLike,
  options: NeuronDeepLiftOptions,
): Promise<AttributionResult> {
  const fn = 'neuronDeepLift';
  const { layer, neuron, ...rest } = { ...options };
  const { f } = neuronFunction(model, layer, neuron, inputs, fn);
  const r = await deepLift(f, inputs, rest);
  return { ...r, method: fn };
}
