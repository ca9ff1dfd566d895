/**
 * Remove and retrain, ROAR (Hooker, Erhan, Kindermans, Kim, "A Benchmark for Interpretability
 * Methods in Deep Neural Networks", NeurIPS 2019): for each share k of features, replace the
 * top-k features of every training and test row (by that row's attributions) with the training
 * mean, retrain from scratch and measure test accuracy. A ranking that finds the informative
 * features makes accuracy fall faster than the random-ranking control, which always runs.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { errors } from '../internal/errors';
import { toModelFunction } from '../internal/model';
import { Rng } from '../../core';
import { checkOneOf, checkPositiveInteger, prepareInputs } from '../internal/validate';
import { meanAndStandardError } from './metricResult';
import { attributionMatrix, removalOrder, type AttributionsLike } from './support';
import { fmt, table as alignTable } from '../internal/textTable';

/** The data ROAR retrains on: features and class labels (integers 0 … K−1). */
export interface RoarData {
  /** Training inputs [N, ...featureShape]. */
  xTrain: InputLike;
  /** Training labels, one per row. */
  yTrain: readonly number[];
  /** Test inputs [M, ...featureShape]. */
  xTest: InputLike;
  /** Test labels, one per row. */
  yTest: readonly number[];
}

/** One method's attributions of the training and the test rows. */
export interface RoarRanking {
  train: AttributionsLike;
  test: AttributionsLike;
}

/** Trains a fresh model on the degraded training rows; `seed` differs per repeat. */
export type FitFunction = (x: tf.Tensor, y: readonly number[], seed: number) => Promise<ModelLike> | ModelLike;

/** Scores a fitted model on the degraded test rows (higher is better). */
export type ScoreFunction = (model: ModelLike, x: tf.Tensor, y: readonly number[]) => number;

/** How rows are ranked for removal. */
export const ROAR_ORDERS = {
  absolute: 'largest |attribution| first (Hooker et al.)',
  signed: 'largest attribution first',
} as const;
/** A ROAR order name. */
export type RoarOrder = keyof typeof ROAR_ORDERS;

const DEFAULTS = {
  fractions: [0, 0.1, 0.3, 0.5, 0.7, 0.9] as readonly number[],
  repeats: 1,
  seed: 0,
  order: 'absolute' as RoarOrder,
};

/** Options of {@link removeAndRetrain}. */
export interface RemoveAndRetrainOptions extends ProgressOptions {
  /** Trains a new model from scratch (required). */
  fit: FitFunction;
  /** Test score of a fitted model. Default: accuracy (argmax of K outputs, or logit > 0 for one output). */
  score?: ScoreFunction;
  /** Shares k of features removed, each in [0, 1]. Default: [0, 0.1, 0.3, 0.5, 0.7, 0.9]. */
  fractions?: readonly number[];
  /** Retrainings per method and share (seeds seed, seed+1, …). Default: 1. */
  repeats?: number;
  /** Seed of the random control and the first retraining. Default: 0. */
  seed?: number;
  /** Ranking order, one of {@link ROAR_ORDERS}. Default: 'absolute'. */
  order?: RoarOrder;
}

/** One method's test score per share of removed features. */
export interface RoarCurve {
  method: string;
  /** Mean test score over repeats, one per fraction. */
  score: number[];
  /** Standard error over repeats (0 with one repeat), one per fraction. */
  standardError: number[];
}

/** The result of {@link removeAndRetrain}. */
export interface RoarResult {
  fractions: number[];
  /** One curve per method, then the random control (`random`). */
  curves: RoarCurve[];
  toText(): string;
}

/** Accuracy of a model's predictions: argmax over K outputs, or output > 0 for one output. */
export function accuracyScore(model: ModelLike, x: tf.Tensor, y: readonly number[]): number {
  const f = toModelFunction(model, 'removeAndRetrain');
  const out = tf.tidy(() => f(x));
  try {
    const v = out.dataSync();
    const n = y.length;
    const k = out.size / n;
    let right = 0;
    for (let i = 0; i < n; i++) {
      let pred = 0;
      if (k === 1) pred = v[i] > 0 ? 1 : 0;
      else for (let j = 1; j < k; j++) if (v[i * k + j] > v[i * k + pred]) pred = j;
      if (pred === y[i]) right++;
    }
    return right / n;
  } finally {
    out.dispose();
  }
}

function degrade(
  xs: Float32Array,
  n: number,
  d: number,
  group: number,
  order: Int32Array[],
  count: number,
  mean: Float64Array,
): Float32Array {
  const out = Float32Array.from(xs);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < count; k++) {
      const u = order[i][k];
      for (let c = 0; c < group; c++) out[i * d + u * group + c] = mean[u * group + c];
    }
  return out;
}

/**
 * ROAR test scores per share of removed features, for each ranking and the random control.
 * Hooker, Erhan, Kindermans, Kim, NeurIPS 2019.
 * @param rankings An object mapping each method's name to its training and test attributions.
 */
