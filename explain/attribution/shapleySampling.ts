/**
 * Shapley value sampling (Castro, Gómez, Tejada, "Polynomial calculation of the Shapley value
 * based on sampling", Computers & Operations Research 2009), as in DeepExplain (Ancona et al.,
 * ICLR 2018): for random permutations of the features (or feature groups), switch them one by
 * one from the baseline to the input and credit each with its marginal change of f.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike } from '../types';
import { evaluateRows, type AnyModel } from '../internal/blackBox';
import { chunks } from '../internal/batching';
import { errors } from '../internal/errors';
import { resolveOutput, selectFromMatrix, selectionCount } from '../internal/output';
import { checkMemory, chunkBytes } from '../internal/memory';
import { Rng, type Seed } from '../internal/rng';
import { checkPositiveInteger } from '../internal/validate';
import { modelRows } from '../internal/perturbation';
import { prepareMethodCall } from '../internal/prepareMethodCall';
import { resolveAliases } from '../internal/aliases';
import { resultFromRun, type AttributionResult } from './result';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { numSamples: 5, seed: 0 as Seed };

/** Options of {@link shapleySampling}. */
export interface ShapleySamplingOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** Random permutations per input. Default: 5. */
  numSamples?: number;
  /** @deprecated The former name of `numSamples` (warns once). Default: none. */
  samples?: number;
  /**
   * Input axes (1-based; axis 0 is the batch) whose positions are the players; features that
   * differ only along the other axes form one group, switched together (e.g. [1, 2] on
   * [N, H, W, C] images: pixels with all their channels). Default: every feature axis.
   */
  samplingDims?: readonly number[];
  /** The absent value of a feature: one row (or a number) or one row per input. Default: 0. */
  baseline?: InputLike | number;
  /** Seed of the permutations. Default: 0. */
  seed?: Seed;
  /** Memory the call may plan for (permutations, model outputs, one chunk), in MB. Default: 1024. */
  memoryBudgetMB?: number;
}

/**
 * Shapley value sampling attributions; a group's value is shared evenly by its features, so Σφ
 * equals f(x) − f(x') for every number of samples (the gap only shows float error).
 * Accepts black boxes (async functions of rows).
 * Castro et al. 2009; DeepExplain (Ancona et al., ICLR 2018).
 */
