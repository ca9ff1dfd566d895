/**
 * Explanation infidelity (Yeh, Hsieh, Suggala, Inouye, Ravikumar, "On the (In)fidelity and
 * Sensitivity of Explanations", NeurIPS 2019), as captum's `infidelity` defines it:
 * INFD(φ, f, x) = E_I[(Iᵀφ − (f(x) − f(x − I)))²] over random perturbations I, optionally with
 * φ rescaled by the least-squares β that minimises it (the normalised variant).
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { chunks, defaultBatchSize } from '../internal/batching';
import { errors } from '../internal/errors';
import { isKeyOf } from '../internal/keys';
import { toModelFunction, evaluate } from '../internal/model';
import { selectFromMatrix } from '../internal/output';
import { Rng, type Seed } from '../../core';
import { checkOneOf, checkPositiveInteger, checkPositiveNumber, prepareBaseline, prepareInputs } from '../internal/validate';
import { ATTRIBUTION_METHODS, isAttributionMethodName } from './attributionMethods';
import { makeMetricResult, type MetricResult } from './metricResult';
import {
  attributionMatrix,
  isAttributionResult,
  repeatRows,
  resolveScalar,
  scalarOutputs,
  type AttributionsLike,
} from './support';

/** The built-in perturbations I of {@link infidelity}. */
export const PERTURBATIONS = {
  gaussian: 'x − I with I ~ N(0, noiseScale²) per feature (for local attributions: gradients, saliency)',
  baseline:
    'each feature replaced by the baseline with probability replaceProbability (for global attributions: Iᵀφ sums φ over the replaced features)',
} as const;

/** A built-in perturbation name. */
export type PerturbationName = keyof typeof PERTURBATIONS;

/** Whether `s` names a built-in perturbation. */
export function isPerturbationName(s: unknown): s is PerturbationName {
  return isKeyOf(s, PERTURBATIONS);
}

/**
 * A custom perturbation, as captum's `perturb_func`: gets the inputs with every row repeated
 * `numSamples` times (input i's copies are rows i·numSamples …) and the baseline rows laid out
 * the same way, and returns perturbed inputs of that shape (a new tensor, disposed by the caller).
 */
export type PerturbFunction = (repeatedInputs: tf.Tensor, repeatedBaseline: tf.Tensor) => tf.Tensor;

const DEFAULTS = {
  perturbation: 'gaussian' as PerturbationName | PerturbFunction,
  noiseScale: 0.1,
  replaceProbability: 0.5,
  numSamples: 10,
  normalize: false,
  seed: 0 as Seed,
};

/** Options of {@link infidelity}. */
export interface InfidelityOptions extends ProgressOptions {
  /** How inputs are perturbed: one of {@link PERTURBATIONS} or a {@link PerturbFunction}. Default: 'gaussian'. */
  perturbation?: PerturbationName | PerturbFunction;
  /** Standard deviation of the Gaussian perturbation. Default: 0.1. */
  noiseScale?: number;
  /** Probability that the 'baseline' perturbation replaces a feature. Default: 0.5. */
  replaceProbability?: number;
  /** The baseline x' (one row, one row per input, or a number). Default: 0. */
  baseline?: InputLike | number;
  /**
   * Whether the attributions already include the input multiplier (global methods: IG, EG,
   * DeepLIFT, gradient×input, …); then I = (x − x_perturbed) / (x − x') (1 where x = x'), as
   * captum's `infidelity_perturb_func_decorator(True)`. Default: false for saliency and gradient
   * results, true otherwise.
   */
  multiplyByInputs?: boolean;
  /** Perturbations per input. Default: 10. */
  numSamples?: number;
  /** Rescale φ by the β minimising the score (captum's `normalize`). Default: false. */
  normalize?: boolean;
  /** Seed of the perturbations. Default: 0. */
  seed?: Seed;
  /** Which output to explain (index, one index per row, or weights); needed for a multi-output model. Default: the only output. */
  output?: OutputSelection;
  /** Rows per model pass; bounds memory, never changes results. Default: about 8M floats per pass. */
  batchSize?: number;
}

function isLocal(a: AttributionsLike): boolean {
  if (!isAttributionResult(a)) return false;
  return isAttributionMethodName(a.method) && ATTRIBUTION_METHODS[a.method].local;
}

/**
 * Infidelity of attributions of `inputs` (lower is better; 0 for attributions that are exact
 * under the chosen perturbations, e.g. a linear model's w ⊙ (x − x') with 'baseline').
 * Yeh et al., NeurIPS 2019; captum's `infidelity`.
 */
