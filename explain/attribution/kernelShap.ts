/**
 * KernelSHAP (Lundberg & Lee, "A Unified Approach to Interpreting Model Predictions", NeurIPS
 * 2017): Shapley values as the solution of a weighted least-squares problem over coalitions
 * with the Shapley kernel, under the efficiency constraint Σφ = f(x) − E f(x'); with paired
 * (antithetic) sampling (Covert & Lee, "Improving KernelSHAP", AISTATS 2021).
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, NestedArray } from '../types';
import type { AnyModel } from '../internal/blackBox';
import {
  coalitionAndBackgroundValues,
  inputValue,
  setupPerturbation,
  solveLinear,
  spread,
  valueOf,
} from '../internal/perturbation';
import { selectFromMatrix } from '../internal/output';
import { Rng, type Seed } from '../../core';
import { checkPositiveInteger } from '../internal/validate';
import { makeResult, type AttributionResult } from './result';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { numSamples: 2048, seed: 0 as Seed, paired: true };

/** Options of {@link kernelShap}. */
export interface KernelShapOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /**
   * The background set: rows [M, ...featureShape] (or one row, or a number filling one row)
   * whose values stand in for absent features; coalition values average over its rows.
   * Default: 0.
   */
  baseline?: InputLike | number;
  /** Coalitions evaluated per input; when 2^G − 2 is no larger, every coalition is enumerated and the result is exact. Default: 2048. */
  numSamples?: number;
  /** Sample each coalition together with its complement (halves the variance on most models). Default: true. */
  paired?: boolean;
  /** One group id per feature (nested like the feature shape, or flat): a group is one player. Default: every feature its own player. */
  featureMask?: readonly NestedArray[] | readonly number[];
  /** Seed of the coalition draws (shared by every input). Default: 0. */
  seed?: Seed;
}

function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Coalitions [C, G] with their regression weights: all of them (exact) or a kernel-weighted sample. */
function drawCoalitions(
  G: number,
  numSamples: number,
  paired: boolean,
  seed: Seed,
): { z: Uint8Array; w: Float64Array; C: number; exact: boolean } {
  if (G <= 30 && 2 ** G - 2 <= numSamples) {
    const C = 2 ** G - 2;
    const z = new Uint8Array(C * G);
    const w = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const bits = c + 1;
      let s = 0;
      for (let j = 0; j < G; j++)
        if ((bits >> j) & 1) {
          z[c * G + j] = 1;
          s++;
        }
      w[c] = (G - 1) / (binom(G, s) * s * (G - s));
    }
    return { z, w, C, exact: true };
  }
  // Sizes s = 1..G−1 with probability ∝ (G − 1)/(s(G − s)); a uniform subset of that size. The
  // sample then carries the kernel, so every coalition gets weight 1.
  const rng = new Rng(seed, 'kernelShap');
  const p: number[] = [];
  let tot = 0;
  for (let s = 1; s < G; s++) tot += 1 / (s * (G - s));
  for (let s = 1; s < G; s++) p.push(1 / (s * (G - s)) / tot);
  const C = paired ? 2 * Math.ceil(numSamples / 2) : numSamples;
  const z = new Uint8Array(C * G);
  const idx = Int32Array.from({ length: G }, (_, j) => j);
  for (let c = 0; c < C; c += paired ? 2 : 1) {
    let u = rng.uniform();
    let s = 1;
    for (; s < G - 1 && u >= p[s - 1]; s++) u -= p[s - 1];
    for (let t = 0; t < s; t++) {
      const r = t + rng.int(G - t);
      [idx[t], idx[r]] = [idx[r], idx[t]];
      z[c * G + idx[t]] = 1;
    }
    if (paired) for (let j = 0; j < G; j++) z[(c + 1) * G + j] = 1 - z[c * G + j];
  }
  return { z, w: new Float64Array(C).fill(1), C, exact: false };
}

/** Constrained weighted least squares: φ minimising Σ w_c (y_c − z_cᵀφ)² with Σφ = total. */
function constrainedFit(
  z: Uint8Array,
  w: Float64Array,
  y: Float64Array,
  rows: ArrayLike<number>,
  G: number,
  total: number,
): Float64Array {
  // Eliminate φ_G = total − Σ_{j<G} φ_j: y_c − z_cG·total = Σ_{j<G} (z_cj − z_cG) φ_j.
  const q = G - 1;
  const A = new Float64Array(q * q);
  const b = new Float64Array(q);
  const row = new Float64Array(q);
  for (let t = 0; t < rows.length; t++) {
    const c = rows[t];
    const zG = z[c * G + q];
    for (let j = 0; j < q; j++) row[j] = z[c * G + j] - zG;
    const yc = y[c] - zG * total;
    const wc = w[c];
    for (let j = 0; j < q; j++) {
      if (row[j] === 0) continue;
      const wj = wc * row[j];
      b[j] += wj * yc;
      for (let l = 0; l < q; l++) A[j * q + l] += wj * row[l];
    }
  }
  const phi = new Float64Array(G);
  const sol = solveLinear(A, b, q);
  let sum = 0;
  for (let j = 0; j < q; j++) {
    phi[j] = sol[j];
    sum += sol[j];
  }
  phi[q] = total - sum;
  return phi;
}