export async function removeAndRetrain(
  data: RoarData,
  rankings: Readonly<Record<string, RoarRanking>>,
  options: RemoveAndRetrainOptions,
): Promise<RoarResult> {
  const fn = 'removeAndRetrain';
  await ready();
  const o = { ...DEFAULTS, ...options };
  if (typeof o.fit !== 'function') throw new Error(errors.evalFunction('fit', fn, '(x, y, seed) => model', o.fit));
  const score = o.score ?? accuracyScore;
  const repeats = checkPositiveInteger(o.repeats, 'repeats', fn);
  const order = checkOneOf(o.order, ROAR_ORDERS, 'order', fn);
  if (!Array.isArray(o.fractions) || o.fractions.length === 0) throw new Error(errors.evalFraction('fractions', fn, o.fractions));
  for (const k of o.fractions)
    if (typeof k !== 'number' || !(k >= 0 && k <= 1)) throw new Error(errors.evalFraction('fractions', fn, k));
  const xTr = prepareInputs(data.xTrain, 'data.xTrain', fn);
  const xTe = prepareInputs(data.xTest, 'data.xTest', fn);
  let checkpoint: Checkpoint | null = null;
  try {
    const n = xTr.tensor.shape[0];
    const m = xTe.tensor.shape[0];
    const fs = xTr.tensor.shape.slice(1);
    const d = fs.reduce((a, b) => a * b, 1);
    const group = fs.length >= 3 ? fs[fs.length - 1] : 1;
    const units = d / group;
    if (data.yTrain?.length !== n) throw new Error(errors.evalLabels(fn, 'data.yTrain', n, data.yTrain?.length ?? 0));
    if (data.yTest?.length !== m) throw new Error(errors.evalLabels(fn, 'data.yTest', m, data.yTest?.length ?? 0));
    const rng = new Rng(o.seed, 'removeAndRetrain');
    const orders: { method: string; train: Int32Array[]; test: Int32Array[] }[] = [];
    for (const [name, r] of Object.entries(rankings)) {
      const check = (a: AttributionsLike, rows: number, split: string) => {
        try {
          return attributionMatrix(a, rows, fs, fn);
        } catch {
          const shape = Array.isArray(a)
            ? [a.length, ...(Array.isArray(a[0]) ? [a[0].length] : [])]
            : ((a as { shape?: number[] }).shape ?? []);
          throw new Error(errors.evalRanking(fn, name, split, [rows, ...fs], shape));
        }
      };
      orders.push({
        method: name,
        train: removalOrder(check(r?.train, n, 'train'), n, d, group, order, rng),
        test: removalOrder(check(r?.test, m, 'test'), m, d, group, order, rng),
      });
    }
    const empty = new Float64Array(0);
    orders.push({
      method: 'random',
      train: removalOrder(empty, n, d, group, 'random', rng),
      test: removalOrder(empty, m, d, group, 'random', rng),
    });
    const xsTr = xTr.tensor.dataSync() as Float32Array;
    const xsTe = xTe.tensor.dataSync() as Float32Array;
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += xsTr[i * d + j] / n;
    const fractions = [...o.fractions];
    checkpoint = new Checkpoint(fn, orders.length * fractions.length * repeats, o);
    const curves: RoarCurve[] = [];
    for (const ord of orders) {
      const curve: RoarCurve = { method: ord.method, score: [], standardError: [] };
      for (const k of fractions) {
        const count = Math.round(k * units);
        const tr = tf.tensor(degrade(xsTr, n, d, group, ord.train, count, mean), [n, ...fs]);
        const te = tf.tensor(degrade(xsTe, m, d, group, ord.test, count, mean), [m, ...fs]);
        const scores: number[] = [];
        try {
          for (let r = 0; r < repeats; r++) {
            const model = await o.fit(tr, data.yTrain, o.seed + r);
            try {
              scores.push(score(model, te, data.yTest));
            } finally {
              (model as { dispose?: () => void }).dispose?.();
            }
            await checkpoint.step();
          }
        } finally {
          tr.dispose();
          te.dispose();
        }
        const s = meanAndStandardError(scores);
        curve.score.push(s.mean);
        curve.standardError.push(s.standardError);
      }
      curves.push(curve);
    }
    return {
      fractions,
      curves,
      toText() {
        const head = ['method', ...fractions.map((k) => `k=${Math.round(k * 100)}%`)];
        const rows = curves.map((c) => [
          c.method,
          ...c.score.map((v, i) => (repeats > 1 ? `${fmt(v)}±${fmt(c.standardError[i])}` : fmt(v))),
        ]);
        return [
          `removeAndRetrain: test score after removing the top k of features and retraining (${repeats} repeat${repeats > 1 ? 's' : ''})`,
          ...alignTable([head, ...rows]),
        ].join('\n');
      },
    };
  } finally {
    checkpoint?.end();
    xTr.dispose();
    xTe.dispose();
  }
}
