/**
 * Feature ablation (Zeiler & Fergus, ECCV 2014, one feature or group at a time; captum's
 * FeatureAblation): φ_g = f(x) − E_{x'} f(x with group g set to x'), spread evenly over the
 * group's features (as pathlab's occlusion does).
 */
import type { ProgressOptions } from '../progress';
import type { InputLike, NestedArray } from '../types';
import type { AnyModel } from '../internal/blackBox';
import { selectFromMatrix } from '../internal/output';
import { coalitionAndBackgroundValues, inputValue, setupPerturbation, spread, valueOf } from '../internal/perturbation';
import { makeResult, type AttributionResult } from './result';
import type { BatchSizeOption, OutputOption } from '../options';

/** Options of {@link featureAblation}. */
export interface FeatureAblationOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The ablated value: one row (or a number filling it), or a background set [M, ...featureShape] averaged over. Default: 0. */
  baseline?: InputLike | number;
  /** One group id per feature (nested like the feature shape, or flat); a group is ablated together. Default: every feature alone. */
  featureMask?: readonly NestedArray[] | readonly number[];
}

/**
 * Feature ablation attributions; the completeness gap compares Σφ with f(x) − E f(x') (zero
 * for additive models only). Accepts black boxes. Zeiler & Fergus, ECCV 2014.
 */
export async function featureAblation(
  model: AnyModel,
  inputs: InputLike,
  options: FeatureAblationOptions = {},
): Promise<AttributionResult> {
  const fn = 'featureAblation';
  const o = { ...options };
  const ctx = await setupPerturbation(fn, model, inputs, o);
  try {
    const G = ctx.players.count;
    const z = new Uint8Array(G * G).fill(1);
    for (let g = 0; g < G; g++) z[g * G + g] = 0;
    const { v, fb } = await coalitionAndBackgroundValues(fn, ctx, z, G, o);
    const values = new Float32Array(ctx.n * ctx.numSel * ctx.d);
    const outputAtInput: number[] = [];
    const outputAtBaseline: number[] = [];
    const completenessGap: number[] = [];
    for (let i = 0; i < ctx.n; i++) {
      for (let s = 0; s < ctx.numSel; s++) {
        const fx = inputValue(ctx, i, s);
        const phi = Float64Array.from({ length: G }, (_, g) => fx - valueOf(ctx, v, G, i, g, s));
        spread(ctx.players, phi, values, (i * ctx.numSel + s) * ctx.d);
        let e0 = 0;
        for (let r = 0; r < ctx.m; r++) e0 += selectFromMatrix(fb, ctx.info.numOutputs, r, ctx.sel, i, s);
        e0 /= ctx.m;
        outputAtInput.push(fx);
        outputAtBaseline.push(e0);
        completenessGap.push(phi.reduce((a, b) => a + b, 0) - (fx - e0));
      }
    }
    return makeResult({
      method: fn,
      values,
      numInputs: ctx.n,
      featureShape: ctx.featureShape,
      outputs: ctx.sel.kind === 'all' ? ctx.sel.numOutputs : null,
      diagnostics: { completenessGap, outputAtInput, outputAtBaseline, evaluations: G * ctx.m },
      params: { players: G, background: ctx.m },
    });
  } finally {
    ctx.dispose();
  }
}
