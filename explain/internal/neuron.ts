/**
 * One unit of a layer's output as a function of the input: what the neuron attributions of
 * explain/neuron/ explain in place of the model's output.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelFunction, ModelLike } from '../types';
import { errors } from './errors';
import { layerAndOutput, layerShape, resolveLayer, type LayerRef, type ResolvedLayer } from './layers';
import { toFloatTensor } from './validate';
import type { InputLike } from '../types';

/** A neuron: a flat index into the layer's output (without the batch axis) or one index per axis. */
export type NeuronIndex = number | readonly number[];

/** Resolves `neuron` against the layer's output shape; returns its flat index. */
export function flatNeuron(neuron: unknown, shape: readonly number[], fn: string): number {
  const size = shape.reduce((a, b) => a * b, 1);
  if (typeof neuron === 'number') {
    if (!Number.isInteger(neuron) || neuron < 0 || neuron >= size) throw new Error(errors.neuronIndex(fn, shape, neuron));
    return neuron;
  }
  if (!Array.isArray(neuron) || neuron.length !== shape.length) throw new Error(errors.neuronIndex(fn, shape, neuron));
  let flat = 0;
  neuron.forEach((v, a) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= shape[a])
      throw new Error(errors.neuronIndex(fn, shape, neuron));
    flat = flat * shape[a] + v;
  });
  return flat;
}

/** The feature shape of `inputs` (read without keeping a tensor). */
function featureShapeOf(inputs: InputLike, fn: string): number[] {
  const { tensor, owned } = toFloatTensor(inputs, 'inputs', fn);
  const fs = tensor.shape.slice(1);
  if (owned) tensor.dispose();
  return fs;
}

/** The layer, the neuron's flat index and the neuron as a differentiable function x ↦ A(x)[:, k]. */
export function neuronFunction(
  model: ModelLike,
  layer: LayerRef,
  neuron: unknown,
  inputs: InputLike,
  fn: string,
): { r: ResolvedLayer; index: number; f: ModelFunction } {
  const r = resolveLayer(model, layer, fn);
  const shape = layerShape(r, featureShapeOf(inputs, fn));
  const index = flatNeuron(neuron, shape, fn);
  const f = (x: tf.Tensor) => {
    const a = layerAndOutput(r, x).activation;
    return a.reshape([x.shape[0], -1]).slice([0, index], [-1, 1]).reshape([-1]);
  };
  return { r, index, f };
}
