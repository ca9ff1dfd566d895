/**
 * Metrics reported per epoch by {@link train}, on plain arrays: accuracy, ROC-AUC (the sparsity
 * experiment's measure, Erion et al., Nature Machine Intelligence 2021) and mean squared error.
 */
import { errors } from '../internal/errors';
import { isKeyOf } from '../internal/keys';

/** The metrics `train` can report, by name. */
export const METRICS = {
  accuracy: 'fraction of rows whose predicted class (argmax, or output > threshold for one output) is the label',
  rocAuc: 'area under the ROC curve of a single-output (binary) model, ties counted half',
  mse: 'mean squared error of the outputs against the targets',
} as const;

/** A metric name. */
export type MetricName = keyof typeof METRICS;

/** Whether `s` names a metric. */
export function isMetricName(s: unknown): s is MetricName {
  return isKeyOf(s, METRICS);
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative (ties count ½), via the Mann–Whitney rank sum. Labels are 0 or 1, one per score, and
 * both classes must occur; scores must be finite.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const fn = 'rocAuc';
  if (labels.length !== scores.length) throw new Error(errors.metricLength(fn, 'labels', scores.length, 'score', labels.length));
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(errors.metricNotFinite(fn, 'scores', scores[i], i));
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(errors.metricBinaryLabel(fn, labels[i], i));
  }
  const auc = rankAuc(scores, labels);
  if (Number.isNaN(auc)) throw new Error(errors.metricOneClass(fn, labels.length > 0 ? labels[0] : 0));
  return auc;
}

/** {@link rocAuc} without the checks (labels > 0.5 are positives): NaN when one class is absent. */
export function rankAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    // Tied scores share their average rank, which counts each positive/negative tie as ½.
    const avg = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t]] = avg;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] > 0.5) {
      positives++;
      rankSum += ranks[i];
    }
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Fraction of equal entries of two label arrays of the same length (NaN for empty arrays). */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (labels.length !== predicted.length) {
    throw new Error(errors.metricLength('accuracy', 'labels', predicted.length, 'prediction', labels.length));
  }
  let hits = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) hits++;
  return predicted.length === 0 ? NaN : hits / predicted.length;
}