export async function infidelity(
  model: ModelLike,
  inputs: InputLike,
  attributions: AttributionsLike,
  options: InfidelityOptions = {},
): Promise<MetricResult> {
  const fn = 'infidelity';
  await ready();
  const o = { ...DEFAULTS, ...options };
  const f = toModelFunction(model, fn);
  const S = checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const perturbation =
    typeof o.perturbation === 'function' ? o.perturbation : checkOneOf(o.perturbation, PERTURBATIONS, 'perturbation', fn);
  const sigma = checkPositiveNumber(o.noiseScale, 'noiseScale', fn);
  const p = o.replaceProbability;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new Error(errors.evalFraction('replaceProbability', fn, p));
  const multiply = o.multiplyByInputs ?? !isLocal(attributions);
  const x = prepareInputs(inputs, 'inputs', fn);
  const tensors: tf.Tensor[] = [];
  const disposers: (() => void)[] = [];
  let checkpoint: Checkpoint | null = null;
  try {
    const n = x.tensor.shape[0];
    const fs = x.tensor.shape.slice(1);
    const d = fs.reduce((a, b) => a * b, 1);
    const phi = attributionMatrix(attributions, n, fs, fn);
    const b = prepareBaseline(o.baseline, fs, 'baseline', fn);
    disposers.push(() => b.dispose());
    if (b.tensor.shape[0] !== 1 && b.tensor.shape[0] !== n)
      throw new Error(errors.baselineRows('baseline', fn, n, b.tensor.shape[0]));
    const batchSize = o.batchSize === undefined ? defaultBatchSize(d) : checkPositiveInteger(o.batchSize, 'batchSize', fn);
    const { values: fx0, info } = evaluate(f, x.tensor, batchSize, fn);
    const sel = resolveScalar(o.output, info.numOutputs, info.single, n, fn);
    const fx = Float64Array.from({ length: n }, (_, i) => selectFromMatrix(fx0, info.numOutputs, i, sel, i, 0));
    const xr = repeatRows(x.tensor, S);
    tensors.push(xr);
    const br = b.tensor.shape[0] === 1 ? tf.tidy(() => b.tensor.tile([n * S, ...fs.map(() => 1)])) : repeatRows(b.tensor, S);
    tensors.push(br);
    let xp: tf.Tensor;
    if (typeof perturbation === 'function') {
      const out = perturbation(xr, br);
      const ok = out instanceof tf.Tensor && out.shape.length === xr.shape.length && out.shape.every((s, i) => s === xr.shape[i]);
      if (!ok) {
        if (out instanceof tf.Tensor && out !== xr && out !== br) out.dispose();
        throw new Error(errors.evalPerturbation(fn, xr.shape, out));
      }
      xp = out === xr || out === br ? out.clone() : out;
    } else {
      const rng = new Rng(o.seed, 'infidelity');
      const draws = new Float32Array(n * S * d);
      if (perturbation === 'gaussian') {
        for (let i = 0; i < draws.length; i++) draws[i] = rng.normal() * sigma;
        xp = tf.tidy(() => xr.sub(tf.tensor(draws, xr.shape)));
      } else {
        for (let i = 0; i < draws.length; i++) draws[i] = rng.uniform() < p ? 1 : 0;
        xp = tf.tidy(() => {
          const m = tf.tensor(draws, xr.shape);
          return xr.mul(tf.scalar(1).sub(m)).add(br.mul(m));
        });
      }
    }
    tensors.push(xp);
    // I = x − x_perturbed, divided by x − x' for attributions that carry the input multiplier.
    const pert = tf.tidy(() => {
      const diff = xr.sub(xp);
      if (!multiply) return diff;
      const denom = xr.sub(br);
      return diff.div(tf.where(denom.notEqual(0), denom, tf.onesLike(denom)));
    });
    tensors.push(pert);
    const I = pert.dataSync();
    const fp = new Float64Array(n * S);
    const parts = chunks(n * S, batchSize);
    checkpoint = new Checkpoint(fn, parts.length, o);
    for (const c of parts) {
      const xb = xp.slice(c.start, c.end - c.start);
      try {
        const v = scalarOutputs(f, xb, sel, batchSize, fn, (r) => Math.floor((c.start + r) / S));
        fp.set(v, c.start);
      } finally {
        xb.dispose();
      }
      await checkpoint.step();
    }
    const perRow = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sa2 = 0;
      let sad = 0;
      let sd2 = 0;
      let se = 0;
      for (let s = 0; s < S; s++) {
        const r = i * S + s;
        let a = 0;
        for (let j = 0; j < d; j++) a += phi[i * d + j] * I[r * d + j];
        const df = fx[i] - fp[r];
        sa2 += a * a;
        sad += a * df;
        sd2 += df * df;
        se += (a - df) ** 2;
      }
      if (o.normalize) {
        const beta = sad / (sa2 !== 0 ? sa2 : 1);
        perRow[i] = (beta * beta * sa2 - 2 * beta * sad + sd2) / S;
      } else {
        perRow[i] = se / S;
      }
    }
    const method = isAttributionResult(attributions) ? attributions.method : 'given';
    const how = typeof perturbation === 'function' ? 'custom perturbation' : perturbation;
    return makeMetricResult(
      fn,
      method,
      perRow,
      true,
      `${how}, numSamples=${S}${o.normalize ? ', normalized' : ''}${multiply ? ', multiplyByInputs' : ''}`,
    );
  } finally {
    checkpoint?.end();
    tensors.forEach((t) => t.dispose());
    disposers.forEach((dispose) => dispose());
    x.dispose();
  }
}
