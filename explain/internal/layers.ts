/**
 * A named layer of a tf.LayersModel as a cut through the model: the layer's output for an input
 * (the part up to the layer) and the model's output with the layer's output replaced (the part
 * after it). The replacement patches the layer's `call` for one synchronous forward pass and
 * restores it in a `finally`, so it works for Sequential and functional models alike (as
 * captum's forward hooks do); a layer called more than once in the graph is replaced at every call.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from './errors';

interface LayerLike {
  name: string;
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[];
}
interface LayersModelLike {
  layers: LayerLike[];
  apply(x: tf.Tensor, kwargs?: { training?: boolean }): unknown;
}

/** A layer found in a model. */
export interface ResolvedLayer {
  model: LayersModelLike;
  layer: LayerLike;
  name: string;
  index: number;
}

/** What names a layer: its name or its index in `model.layers`. */
export type LayerRef = string | number;

/** Finds `layer` (name or index) in `model`, which must be a tf.LayersModel. */
export function resolveLayer(model: unknown, layer: unknown, fn: string): ResolvedLayer {
  const m = model as LayersModelLike;
  if (typeof model !== 'object' || model === null || typeof m.apply !== 'function' || !Array.isArray(m.layers)) {
    throw new Error(errors.layersModelRequired(fn, model));
  }
  const names = m.layers.map((l) => l.name);
  if (typeof layer === 'string') {
    const index = names.indexOf(layer);
    if (index < 0) throw new Error(errors.unknownLayer(fn, layer, names));
    return { model: m, layer: m.layers[index], name: layer, index };
  }
  if (typeof layer !== 'number' || !Number.isInteger(layer) || layer < 0 || layer >= names.length) {
    throw new Error(errors.layerIndexRange(fn, names.length, layer));
  }
  return { model: m, layer: m.layers[layer], name: names[layer], index: layer };
}

function single(y: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(y) ? y[0] : y;
}

/** Runs the model on `x` with the layer's output passed through `replace`; returns the model's output. */
function withPatchedLayer(r: ResolvedLayer, x: tf.Tensor, replace: (y: tf.Tensor) => tf.Tensor): tf.Tensor {
  const layer = r.layer;
  const own = Object.prototype.hasOwnProperty.call(layer, 'call');
  const previous = layer.call;
  layer.call = function patched(inputs, kwargs) {
    return replace(single(previous.call(layer, inputs, kwargs)));
  };
  try {
    const out = r.model.apply(x, { training: false });
    return Array.isArray(out) ? (out[0] as tf.Tensor) : (out as tf.Tensor);
  } finally {
    if (own) layer.call = previous;
    else delete (layer as { call?: unknown }).call;
  }
}

/** The layer's output and the model's output for `x` (in the caller's tidy). */
export function layerAndOutput(r: ResolvedLayer, x: tf.Tensor): { activation: tf.Tensor; output: tf.Tensor } {
  let activation: tf.Tensor | null = null;
  // A kept clone: tfjs-layers runs the graph in its own tidy and disposes intermediate tensors
  // once consumed; a second clone puts the activation into the caller's scope.
  const output = withPatchedLayer(r, x, (y) => {
    activation = tf.keep(y.clone());
    return y;
  });
  const kept = activation as unknown as tf.Tensor;
  const mine = kept.clone();
  kept.dispose();
  return { activation: mine, output };
}

/**
 * The model's output for `x` with the layer's output replaced by `a` (same shape as the layer's
 * output for `x`): the part of the model after the layer, differentiable in `a`.
 */
export function outputFromLayer(r: ResolvedLayer, x: tf.Tensor, a: tf.Tensor): tf.Tensor {
  return withPatchedLayer(r, x, () => a.clone());
}

/** The layer's output shape (without the batch axis) for inputs of `featureShape`. */
export function layerShape(r: ResolvedLayer, featureShape: readonly number[]): number[] {
  return tf.tidy(() => layerAndOutput(r, tf.zeros([1, ...featureShape])).activation.shape.slice(1));
}
