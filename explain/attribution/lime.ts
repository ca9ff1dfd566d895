/**
 * LIME (Ribeiro, Singh, Guestrin, "'Why Should I Trust You?': Explaining the Predictions of Any
 * Classifier", KDD 2016): sample binary perturbations of the players around the input (a player
 * off takes the baseline's values), weight each by an exponential kernel on its distance to the
 * input, and fit an interpretable weighted linear model (linear, ridge or lasso) whose
 * coefficients are the attributions. Defaults follow captum's Lime (cosine distance in the input
 * space, kernel width 1, lasso with α = 0.01).
 */
import * as tf from '@tensorflow/tfjs';
import type { ProgressOptions } from '../progress';
import type { InputLike, NestedArray } from '../types';
import type { AnyModel } from '../internal/blackBox';
import { errors } from '../internal/errors';
import { isKeyOf } from '../internal/keys';
import { selectFromMatrix } from '../internal/output';
import {
  coalitionAndBackgroundValues,
  inputValue,
  setupPerturbation,
  solveLinear,
  spread,
  valueOf,
} from '../internal/perturbation';
import { Rng, type Seed } from '../../core';
import { checkOneOf, checkPositiveInteger, checkPositiveNumber } from '../internal/validate';
import { makeResult, type AttributionResult } from './result';
import type { BatchSizeOption, OutputOption } from '../options';

/** Interpretable surrogate models. */
export const LIME_SURROGATES = {
  linear: 'weighted least squares',
  ridge: 'weighted least squares + α‖β‖² (as sklearn Ridge)',
  lasso: '(1/2Σw)·Σ w r² + α‖β‖₁ by coordinate descent (as sklearn Lasso)',
} as const;
/** A surrogate name. */
export type LimeSurrogate = keyof typeof LIME_SURROGATES;
/** Whether `s` names a surrogate. */
export function isLimeSurrogate(s: unknown): s is LimeSurrogate {
  return isKeyOf(s, LIME_SURROGATES);
}

/** Distances of the similarity kernel. */
export const LIME_DISTANCES = { cosine: '1 − cos(x, z)', euclidean: '‖x − z‖' } as const;
/** A distance name. */
export type LimeDistance = keyof typeof LIME_DISTANCES;

const DEFAULTS = {
  numSamples: 1000,
  surrogate: 'lasso' as LimeSurrogate,
  alpha: 0.01,
  distance: 'cosine' as LimeDistance,
  kernelWidth: 1,
  seed: 0 as Seed,
};

/** Options of {@link lime}. */
export interface LimeOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** Value of absent players: one row (or a number), or a background set averaged over. Default: 0. */
  baseline?: InputLike | number;
  /** Perturbations per input (each player present with probability ½). Default: 1000. */
  numSamples?: number;
  /** The interpretable model, one of {@link LIME_SURROGATES}. Default: 'lasso'. */
  surrogate?: LimeSurrogate;
  /** Penalty of ridge or lasso. Default: 0.01. */
  alpha?: number;
  /** Keep only the k players with the largest |coefficient| and refit on them (others get 0). Default: every player. */
  topK?: number;
  /** Distance between the input and a perturbation, in the input space. Default: 'cosine'. */
  distance?: LimeDistance;
  /** Width σ of the kernel exp(−D²/(2σ²)). Default: 1. */
  kernelWidth?: number;
  /** One group id per feature (nested like the feature shape, or flat), e.g. superpixels. Default: every feature alone. */
  featureMask?: readonly NestedArray[] | readonly number[];
  /** Seed of the perturbations (shared by every input). Default: 0. */
  seed?: Seed;
}

interface Fit {
  beta: Float64Array;
  intercept: number;
  r2: number;
}

/** Weighted fit of y on the columns `cols` of the 0/1 design z [C, G]; see {@link LIME_SURROGATES}. */
function fitSurrogate(
  z: Uint8Array,
  G: number,
  C: number,
  y: Float64Array,
  w: Float64Array,
  cols: number[],
  kind: LimeSurrogate,
  alpha: number,
): Fit {
  const q = cols.length;
  let sw = 0;
  for (let c = 0; c < C; c++) sw += w[c];
  const mx = new Float64Array(q);
  let my = 0;
  for (let c = 0; c < C; c++) {
    my += w[c] * y[c];
    for (let t = 0; t < q; t++) mx[t] += w[c] * z[c * G + cols[t]];
  }
  my /= sw;
  for (let t = 0; t < q; t++) mx[t] /= sw;
  // Weighted, centred design X (C × q) and y.
  const X = new Float64Array(C * q);
  const yc = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    yc[c] = y[c] - my;
    for (let t = 0; t < q; t++) X[c * q + t] = z[c * G + cols[t]] - mx[t];
  }
  const XtX = new Float64Array(q * q);
  const Xty = new Float64Array(q);
  for (let c = 0; c < C; c++) {
    for (let a = 0; a < q; a++) {
      const xa = w[c] * X[c * q + a];
      Xty[a] += xa * yc[c];
      for (let b = 0; b < q; b++) XtX[a * q + b] += xa * X[c * q + b];
    }
  }
  let beta: Float64Array;
  if (kind === 'lasso') {
    // Coordinate descent on ½ Σ ω r² + α‖β‖₁ with ω = w/Σw (sklearn's Lasso with sample weights).
    const A = XtX.map((v) => v / sw);
    const bvec = Xty.map((v) => v / sw);
    beta = new Float64Array(q);
    for (let it = 0; it < 10000; it++) {
      let change = 0;
      for (let a = 0; a < q; a++) {
        if (A[a * q + a] <= 0) continue;
        let rho = bvec[a];
        for (let b = 0; b < q; b++) if (b !== a) rho -= A[a * q + b] * beta[b];
        const nb = (Math.sign(rho) * Math.max(0, Math.abs(rho) - alpha)) / A[a * q + a];
        change = Math.max(change, Math.abs(nb - beta[a]));
        beta[a] = nb;
      }
      if (change < 1e-12) break;
    }
  } else {
    const A = Float64Array.from(XtX);
    if (kind === 'ridge') for (let a = 0; a < q; a++) A[a * q + a] += alpha;
    beta = solveLinear(A, Xty, q);
  }
  let intercept = my;
  for (let t = 0; t < q; t++) intercept -= beta[t] * mx[t];
  let ssRes = 0;
  let ssTot = 0;
  for (let c = 0; c < C; c++) {
    let pred = 0;
    for (let t = 0; t < q; t++) pred += beta[t] * X[c * q + t];
    ssRes += w[c] * (yc[c] - pred) ** 2;
    ssTot += w[c] * yc[c] ** 2;
  }
  return { beta, intercept, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1 };
}

