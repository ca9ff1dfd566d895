/**
 * The staircase learning-rate decay of the attribution-priors MNIST experiment (Erion et al.,
 * Nature Machine Intelligence 2021; the original code uses TensorFlow's exponential_decay of
 * global_step × batch size with 0.95 every 60,000 samples, staircase).
 */
import { errors } from '../internal/errors';
import { checkNonNegative, checkWholeNumber } from '../internal/validate';

/** lr·rate^⌊samples / everySamples⌋. */
export interface LearningRateDecay {
  /** Factor per stair, in (0, 1]. */
  rate: number;
  /** Training rows drawn per stair (a positive integer). */
  everySamples: number;
}

/** Throws the message naming what is wrong with a decay given to `fn`. */
export function checkLearningRateDecay(d: unknown, fn: string): LearningRateDecay {
  if (d === null || typeof d !== 'object')
    throw new Error(errors.oneOf('learningRateDecay', fn, ['{ rate, everySamples }', 'null'], d));
  const { rate, everySamples } = d as { rate?: unknown; everySamples?: unknown };
  if (typeof rate !== 'number' || !(rate > 0 && rate <= 1)) throw new Error(errors.priorsDecayRate(fn, rate));
  if (typeof everySamples !== 'number' || !Number.isInteger(everySamples) || everySamples < 1) {
    throw new Error(errors.positiveInteger('learningRateDecay.everySamples', fn, everySamples));
  }
  return { rate, everySamples };
}

/**
 * The learning rate after `samples` training rows were drawn, under a staircase decay
 * (TensorFlow's `exponential_decay(lr, samples, everySamples, rate, staircase=True)`); `decay`
 * null gives `learningRate` unchanged.
 */
export function staircaseLearningRate(learningRate: number, decay: LearningRateDecay | null, samples: number): number {
  const fn = 'staircaseLearningRate';
  checkNonNegative(learningRate, 'learningRate', fn);
  checkWholeNumber(samples, 'samples', fn);
  if (decay === null) return learningRate;
  const d = checkLearningRateDecay(decay, fn);
  return learningRate * Math.pow(d.rate, Math.floor(samples / d.everySamples));
}
