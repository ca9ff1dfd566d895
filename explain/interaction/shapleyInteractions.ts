/**
 * Exact SHAP interaction values (Lundberg et al., "From local explanations to global
 * understanding with explainable AI for trees", Nature Machine Intelligence 2020), built on the
 * Shapley interaction index (Grabisch & Roubens, "An axiomatic approach to the concept of
 * interaction among players in cooperative games", Int. J. Game Theory 1999): for i ≠ j
 * Φᵢⱼ = Σ_{S ⊆ N∖{i,j}} |S|!(G − |S| − 2)!/(2(G − 1)!) · (v(S∪ij) − v(S∪i) − v(S∪j) + v(S)),
 * and Φᵢᵢ = φᵢ − Σ_{j≠i} Φᵢⱼ, so each row sums to the exact Shapley value φᵢ and the matrix to
 * f(x) − E f(x').
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, NestedArray } from '../types';
import type { AnyModel } from '../internal/blackBox';
import { allCoalitionValues, checkExactSize, factorial, popcount, shapleyWeights } from '../internal/exactCoalitions';
import { setupPerturbation } from '../internal/perturbation';
import { makeInteractionResult, type InteractionResult } from './interactionResult';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { maxFeatures: 12 };

/** Options of {@link shapleyInteractions}. */
export interface ShapleyInteractionsOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The background set [M, ...featureShape] (or one row, or a number), averaged over its rows. Default: 0. */
  baseline?: InputLike | number;
  /** One group id per feature: interactions are then between groups (the result's feature shape is [G]). Default: every feature its own player. */
  featureMask?: readonly NestedArray[] | readonly number[];
  /** Largest number of players to enumerate (2^G coalitions; at most 24). Default: 12. */
  maxFeatures?: number;
}

/**
 * Exact SHAP interaction values [N, (K,) A, A] (A the feature shape, or [G] with a feature
 * mask), symmetric, rows summing to the exact Shapley values. Accepts black boxes.
 * Lundberg et al., Nature Machine Intelligence 2020; Grabisch & Roubens 1999.
 */
export async function shapleyInteractions(
  model: AnyModel,
  inputs: InputLike,
  options: ShapleyInteractionsOptions = {},
): Promise<InteractionResult> {
  const fn = 'shapleyInteractions';
  const o = { ...DEFAULTS, ...options };
  const ctx = await setupPerturbation(fn, model, inputs, o);
  try {
    const G = ctx.players.count;
    checkExactSize(fn, G, o.maxFeatures);
    const vals = await allCoalitionValues(ctx, o);
    const C = 2 ** G;
    const w1 = shapleyWeights(G);
    const w2 = Array.from({ length: Math.max(1, G - 1) }, (_, s) =>
      G < 2 ? 0 : (factorial(s) * factorial(G - s - 2)) / (2 * factorial(G - 1)),
    );
    const interactions: number[][] = [];
    const attributions: number[][] = [];
    const rowSumGap: number[][] = [];
    const totalGap: number[] = [];
    const maxAsymmetry: number[] = [];
    const outputAtInput: number[] = [];
    const outputAtBaseline: number[] = [];
    for (const v of vals) {
      const phi = new Float64Array(G);
      const M = new Float64Array(G * G);
      for (let c = 0; c < C; c++) {
        const s = popcount(c);
        for (let i = 0; i < G; i++) {
          if ((c >> i) & 1) continue;
          phi[i] += w1[s] * (v[c | (1 << i)] - v[c]);
          for (let j = i + 1; j < G; j++) {
            if ((c >> j) & 1) continue;
            const delta = v[c | (1 << i) | (1 << j)] - v[c | (1 << i)] - v[c | (1 << j)] + v[c];
            M[i * G + j] += w2[s] * delta;
          }
        }
      }
      for (let i = 0; i < G; i++) for (let j = i + 1; j < G; j++) M[j * G + i] = M[i * G + j];
      for (let i = 0; i < G; i++) {
        let off = 0;
        for (let j = 0; j < G; j++) if (j !== i) off += M[i * G + j];
        M[i * G + i] = phi[i] - off;
      }
      interactions.push(Array.from(M));
      attributions.push(Array.from(phi));
      rowSumGap.push(
        Array.from({ length: G }, (_, i) => {
          let r = 0;
          for (let j = 0; j < G; j++) r += M[i * G + j];
          return r - phi[i];
        }),
      );
      const total = M.reduce((a, b) => a + b, 0);
      totalGap.push(total - (v[C - 1] - v[0]));
      maxAsymmetry.push(0);
      outputAtInput.push(v[C - 1]);
      outputAtBaseline.push(v[0]);
    }
    const grouped = o.featureMask !== undefined;
    return makeInteractionResult({
      method: fn,
      featureShape: grouped ? [G] : ctx.featureShape,
      outputs: ctx.sel.kind === 'all' ? ctx.sel.numOutputs : null,
      interactionIndex: null,
      interactions,
      standardError: null,
      warnings: [],
      numInputs: ctx.n,
      params: { players: G, coalitions: C, background: ctx.m },
      diagnostics: {
        attributions,
        rowSumGap,
        rowSumGapStandardError: null,
        totalGap,
        totalGapStandardError: null,
        maxAsymmetry: ctx.n * ctx.numSel > 0 ? maxAsymmetry : null,
        outputAtInput,
        outputAtBaseline,
        evaluations: C * ctx.m,
        hessian: 'none',
      },
    });
  } finally {
    ctx.dispose();
  }
}
