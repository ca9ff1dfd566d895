/**
 * Types shared by every method of explain/: what a model is, how an output is selected, what an
 * input may be.
 */
import type * as tf from '@tensorflow/tfjs';

/** Any differentiable function from a batch of inputs to a batch of outputs. */
export type ModelFunction = (x: tf.Tensor) => tf.Tensor;

/** A model to explain: a tf.LayersModel, a tf.GraphModel or a function of a tensor. */
export type ModelLike = tf.LayersModel | tf.GraphModel | ModelFunction;

/** Weights over a model's outputs; the explained scalar is Σₖ wₖ fₖ(x). */
export interface OutputWeights {
  weights: readonly number[];
}

/**
 * Which output to explain: one index for all rows, one index per row (an array, or a 1-D integer
 * tensor as captum's `target`; a scalar tensor is one index), or weights over outputs.
 * Omitted on a multi-output model: every output is explained (an extra output axis after N).
 */
export type OutputSelection = number | readonly number[] | OutputWeights | tf.Tensor;

/** Nested arrays of numbers, e.g. number[][] for [N, d]. */
export type NestedArray = number | NestedArrayOf;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an interface lets the type refer to itself
export interface NestedArrayOf extends ReadonlyArray<NestedArray> {}

/** An input batch: a float tensor of shape [N, ...featureShape] or nested arrays of that shape. */
export type InputLike = tf.Tensor | readonly NestedArray[];
