/**
 * Feature permutation (Breiman, "Random Forests", Machine Learning 2001; per-example as in
 * Fisher, Rudin, Dominici, "All Models are Wrong, but Many are Useful", JMLR 2019, and captum's
 * FeaturePermutation): shuffle one feature (or group) across the rows of the batch and credit it
 * with f(x) − f(x with that feature taken from another row), spread evenly over the group.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, NestedArray } from '../types';
import type { AnyModel } from '../internal/blackBox';
import { errors } from '../internal/errors';
import { selectFromMatrix } from '../internal/output';
import { featureMasks, inputValue, setupPerturbation, spread } from '../internal/perturbation';
import { Rng, type Seed } from '../internal/rng';
import { checkPositiveInteger } from '../internal/validate';
import { makeResult, type AttributionResult } from './result';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { numPermutations: 1, seed: 0 as Seed };

/** Options of {@link featurePermutation}. */
export interface FeaturePermutationOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** Independent shuffles averaged over (a standard error is reported when > 1). Default: 1. */
  numPermutations?: number;
  /** One group id per feature (nested like the feature shape, or flat); a group is shuffled together. Default: every feature alone. */
  featureMask?: readonly NestedArray[] | readonly number[];
  /** Seed of the shuffles. Default: 0. */
  seed?: Seed;
}

/**
 * Per-example permutation attributions of a batch (at least 2 rows). The completeness gap is
 * measured against the batch mean of f (zero for additive models in expectation only).
 * Accepts black boxes. Breiman 2001; Fisher, Rudin, Dominici, JMLR 2019.
 */
export async function featurePermutation(
  model: AnyModel,
  inputs: InputLike,
  options: FeaturePermutationOptions = {},
): Promise<AttributionResult> {
  const fn = 'featurePermutation';
  const o = { ...DEFAULTS, ...options };
  const P = checkPositiveInteger(o.numPermutations, 'numPermutations', fn);
  const ctx = await setupPerturbation(fn, model, inputs, o);
  try {
    const { n, d, players, featureShape } = ctx;
    if (n < 2) throw new Error(errors.tooFewRows(fn, 2, n));
    const G = players.count;
    const eye = new Uint8Array(G * G);
    for (let g = 0; g < G; g++) eye[g * G + g] = 1;
    const masks = featureMasks(eye, G, players, d);
    const per = Math.max(1, Math.floor(ctx.batchSize / n));
    const k = ctx.info.numOutputs;
    const rng = new Rng(o.seed);
    const sums = new Float64Array(n * ctx.numSel * G);
    const sq = new Float64Array(n * ctx.numSel * G);
    const cp = new Checkpoint(fn, P * Math.ceil(G / per), o);
    const xFlat = ctx.x.reshape([1, n, d]);
    try {
      for (let p = 0; p < P; p++) {
        const perm = rng.permutation(n);
        const xp = tf.tidy(() => tf.gather(xFlat.reshape([n, d]), tf.tensor1d(perm, 'int32')).reshape([1, n, d]));
        try {
          for (let g0 = 0; g0 < G; g0 += per) {
            const cnt = Math.min(per, G - g0);
            const z = tf.tidy(() => {
              const mk = tf.tensor3d(masks.subarray(g0 * d, (g0 + cnt) * d), [cnt, 1, d]);
              return xFlat.add(mk.mul(xp.sub(xFlat))).reshape([cnt * n, ...featureShape]);
            });
            let r: Float32Array;
            try {
              r = (await ctx.runner.run(z)).values;
            } finally {
              z.dispose();
            }
            for (let c = 0; c < cnt; c++) {
              for (let i = 0; i < n; i++) {
                for (let s = 0; s < ctx.numSel; s++) {
                  const delta = inputValue(ctx, i, s) - selectFromMatrix(r, k, c * n + i, ctx.sel, i, s);
                  const at = (i * ctx.numSel + s) * G + g0 + c;
                  sums[at] += delta;
                  sq[at] += delta * delta;
                }
              }
            }
            await cp.step();
          }
        } finally {
          xp.dispose();
        }
      }
    } finally {
      cp.end();
      xFlat.dispose();
    }
    const values = new Float32Array(n * ctx.numSel * d);
    const se = P > 1 ? new Float32Array(n * ctx.numSel * d) : null;
    const outputAtInput: number[] = [];
    const outputAtBaseline: number[] = [];
    const completenessGap: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < ctx.numSel; s++) {
        const at = (i * ctx.numSel + s) * G;
        const phi = Float64Array.from({ length: G }, (_, g) => sums[at + g] / P);
        spread(players, phi, values, (i * ctx.numSel + s) * d);
        if (se) {
          const e = Float64Array.from({ length: G }, (_, g) =>
            Math.sqrt(Math.max(0, ((sq[at + g] / P - phi[g] ** 2) * P) / (P - 1)) / P),
          );
          spread(players, e, se, (i * ctx.numSel + s) * d);
        }
        let mean = 0;
        for (let q = 0; q < n; q++) mean += inputValue(ctx, q, s);
        mean /= n;
        const fx = inputValue(ctx, i, s);
        outputAtInput.push(fx);
        outputAtBaseline.push(mean);
        completenessGap.push(phi.reduce((a, b) => a + b, 0) - (fx - mean));
      }
    }
    return makeResult({
      method: fn,
      values,
      numInputs: n,
      featureShape,
      outputs: ctx.sel.kind === 'all' ? ctx.sel.numOutputs : null,
      standardError: se,
      diagnostics: { completenessGap, outputAtInput, outputAtBaseline, evaluations: P * G },
      params: { numPermutations: P, players: G, seed: String(o.seed) },
    });
  } finally {
    ctx.dispose();
  }
}
