/**
 * The model-parameter randomisation test (Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim,
 * "Sanity Checks for Saliency Maps", NeurIPS 2018): re-initialise the layers one after another
 * from the output down (cascading) and compare each randomised model's maps with the original
 * ones. A method whose maps stay alike does not explain what the model learned.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, OutputSelection } from '../types';
import { errors } from '../internal/errors';
import { isKeyOf } from '../internal/keys';
import { Rng, type Seed } from '../../core';
import { checkOneOf, prepareInputs } from '../internal/validate';
import { resolveMethod, type MethodSpec } from './attributionMethods';
import { spearman } from './spearman';
import { ssim } from './ssim';
import { attributionMatrix } from './support';
import { fmt, table as alignTable } from '../internal/textTable';

/** How layers are randomised. */
export const RANDOMIZATIONS = {
  cascading: 'step j re-initialises the top j layers with weights (output first), keeping the earlier steps',
  independent: 'step j re-initialises layer j (from the top) alone',
} as const;
/** A randomisation name. */
export type Randomization = keyof typeof RANDOMIZATIONS;
/** Whether `s` names a randomisation. */
export function isRandomization(s: unknown): s is Randomization {
  return isKeyOf(s, RANDOMIZATIONS);
}

const DEFAULTS = { randomization: 'cascading' as Randomization, seed: 0 as Seed };

/** Options of {@link modelRandomization}. */
export interface ModelRandomizationOptions extends ProgressOptions {
  /** Cascading (Adebayo et al.'s main test) or one layer at a time. Default: 'cascading'. */
  randomization?: Randomization;
  /** Seed of the new weights (and of a sampling method's draws). Default: 0. */
  seed?: Seed;
  /** Which output the method explains. Default: the only output. */
  output?: OutputSelection;
  /** Also compute the SSIM of the normalised |maps|. Default: true for image inputs ([H, W] or [H, W, C]). */
  ssim?: boolean;
}

/** The similarity of the original maps with each randomised model's. */
export interface ModelRandomizationResult {
  method: string;
  /** 'original', then the layer re-initialised last at each step. */
  steps: string[];
  /** Mean over rows of Spearman's ρ between |φ| of the original and the randomised model (1 at step 0). */
  spearman: number[];
  /** Per step, ρ per row. */
  spearmanPerRow: number[][];
  /** Mean SSIM of the |maps| scaled to [0, 1] per step (channels summed), or null. */
  ssim: number[] | null;
  toText(): string;
}

interface LayerLike {
  name: string;
  getWeights(): tf.Tensor[];
  setWeights(w: tf.Tensor[]): void;
}

function isLayersModel(m: unknown): m is { layers: LayerLike[] } {
  return (
    typeof m === 'object' &&
    m !== null &&
    Array.isArray((m as { layers?: unknown }).layers) &&
    typeof (m as { apply?: unknown }).apply === 'function'
  );
}

/**
 * Fresh weights as Keras initialises them: Glorot-uniform kernels (rank ≥ 2), zero biases;
 * batch-norm statistics and scales (other rank-1 weights) are kept, as their re-initialisation
 * to 1/0 would mostly rescale rather than randomise.
 */
function freshWeights(layer: LayerLike, rng: Rng): tf.Tensor[] {
  return layer.getWeights().map((w) => {
    if (w.rank >= 2) {
      const rf = w.shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const fanIn = (w.shape[w.rank - 2] as number) * rf;
      const fanOut = (w.shape[w.rank - 1] as number) * rf;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const v = new Float32Array(w.size);
      for (let i = 0; i < v.length; i++) v[i] = (rng.uniform() * 2 - 1) * limit;
      return tf.tensor(v, w.shape);
    }
    return tf.zerosLike(w);
  });
}

function absMaps(phi: Float64Array, n: number, d: number, group: number): Float64Array {
  const u = d / group;
  const out = new Float64Array(n * u);
  for (let i = 0; i < n * d; i++) out[Math.floor(i / group)] += Math.abs(phi[i]);
  return out;
}

