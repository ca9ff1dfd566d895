/**
 * What a training prior is: a differentiable penalty Ω on a model's expected-gradients
 * attributions (or, for the comparison penalties, on its weights). `train` adds λ·Ω to the task
 * loss (Erion et al., Nature Machine Intelligence 2021).
 */
import type * as tf from '@tensorflow/tfjs';
import type { TrainableModel } from './differentiableExpectedGradients';

/** A penalty for {@link train}; create one with `totalVariationPrior()`, `graphPrior(…)`, … */
export interface AttributionPrior {
  /** Short name used in history tables and messages, e.g. `totalVariation`. */
  readonly name: string;
  /** Whether Ω is a function of the attributions (false: of the weights only). */
  readonly usesAttributions: boolean;
  /** Throws a clear error when Ω cannot apply to rows of this shape; `fn` names the caller. */
  check(featureShape: readonly number[], fn: string): void;
  /**
   * Ω as a differentiable scalar. `attributions` is φ [N, ...featureShape] (null when
   * `usesAttributions` is false).
   */
  penalty(attributions: tf.Tensor | null, model: TrainableModel): tf.Scalar;
}