/**
 * LIME attributions: the surrogate's coefficient of each player, spread evenly over the
 * player's features, with the surrogate's weighted R² and intercept per row in the diagnostics.
 * Accepts black boxes. Ribeiro et al., KDD 2016.
 */
export async function lime(model: AnyModel, inputs: InputLike, options: LimeOptions = {}): Promise<AttributionResult> {
  const fn = 'lime';
  const o = { ...DEFAULTS, ...options };
  const C = checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const kind = checkOneOf(o.surrogate, LIME_SURROGATES, 'surrogate', fn);
  const dist = checkOneOf(o.distance, LIME_DISTANCES, 'distance', fn);
  checkPositiveNumber(o.kernelWidth, 'kernelWidth', fn);
  if (typeof o.alpha !== 'number' || !Number.isFinite(o.alpha) || o.alpha < 0)
    throw new Error(errors.nonNegative('alpha', fn, o.alpha));
  const ctx = await setupPerturbation(fn, model, inputs, o);
  try {
    const { n, d, players } = ctx;
    const G = players.count;
    const topK = o.topK === undefined ? G : Math.min(G, checkPositiveInteger(o.topK, 'topK', fn));
    const rng = new Rng(o.seed, 'lime');
    const z = new Uint8Array(C * G);
    for (let i = 0; i < z.length; i++) z[i] = rng.uniform() < 0.5 ? 1 : 0;
    const { v, fb } = await coalitionAndBackgroundValues(fn, ctx, z, C, o);
    const xv = ctx.x.dataSync();
    const bm = tf.tidy(() => ctx.background.reshape([ctx.m, d]).mean(0));
    const bv = bm.dataSync();
    bm.dispose();
    const values = new Float32Array(n * ctx.numSel * d);
    const outputAtInput: number[] = [];
    const outputAtBaseline: number[] = [];
    const completenessGap: number[] = [];
    const surrogateR2: number[] = [];
    const surrogateIntercept: number[] = [];
    const w = new Float64Array(C);
    const y = new Float64Array(C);
    const sigma2 = 2 * o.kernelWidth * o.kernelWidth;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) {
        let dot = 0;
        let nx = 0;
        let nz = 0;
        let e2 = 0;
        for (let j = 0; j < d; j++) {
          const xj = xv[i * d + j];
          const zj = z[c * G + players.group[j]] ? xj : bv[j];
          dot += xj * zj;
          nx += xj * xj;
          nz += zj * zj;
          e2 += (xj - zj) ** 2;
        }
        const D = dist === 'euclidean' ? Math.sqrt(e2) : 1 - dot / Math.max(Math.sqrt(nx * nz), 1e-8);
        w[c] = Math.exp(-(D * D) / sigma2);
      }
      for (let s = 0; s < ctx.numSel; s++) {
        for (let c = 0; c < C; c++) y[c] = valueOf(ctx, v, C, i, c, s);
        let cols = Array.from({ length: G }, (_, g) => g);
        let fit = fitSurrogate(z, G, C, y, w, cols, kind, o.alpha);
        if (topK < G) {
          cols = cols
            .sort((a, b) => Math.abs(fit.beta[b]) - Math.abs(fit.beta[a]))
            .slice(0, topK)
            .sort((a, b) => a - b);
          fit = fitSurrogate(z, G, C, y, w, cols, kind, o.alpha);
        }
        const phi = new Float64Array(G);
        cols.forEach((g, t) => (phi[g] = fit.beta[t]));
        spread(players, phi, values, (i * ctx.numSel + s) * d);
        const fx = inputValue(ctx, i, s);
        let e0 = 0;
        for (let r = 0; r < ctx.m; r++) e0 += selectFromMatrix(fb, ctx.info.numOutputs, r, ctx.sel, i, s);
        e0 /= ctx.m;
        outputAtInput.push(fx);
        outputAtBaseline.push(e0);
        completenessGap.push(phi.reduce((a, b) => a + b, 0) - (fx - e0));
        surrogateR2.push(fit.r2);
        surrogateIntercept.push(fit.intercept);
      }
    }
    return makeResult({
      method: fn,
      values,
      numInputs: n,
      featureShape: ctx.featureShape,
      outputs: ctx.sel.kind === 'all' ? ctx.sel.numOutputs : null,
      diagnostics: { completenessGap, outputAtInput, outputAtBaseline, evaluations: C * ctx.m, surrogateR2, surrogateIntercept },
      params: {
        numSamples: C,
        surrogate: kind,
        alpha: o.alpha,
        distance: dist,
        kernelWidth: o.kernelWidth,
        players: G,
        seed: String(o.seed),
      },
    });
  } finally {
    ctx.dispose();
  }
}