/**
 * The randomisation sanity check of an attribution method on a tf.LayersModel. The model's
 * weights are restored afterwards, also on error or cancellation.
 * Adebayo et al., NeurIPS 2018.
 */
export async function modelRandomization(
  model: tf.LayersModel,
  inputs: InputLike,
  method: MethodSpec,
  options: ModelRandomizationOptions = {},
): Promise<ModelRandomizationResult> {
  const fn = 'modelRandomization';
  await ready();
  const o = { ...DEFAULTS, ...options };
  if (!isLayersModel(model)) throw new Error(errors.evalLayersModel(fn, model));
  const layers = (model.layers as LayerLike[]).filter((l) => l.getWeights().some((w) => w.rank >= 2)).reverse();
  if (layers.length === 0) throw new Error(errors.evalLayersModel(fn, model));
  const m = resolveMethod(method, 'method', fn);
  const randomization = checkOneOf(o.randomization, RANDOMIZATIONS, 'randomization', fn);
  const x = prepareInputs(inputs, 'inputs', fn);
  const saved = layers.map((l) => l.getWeights().map((w) => w.clone()));
  const checkpoint = new Checkpoint(fn, layers.length + 1, o);
  try {
    const n = x.tensor.shape[0];
    const fs = x.tensor.shape.slice(1);
    const d = fs.reduce((a, b) => a * b, 1);
    const image = fs.length === 2 || fs.length === 3;
    const group = fs.length === 3 ? fs[2] : 1;
    const wantSsim = o.ssim ?? image;
    if (wantSsim && !image) throw new Error(errors.evalNotImage(fn, 'inputs', fs));
    const seed = typeof o.seed === 'number' ? o.seed : undefined;
    const explain = async () =>
      absMaps(attributionMatrix(await m.run(model, x.tensor, { output: o.output, seed }), n, fs, fn), n, d, group);
    const u = d / group;
    const original = await explain();
    await checkpoint.step();
    const rng = new Rng(o.seed, 'modelRandomization');
    const steps = ['original'];
    const rho: number[][] = [Array.from({ length: n }, () => 1)];
    const ssims: number[] = [1];
    const scaled = (maps: Float64Array, i: number) => {
      const row = maps.subarray(i * u, (i + 1) * u);
      const mx = row.reduce((a, b) => Math.max(a, b), 0) || 1;
      return Float64Array.from(row, (v) => v / mx);
    };
    for (let j = 0; j < layers.length; j++) {
      if (randomization === 'independent' && j > 0) layers[j - 1].setWeights(saved[j - 1]);
      const fresh = freshWeights(layers[j], rng);
      layers[j].setWeights(fresh);
      fresh.forEach((t) => t.dispose());
      const maps = await explain();
      steps.push(layers[j].name);
      const r: number[] = [];
      let s = 0;
      for (let i = 0; i < n; i++) {
        r.push(spearman(original.subarray(i * u, (i + 1) * u), maps.subarray(i * u, (i + 1) * u)));
        if (wantSsim) s += ssim(scaled(original, i), scaled(maps, i), fs[0], fs[1]);
      }
      rho.push(r);
      ssims.push(s / n);
      await checkpoint.step();
    }
    const spearmanMean = rho.map((r) => r.reduce((a, b) => a + b, 0) / r.length);
    const ssimOut = wantSsim ? ssims : null;
    return {
      method: m.label,
      steps,
      spearman: spearmanMean,
      spearmanPerRow: rho,
      ssim: ssimOut,
      toText() {
        const head = ['step', 're-initialised', 'Spearman |φ|', ...(ssimOut ? ['SSIM'] : [])];
        const rows = steps.map((name, i) => [String(i), name, fmt(spearmanMean[i]), ...(ssimOut ? [fmt(ssimOut[i])] : [])]);
        return [
          `modelRandomization of ${m.label} (${randomization}): similarity to the original maps`,
          ...alignTable([head, ...rows]),
        ].join('\n');
      },
    };
  } finally {
    checkpoint.end();
    layers.forEach((l, j) => l.setWeights(saved[j]));
    saved.flat().forEach((t) => t.dispose());
    x.dispose();
  }
}
