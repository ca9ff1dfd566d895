/**
 * Deletion curves (Petsiuk, Das, Saenko, "RISE: Randomized Input Sampling for Explanation of
 * Black-box Models", BMVC 2018): remove the features in order of attribution, most important
 * first, in steps, replacing them by a baseline (or a blurred copy of an image), and follow the
 * explained output; the area under that curve is low for a faithful ranking.
 * {@link insertionCurve} is the mirror image and shares the machinery here.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { chunks, defaultBatchSize } from '../internal/batching';
import { errors } from '../internal/errors';
import { isKeyOf } from '../internal/keys';
import { toModelFunction, evaluate } from '../internal/model';
import { Rng, type Seed } from '../../core';
import { checkOneOf, checkPositiveInteger, checkPositiveNumber, prepareBaseline, prepareInputs } from '../internal/validate';
import { makeMetricResult, type MetricResult } from './metricResult';
import {
  attributionMatrix,
  isAttributionResult,
  removalOrder,
  resolveScalar,
  scalarOutputs,
  type AttributionsLike,
} from './support';

/** What replaces a removed feature (deletion) or fills the canvas before insertion. */
export const REPLACEMENTS = {
  baseline: 'the baseline value (a number or a row)',
  blur: "a Gaussian blur of the image (feature shape [H, W] or [H, W, C]; RISE's insertion canvas)",
} as const;
/** A replacement name. */
export type Replacement = keyof typeof REPLACEMENTS;
/** Whether `s` names a replacement. */
export function isReplacement(s: unknown): s is Replacement {
  return isKeyOf(s, REPLACEMENTS);
}

/** How features are ordered. */
export const FEATURE_ORDERS = {
  signed: 'largest attribution first (most positive evidence for the output)',
  absolute: 'largest |attribution| first',
  random: 'a seeded random order per row (the control ranking)',
} as const;
/** A feature order name. */
export type FeatureOrder = keyof typeof FEATURE_ORDERS;
/** Whether `s` names a feature order. */
export function isFeatureOrder(s: unknown): s is FeatureOrder {
  return isKeyOf(s, FEATURE_ORDERS);
}

const DEFAULTS = { replacement: 'baseline' as Replacement, blurSigma: 5, order: 'signed' as FeatureOrder, seed: 0 as Seed };

/** Options of {@link deletionCurve} and {@link insertionCurve}. */
export interface DeletionCurveOptions extends ProgressOptions {
  /**
   * Steps of the curve: after step t, round(t·u/steps) of the u features (pixels for images with
   * channels) are removed or inserted. At most u. Default: 20, or u when there are fewer features.
   */
  steps?: number;
  /** What a removed feature becomes, one of {@link REPLACEMENTS}. Default: 'baseline'. */
  replacement?: Replacement;
  /** The baseline for 'baseline' (one row, one row per input, or a number). Default: 0. */
  baseline?: InputLike | number;
  /** Standard deviation in pixels of the 'blur' replacement. Default: 5. */
  blurSigma?: number;
  /** Feature order, one of {@link FEATURE_ORDERS}. Default: 'signed'. */
  order?: FeatureOrder;
  /** Seed of the 'random' order. Default: 0. */
  seed?: Seed;
  /** Which output to follow (wrap the model in a softmax to follow probabilities, as RISE). Default: the only output. */
  output?: OutputSelection;
  /** Rows per model pass; bounds memory, never changes results. Default: about 8M floats per pass. */
  batchSize?: number;
}

/** A deletion or insertion curve per input, with its area. */
export interface CurveResult extends MetricResult {
  /** Share of features removed (inserted) at each step, 0 … 1. */
  fractions: number[];
  /** Per input, the explained output at each step. */
  curves: number[][];
  /** The mean curve over inputs. */
  meanCurve: number[];
}

/** Trapezoid area under y over x ∈ [0, 1]. */
export function trapezoidArea(x: readonly number[], y: ArrayLike<number>): number {
  let a = 0;
  for (let i = 1; i < x.length; i++) a += ((y[i] + y[i - 1]) / 2) * (x[i] - x[i - 1]);
  return a;
}

/** A separable Gaussian blur of each channel of [H, W, C] images (edges clamped). */
function blurImages(values: Float32Array, n: number, h: number, w: number, c: number, sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel: number[] = [];
  let total = 0;
  for (let k = -radius; k <= radius; k++) {
    const v = Math.exp(-(k * k) / (2 * sigma * sigma));
    kernel.push(v);
    total += v;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] /= total;
  const clamp = (v: number, hi: number) => (v < 0 ? 0 : v > hi ? hi : v);
  const tmp = new Float32Array(values.length);
  const out = new Float32Array(values.length);
  const at = (i: number, y: number, x: number, ch: number) => ((i * h + y) * w + x) * c + ch;
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++) {
          let s = 0;
          for (let k = -radius; k <= radius; k++) s += kernel[k + radius] * values[at(i, y, clamp(x + k, w - 1), ch)];
          tmp[at(i, y, x, ch)] = s;
        }
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++) {
          let s = 0;
          for (let k = -radius; k <= radius; k++) s += kernel[k + radius] * tmp[at(i, clamp(y + k, h - 1), x, ch)];
          out[at(i, y, x, ch)] = s;
        }
  return out;
}

