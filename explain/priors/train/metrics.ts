/**
 * The metrics {@link train} reports: accumulated over an epoch's batches, and measured on the
 * validation data after each epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { accuracy, rankAuc, type MetricName } from '../metrics';
import { callModel } from '../differentiableExpectedGradients';
import type { AttributionPrior } from '../prior';
import { taskLossOf, type Plan } from './labels';

/** Accumulates what the metrics need over an epoch or a validation pass. */
export class MetricAccumulator {
  private predicted: number[] = [];
  private truth: number[] = [];
  private scores: number[] = [];
  private sqErr = 0;
  private count = 0;

  constructor(private readonly plan: Plan) {}

  add(out: tf.Tensor, y: tf.Tensor): void {
    // Reading the outputs back costs a device sync per step; skip it when nothing is reported.
    if (this.plan.metrics.length === 0) return;
    const n = out.shape[0];
    const c = this.plan.outputs;
    const o = out.dataSync();
    const t = y.dataSync();
    for (let i = 0; i < n; i++) {
      if (this.plan.loss === 'sparseCategoricalCrossentropy' || this.plan.loss === 'categoricalCrossentropy') {
        this.predicted.push(argmax(o, i * c, c));
        this.truth.push(this.plan.loss === 'sparseCategoricalCrossentropy' ? t[i] : argmax(t, i * c, c));
      } else if (c === 1) {
        const threshold = this.plan.fromLogits ? 0 : 0.5;
        this.predicted.push(o[i] > threshold ? 1 : 0);
        this.truth.push(t[i] > 0.5 ? 1 : 0);
        this.scores.push(o[i]);
      }
      for (let j = 0; j < c; j++) {
        const d = o[i * c + j] - t[this.plan.loss === 'sparseCategoricalCrossentropy' ? i : i * c + j];
        this.sqErr += d * d;
      }
    }
    this.count += n * c;
  }

  result(): Partial<Record<MetricName, number>> {
    const r: Partial<Record<MetricName, number>> = {};
    for (const m of this.plan.metrics) {
      if (m === 'accuracy') r.accuracy = accuracy(this.predicted, this.truth);
      else if (m === 'rocAuc') r.rocAuc = rankAuc(this.scores, this.truth);
      else r.mse = this.sqErr / Math.max(1, this.count);
    }
    return r;
  }
}

function argmax(v: ArrayLike<number>, start: number, len: number): number {
  let best = 0;
  for (let j = 1; j < len; j++) if (v[start + j] > v[start + best]) best = j;
  return best;
}

/** Task loss, Ω and metrics on a data set (the validation data), in batches, in inference mode. */
export function evaluateDataset(
  model: tf.LayersModel,
  plan: Plan,
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize: number,
  prior: AttributionPrior | null,
  minRows: number,
  attributions: (xb: tf.Tensor, yb: tf.Tensor) => tf.Tensor | null,
): { taskLoss: number; prior: number | null; metrics: Partial<Record<MetricName, number>> } {
  const n = x.shape[0];
  const acc = new MetricAccumulator(plan);
  let taskSum = 0;
  let priorSum = 0;
  let priorRows = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    tf.tidy(() => {
      const xb = x.slice(start, size);
      const yb = y.slice(start, size);
      const out = callModel(model, xb, false);
      acc.add(out, yb);
      taskSum += taskLossOf(plan, yb, out).dataSync()[0] * size;
      // A last batch too small for in-batch references is left out of Ω's mean.
      if (prior !== null && (size >= minRows || !prior.usesAttributions)) {
        priorSum += prior.penalty(attributions(xb, yb), model).dataSync()[0] * size;
        priorRows += size;
      }
    });
  }
  return {
    taskLoss: taskSum / n,
    prior: prior === null ? null : priorRows > 0 ? priorSum / priorRows : NaN,
    metrics: acc.result(),
  };
}
