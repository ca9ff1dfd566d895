/**
 * Exact Shapley values (Shapley, "A value for n-person games", 1953; for model explanation
 * Štrumbelj & Kononenko, "Explaining prediction models and individual predictions with feature
 * contributions", KAIS 2014): every one of the 2^G coalitions of the players is evaluated and
 * φ_j = Σ_{S ∌ j} |S|!(G − |S| − 1)!/G! · (v(S ∪ {j}) − v(S)).
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, NestedArray } from '../types';
import type { AnyModel } from '../internal/blackBox';
import { allCoalitionValues, checkExactSize, popcount, shapleyWeights } from '../internal/exactCoalitions';
import { setupPerturbation, spread } from '../internal/perturbation';
import { makeResult, type AttributionResult } from './result';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { maxFeatures: 12 };

/** Options of {@link exactShapley}. */
export interface ExactShapleyOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The background set [M, ...featureShape] (or one row, or a number): absent features take its values, averaged over its rows. Default: 0. */
  baseline?: InputLike | number;
  /** One group id per feature (nested like the feature shape, or flat): a group is one player. Default: every feature its own player. */
  featureMask?: readonly NestedArray[] | readonly number[];
  /** Largest number of players to enumerate (2^G coalitions; at most 24). Default: 12. */
  maxFeatures?: number;
}

/**
 * Exact Shapley values of the coalition game v(S) = E_{x'} f(x_S, x'_S̄) over the background
 * rows (interventional); a group's value is spread evenly over its features. Σφ = f(x) − E f(x')
 * exactly. Accepts black boxes. Shapley 1953; Štrumbelj & Kononenko, KAIS 2014.
 */
export async function exactShapley(
  model: AnyModel,
  inputs: InputLike,
  options: ExactShapleyOptions = {},
): Promise<AttributionResult> {
  const fn = 'exactShapley';
  const o = { ...DEFAULTS, ...options };
  const ctx = await setupPerturbation(fn, model, inputs, o);
  try {
    const G = ctx.players.count;
    checkExactSize(fn, G, o.maxFeatures);
    const vals = await allCoalitionValues(ctx, o);
    const C = 2 ** G;
    const w = shapleyWeights(G);
    const values = new Float32Array(vals.length * ctx.d);
    const outputAtInput: number[] = [];
    const outputAtBaseline: number[] = [];
    const completenessGap: number[] = [];
    vals.forEach((v, r) => {
      const phi = new Float64Array(G);
      for (let c = 0; c < C; c++) {
        const s = popcount(c);
        for (let j = 0; j < G; j++) if (!((c >> j) & 1)) phi[j] += w[s] * (v[c | (1 << j)] - v[c]);
      }
      spread(ctx.players, phi, values, r * ctx.d);
      const sum = phi.reduce((a, b) => a + b, 0);
      outputAtInput.push(v[C - 1]);
      outputAtBaseline.push(v[0]);
      completenessGap.push(sum - (v[C - 1] - v[0]));
    });
    return makeResult({
      method: fn,
      values,
      numInputs: ctx.n,
      featureShape: ctx.featureShape,
      outputs: ctx.sel.kind === 'all' ? ctx.sel.numOutputs : null,
      diagnostics: { completenessGap, outputAtInput, outputAtBaseline, evaluations: C * ctx.m },
      params: { players: G, coalitions: C, background: ctx.m },
    });
  } finally {
    ctx.dispose();
  }
}