/** The shared body of deletion ('deletion') and insertion ('insertion') curves. */
export async function runCurve(
  kind: 'deletion' | 'insertion',
  fn: string,
  model: ModelLike,
  inputs: InputLike,
  attributions: AttributionsLike,
  options: DeletionCurveOptions,
): Promise<CurveResult> {
  await ready();
  const o = { ...DEFAULTS, ...options };
  const f = toModelFunction(model, fn);
  const replacement = checkOneOf(o.replacement, REPLACEMENTS, 'replacement', fn);
  const order = checkOneOf(o.order, FEATURE_ORDERS, 'order', fn);
  const sigma = checkPositiveNumber(o.blurSigma, 'blurSigma', fn);
  const x = prepareInputs(inputs, 'inputs', fn);
  let checkpoint: Checkpoint | null = null;
  let b: { tensor: tf.Tensor; dispose(): void } | null = null;
  try {
    const n = x.tensor.shape[0];
    const fs = x.tensor.shape.slice(1);
    const d = fs.reduce((p, q) => p * q, 1);
    // Images with channels lose whole pixels, ranked by their channel-summed attribution.
    const group = fs.length >= 3 ? fs[fs.length - 1] : 1;
    const units = d / group;
    const stepsArg = o.steps === undefined ? Math.min(20, units) : checkPositiveInteger(o.steps, 'steps', fn);
    if (stepsArg > units) throw new Error(errors.positiveIntegerAtMost('steps', fn, units, stepsArg));
    const phi = attributionMatrix(attributions, n, fs, fn);
    const xs = x.tensor.dataSync() as Float32Array;
    let fill: Float32Array;
    let fillRows: number;
    if (replacement === 'blur') {
      if (fs.length < 2 || fs.length > 3) throw new Error(errors.evalNotImage(fn, 'inputs', fs));
      fill = blurImages(xs, n, fs[0], fs[1], fs[2] ?? 1, sigma);
      fillRows = n;
    } else {
      b = prepareBaseline(o.baseline, fs, 'baseline', fn);
      fillRows = b.tensor.shape[0];
      if (fillRows !== 1 && fillRows !== n) throw new Error(errors.baselineRows('baseline', fn, n, fillRows));
      fill = b.tensor.dataSync() as Float32Array;
    }
    const batchSize = o.batchSize === undefined ? defaultBatchSize(d) : checkPositiveInteger(o.batchSize, 'batchSize', fn);
    const first = x.tensor.slice(0, 1);
    let probe: ReturnType<typeof evaluate>;
    try {
      probe = evaluate(f, first, 1, fn);
    } finally {
      first.dispose();
    }
    const sel = resolveScalar(o.output, probe.info.numOutputs, probe.info.single, n, fn);
    // Rank of each unit per row (position in removal order).
    const rng = new Rng(o.seed, 'deletionCurve');
    const orderOf = removalOrder(phi, n, d, group, order, rng);
    const steps = stepsArg;
    const counts = Array.from({ length: steps + 1 }, (_, t) => Math.round((t * units) / steps));
    const fractions = counts.map((c) => c / units);
    const total = n * (steps + 1);
    const values = new Float64Array(total);
    const parts = chunks(total, batchSize);
    checkpoint = new Checkpoint(fn, parts.length, o);
    const removed = new Uint8Array(units);
    for (const c of parts) {
      const rows = c.end - c.start;
      const buf = new Float32Array(rows * d);
      for (let r = c.start; r < c.end; r++) {
        const i = Math.floor(r / (steps + 1));
        const t = r % (steps + 1);
        removed.fill(0);
        for (let k = 0; k < counts[t]; k++) removed[orderOf[i][k]] = 1;
        const fo = (fillRows === 1 ? 0 : i) * d;
        const off = (r - c.start) * d;
        for (let j = 0; j < d; j++) {
          // Deletion: removed units take the fill; insertion: only inserted units show the input.
          const fromInput = kind === 'deletion' ? removed[Math.floor(j / group)] === 0 : removed[Math.floor(j / group)] === 1;
          buf[off + j] = fromInput ? xs[i * d + j] : fill[fo + j];
        }
      }
      const xb = tf.tensor(buf, [rows, ...fs]);
      try {
        values.set(
          scalarOutputs(f, xb, sel, batchSize, fn, (r) => Math.floor((c.start + r) / (steps + 1))),
          c.start,
        );
      } finally {
        xb.dispose();
      }
      await checkpoint.step();
    }
    const curves: number[][] = [];
    const auc: number[] = [];
    for (let i = 0; i < n; i++) {
      const y = Array.from(values.subarray(i * (steps + 1), (i + 1) * (steps + 1)));
      curves.push(y);
      auc.push(trapezoidArea(fractions, y));
    }
    const meanCurve = fractions.map((_, t) => curves.reduce((s, y) => s + y[t], 0) / n);
    const method = order === 'random' ? 'random' : isAttributionResult(attributions) ? attributions.method : 'given';
    const base = makeMetricResult(
      `${kind}AUC`,
      method,
      auc,
      kind === 'deletion',
      `steps=${steps}, ${replacement}, order=${order}`,
    );
    return { ...base, fractions, curves, meanCurve };
  } finally {
    checkpoint?.end();
    b?.dispose();
    x.dispose();
  }
}

/**
 * The deletion curve of attributions of `inputs` and its area (lower is better): features are
 * replaced, most important first, and the explained output is followed.
 * Petsiuk, Das, Saenko, "RISE", BMVC 2018.
 */
export function deletionCurve(
  model: ModelLike,
  inputs: InputLike,
  attributions: AttributionsLike,
  options: DeletionCurveOptions = {},
): Promise<CurveResult> {
  return runCurve('deletion', 'deletionCurve', model, inputs, attributions, options);
}