export async function shapleySampling(
  model: AnyModel,
  inputs: InputLike,
  options: ShapleySamplingOptions = {},
): Promise<AttributionResult> {
  const fn = 'shapleySampling';
  checkOptionKeys(fn, options, OPTION_KEYS.shapleySampling);
  // An error names the option as the caller spelt it.
  const samplesArg = options.samples !== undefined ? 'samples' : 'numSamples';
  const o = { ...DEFAULTS, ...resolveAliases(fn, options, { samples: 'numSamples' }) };
  checkPositiveInteger(o.numSamples, samplesArg, fn);
  const prep = await prepareMethodCall(fn, model, inputs, o, {
    model: 'runner',
    baseline: 'fixed',
    checkInputs: (t) => samplingAxes(o.samplingDims, t.shape.slice(1), fn),
  });
  try {
    const { model: runner, x: xT, n, featureShape: fs, d, batchSize, m } = prep;
    const r = fs.length;
    const dims = samplingAxes(o.samplingDims, fs, fn);
    const { values: fx, info } = await evaluateRows(runner, xT, batchSize);
    const sel = resolveOutput(o.output, info, n, fn);
    const numSel = selectionCount(sel);
    // Per permutation: d ranks, G + 1 model rows of k outputs, the permutation itself.
    checkMemory({
      fn,
      arg: samplesArg,
      value: o.numSamples,
      fixedBytes: chunkBytes(Math.min(batchSize, n * o.numSamples * (d + 1)), d) + 8 * n * numSel * d,
      bytesPerUnit: n * 4 * (2 * d + (d + 1) * info.numOutputs + 2),
      budgetMB: o.memoryBudgetMB,
    });

    // Group of every feature: its coordinates on the sampling axes, row-major.
    const group = new Int32Array(d);
    const groupSize: number[] = [];
    const sortedDims = [...dims].sort((p, q) => p - q);
    let G = 1;
    for (const a of sortedDims) G *= fs[a - 1];
    for (let g = 0; g < G; g++) groupSize.push(0);
    for (let j = 0; j < d; j++) {
      let rest = j;
      const coord = new Array<number>(r);
      for (let a = r - 1; a >= 0; a--) {
        coord[a] = rest % fs[a];
        rest = Math.floor(rest / fs[a]);
      }
      let g = 0;
      for (const a of sortedDims) g = g * fs[a - 1] + coord[a - 1];
      group[j] = g;
      groupSize[g]++;
    }

    // The rank of each feature's group in each permutation; state t of a permutation has the
    // groups of rank < t switched to the input, so a whole permutation's G + 1 states come from
    // one comparison on the device.
    const rng = new Rng(o.seed);
    const S = o.numSamples;
    const perms: Int32Array[] = [];
    const ranks = new Float32Array(n * S * d);
    for (let q = 0; q < n * S; q++) {
      const perm = rng.permutation(G);
      perms.push(perm);
      const rankOf = new Int32Array(G);
      perm.forEach((g, t) => (rankOf[g] = t));
      for (let j = 0; j < d; j++) ranks[q * d + j] = rankOf[group[j]];
    }
    const states = G + 1;
    const totalRows = n * S * states;
    const k = info.numOutputs;
    const out = new Float32Array(totalRows * k);
    const xFlat = xT.reshape([n, d]);
    const bFlat = (prep.baseline as tf.Tensor).reshape([m, d]);
    const ranksT = tf.tensor2d(ranks, [n * S, d]);
    const plan = chunks(totalRows, batchSize);
    const cp = new Checkpoint(fn, plan.length, o);
    try {
      // State t of permutation q has the groups of rank < t switched on; the gathers, the
      // comparison and the forward pass are one compiled session call on the tensorflow backend.
      const build = (
        xf: tf.Tensor,
        bf: tf.Tensor,
        rk: tf.Tensor,
        seq: tf.Tensor,
        inputOf: tf.Tensor,
        t: tf.Tensor,
      ): tf.Tensor => {
        const xi = tf.gather(xf, inputOf);
        const bi = m === 1 ? bf : tf.gather(bf, inputOf);
        const on = tf.gather(rk, seq).less(t).cast('float32');
        return bi.add(xi.sub(bi).mul(on)).reshape([seq.shape[0], ...fs]);
      };
      for (const c of plan) {
        const len = c.end - c.start;
        const seqA = Int32Array.from({ length: len }, (_, p) => Math.floor((c.start + p) / states));
        const seq = tf.tensor1d(seqA, 'int32');
        const inputOf = tf.tensor1d(
          seqA.map((q) => Math.floor(q / S)),
          'int32',
        );
        const t = tf.tensor2d(
          Float32Array.from({ length: len }, (_, p) => (c.start + p) % states),
          [len, 1],
        );
        try {
          out.set(
            await modelRows(model, runner, fn, `baselines ${m}`, build, [xFlat, bFlat, ranksT, seq, inputOf, t], k),
            c.start * k,
          );
        } finally {
          tf.dispose([seq, inputOf, t]);
        }
        await cp.step();
      }
    } finally {
      cp.end();
      xFlat.dispose();
      bFlat.dispose();
      ranksT.dispose();
    }

    const values = new Float32Array(n * numSel * d);
    const outputAtInput: number[] = [];
    const outputAtBaseline: number[] = [];
    const completenessGap: number[] = [];
    const phiG = new Float64Array(G);
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < numSel; s++) {
        phiG.fill(0);
        let fbSum = 0;
        for (let p = 0; p < S; p++) {
          const q = i * S + p;
          const base = q * states;
          let prev = selectFromMatrix(out, k, base, sel, i, s);
          fbSum += prev;
          for (let t = 1; t <= G; t++) {
            const cur = selectFromMatrix(out, k, base + t, sel, i, s);
            phiG[perms[q][t - 1]] += (cur - prev) / S;
            prev = cur;
          }
        }
        const off = (i * numSel + s) * d;
        let sum = 0;
        for (let j = 0; j < d; j++) {
          values[off + j] = phiG[group[j]] / groupSize[group[j]];
          sum += values[off + j];
        }
        const a = selectFromMatrix(fx, k, i, sel, i, s);
        const fb = fbSum / S;
        outputAtInput.push(a);
        outputAtBaseline.push(fb);
        completenessGap.push(sum - (a - fb));
      }
    }
    return resultFromRun(
      fn,
      {
        values,
        numInputs: n,
        featureShape: fs,
        outputs: sel.kind === 'all' ? sel.numOutputs : null,
        outputAtInput,
        outputAtBaseline,
        completenessGap,
      },
      S * states,
      { numSamples: S, groups: G, seed: String(o.seed) },
    );
  } finally {
    prep.dispose();
  }
}

/** The checked sampling axes (1-based feature axes) of feature shape `fs`. */
function samplingAxes(samplingDims: readonly number[] | undefined, fs: readonly number[], fn: string): readonly number[] {
  const r = fs.length;
  const dims = samplingDims ?? fs.map((_, a) => a + 1);
  if (
    !Array.isArray(dims) ||
    dims.length === 0 ||
    new Set(dims).size !== dims.length ||
    dims.some((a) => !Number.isInteger(a) || a < 1 || a > r)
  ) {
    throw new Error(errors.samplingDims(fn, r, dims));
  }
  return dims;
}
