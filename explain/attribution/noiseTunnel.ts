/**
 * NoiseTunnel over any attribution method: SmoothGrad (Smilkov, Thorat, Kim, Viégas, Wattenberg,
 * "SmoothGrad: removing noise by adding noise", 2017), SmoothGrad² and VarGrad (Adebayo,
 * Gilmer, Goodfellow, Kim, "Local Explanation Methods for Deep Neural Networks Lack
 * Sensitivity to Parameter Randomization", ICLR workshop 2018), as captum's NoiseTunnel.
 * The noisy copies of every input form one batch handed to the method once, so they go through
 * the model in the method's own chunked passes.
 */
import * as tf from '@tensorflow/tfjs';
import type { InputLike, OutputSelection } from '../types';
import { errors } from '../internal/errors';
import { isKeyOf } from '../internal/keys';
import { Rng, type Seed } from '../../core';
import { checkOneOf, checkPositiveInteger, checkPositiveNumber, prepareInputs, toFloatTensor } from '../internal/validate';
import { makeResult, type AttributionResult } from './result';

/** How the attributions of the noisy copies are combined. */
export const NOISE_TUNNEL_KINDS = {
  smoothgrad: 'mean of the attributions',
  smoothgrad_sq: 'mean of the squared attributions',
  vargrad: 'variance of the attributions',
} as const;
/** A combination name. */
export type NoiseTunnelKind = keyof typeof NOISE_TUNNEL_KINDS;
/** Whether `s` names a noise tunnel combination. */
export function isNoiseTunnelKind(s: unknown): s is NoiseTunnelKind {
  return isKeyOf(s, NOISE_TUNNEL_KINDS);
}

const DEFAULTS = { kind: 'smoothgrad' as NoiseTunnelKind, numSamples: 5, stdevs: 1, seed: 0 as Seed };

/** Options of {@link noiseTunnel}. */
export interface NoiseTunnelOptions {
  /** The combination, one of {@link NOISE_TUNNEL_KINDS}. Default: 'smoothgrad'. */
  kind?: NoiseTunnelKind;
  /** Noisy copies per input. Default: 5. */
  numSamples?: number;
  /** Standard deviation of the Gaussian noise added to every feature (absolute, as captum's `stdevs`). Default: 1. */
  stdevs?: number;
  /** Seed of the noise. Default: 0. */
  seed?: Seed;
}

/** The options a wrapped method may get that hold one entry per input row (repeated per copy). */
interface RowOptions {
  output?: OutputSelection;
  baseline?: InputLike | number;
}

/** An attribution method `(model, inputs, options) => Promise<AttributionResult>`. */
export type AttributionMethod<M, O> = (model: M, inputs: InputLike, options?: O) => Promise<AttributionResult>;

function repeatRows(b: InputLike, n: number, S: number, fn: string): InputLike {
  const { tensor, owned } = toFloatTensor(b, 'baseline', fn);
  try {
    if (tensor.rank < 2 || tensor.shape[0] !== n || n === 1) return b;
    const idx = tf.tensor1d(
      Int32Array.from({ length: n * S }, (_, r) => Math.floor(r / S)),
      'int32',
    );
    const g = tf.gather(tensor, idx);
    idx.dispose();
    const arr = g.arraySync() as InputLike;
    g.dispose();
    return arr;
  } finally {
    if (owned) tensor.dispose();
  }
}

/**
 * Wraps `method` so that each input is explained as the `kind` combination of its attributions
 * at `numSamples` copies x + N(0, stdevs²). Per-row options (an `output` index per row, a
 * baseline with one row per input) are repeated for the copies. Diagnostics are means over the
 * copies; `standardError` is that of the mean over copies (smoothgrad, smoothgrad_sq).
 * Smilkov et al. 2017; Adebayo et al. 2018.
 */
export function noiseTunnel<M, O extends RowOptions>(
  method: AttributionMethod<M, O>,
  options: NoiseTunnelOptions = {},
): AttributionMethod<M, O> {
  const fn = 'noiseTunnel';
  if (typeof method !== 'function') throw new Error(errors.notMethod(fn, method));
  const o = { ...DEFAULTS, ...options };
  const kind = checkOneOf(o.kind, NOISE_TUNNEL_KINDS, 'kind', fn);
  const S = checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const sd = checkPositiveNumber(o.stdevs, 'stdevs', fn);
  return async (model: M, inputs: InputLike, methodOptions?: O): Promise<AttributionResult> => {
    const x = prepareInputs(inputs, 'inputs', fn);
    let noisy: tf.Tensor | null = null;
    let mo: O;
    let n: number;
    try {
      n = x.tensor.shape[0];
      const d = x.tensor.size / n;
      const rng = new Rng(o.seed, 'noiseTunnel');
      const noise = new Float32Array(n * S * d);
      for (let i = 0; i < noise.length; i++) noise[i] = rng.normal() * sd;
      const idx = Int32Array.from({ length: n * S }, (_, r) => Math.floor(r / S));
      noisy = tf.tidy(() =>
        tf.gather(x.tensor, tf.tensor1d(idx, 'int32')).add(tf.tensor(noise, [n * S, ...x.tensor.shape.slice(1)])),
      );
      mo = { ...(methodOptions ?? ({} as O)) };
      const out = mo.output;
      if (Array.isArray(out) && out.length === n) mo.output = Array.from(idx, (i) => (out as readonly number[])[i]);
      if (mo.baseline !== undefined && typeof mo.baseline !== 'number') mo.baseline = repeatRows(mo.baseline, n, S, fn);
    } catch (e) {
      noisy?.dispose();
      x.dispose();
      throw e;
    }
    let r: AttributionResult;
    try {
      r = await method(model, noisy, mo);
    } finally {
      noisy.dispose();
      x.dispose();
    }
    const L = r.attributions[0].length;
    const values = new Float32Array(n * L);
    const se = kind === 'vargrad' ? null : new Float32Array(n * L);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < L; j++) {
        let s1 = 0;
        let s2 = 0;
        let s4 = 0;
        for (let t = 0; t < S; t++) {
          const a = r.attributions[i * S + t][j];
          s1 += a;
          s2 += a * a;
          s4 += a ** 4;
        }
        const mean = s1 / S;
        const meanSq = s2 / S;
        values[i * L + j] = kind === 'smoothgrad' ? mean : kind === 'smoothgrad_sq' ? meanSq : meanSq - mean * mean;
        if (se) {
          const v = kind === 'smoothgrad' ? meanSq - mean * mean : s4 / S - meanSq * meanSq;
          se[i * L + j] = S > 1 ? Math.sqrt(Math.max(0, (v * S) / (S - 1)) / S) : 0;
        }
      }
    }
    const per = r.diagnostics.outputAtInput.length / (n * S);
    const avg = (a: number[]): number[] => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        for (let q = 0; q < per; q++) {
          let s = 0;
          for (let t = 0; t < S; t++) s += a[(i * S + t) * per + q];
          out.push(s / S);
        }
      }
      return out;
    };
    return makeResult({
      method: `${kind}(${r.method})`,
      values,
      numInputs: n,
      featureShape: r.featureShape,
      outputs: r.outputs,
      standardError: se,
      diagnostics: {
        completenessGap: avg(r.diagnostics.completenessGap),
        outputAtInput: avg(r.diagnostics.outputAtInput),
        outputAtBaseline: avg(r.diagnostics.outputAtBaseline),
        evaluations: (r.diagnostics.evaluations ?? 1) * S,
      },
      params: { kind, numSamples: S, stdevs: sd, seed: String(o.seed) },
    });
  };
}