/**
 * KernelSHAP attributions against a background set; a group's value is spread evenly over its
 * features. Exact (to float error) when 2^G − 2 ≤ numSamples; otherwise sampled, with a
 * standard error per attribution from 10 independent batches of the sampled coalitions.
 * The completeness (efficiency) gap is zero by construction up to float error.
 * Accepts black boxes. Lundberg & Lee, NeurIPS 2017; Covert & Lee, AISTATS 2021.
 */
export async function kernelShap(
  model: AnyModel,
  inputs: InputLike,
  options: KernelShapOptions = {},
): Promise<AttributionResult> {
  const fn = 'kernelShap';
  const o = { ...DEFAULTS, ...options };
  checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const ctx = await setupPerturbation(fn, model, inputs, o);
  try {
    const { n, d, numSel, players } = ctx;
    const G = players.count;
    const draw =
      G > 1
        ? drawCoalitions(G, o.numSamples, o.paired !== false, o.seed)
        : { z: new Uint8Array(0), w: new Float64Array(0), C: 0, exact: true };
    const { v, fb } = await coalitionAndBackgroundValues(fn, ctx, draw.z, draw.C, o);
    const k = ctx.info.numOutputs;
    const values = new Float32Array(n * numSel * d);
    const se = draw.exact ? null : new Float32Array(n * numSel * d);
    const outputAtInput: number[] = [];
    const outputAtBaseline: number[] = [];
    const completenessGap: number[] = [];
    const all = Int32Array.from({ length: draw.C }, (_, c) => c);
    const B = 10;
    const y = new Float64Array(draw.C);
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < numSel; s++) {
        let e0 = 0;
        for (let r = 0; r < ctx.m; r++) e0 += selectFromMatrix(fb, k, r, ctx.sel, i, s);
        e0 /= ctx.m;
        const fx = inputValue(ctx, i, s);
        for (let c = 0; c < draw.C; c++) y[c] = valueOf(ctx, v, draw.C, i, c, s) - e0;
        const phi = G > 1 ? constrainedFit(draw.z, draw.w, y, all, G, fx - e0) : Float64Array.of(fx - e0);
        const off = (i * numSel + s) * d;
        spread(players, phi, values, off);
        if (se) {
          // Batches of whole pairs, so each batch is itself a paired sample.
          const step = o.paired !== false ? 2 : 1;
          const units = draw.C / step;
          const acc = new Float64Array(G);
          const acc2 = new Float64Array(G);
          for (let bt = 0; bt < B; bt++) {
            const rows: number[] = [];
            for (let u = bt; u < units; u += B) for (let t = 0; t < step; t++) rows.push(u * step + t);
            const pb = constrainedFit(draw.z, draw.w, y, rows, G, fx - e0);
            for (let j = 0; j < G; j++) {
              acc[j] += pb[j];
              acc2[j] += pb[j] * pb[j];
            }
          }
          const seG = new Float64Array(G);
          for (let j = 0; j < G; j++) {
            const mean = acc[j] / B;
            const varB = Math.max(0, (acc2[j] - B * mean * mean) / (B - 1));
            seG[j] = Math.sqrt(varB / B);
          }
          spread(players, seG, se, off);
        }
        let sum = 0;
        for (let j = 0; j < d; j++) sum += values[off + j];
        outputAtInput.push(fx);
        outputAtBaseline.push(e0);
        completenessGap.push(sum - (fx - e0));
      }
    }
    return makeResult({
      method: fn,
      values,
      numInputs: n,
      featureShape: ctx.featureShape,
      outputs: ctx.sel.kind === 'all' ? ctx.sel.numOutputs : null,
      standardError: se,
      diagnostics: { completenessGap, outputAtInput, outputAtBaseline, evaluations: draw.C * ctx.m },
      params: { numSamples: draw.C, exact: draw.exact, players: G, background: ctx.m, seed: String(o.seed) },
    });
  } finally {
    ctx.dispose();
  }
}
