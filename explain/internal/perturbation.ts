/**
 * The body shared by the model-agnostic methods (KernelSHAP, LIME, exact Shapley values, feature
 * ablation): players are features or groups of features (a feature mask), a coalition switches
 * its players to the input and leaves the others at a background row, and the value of a
 * coalition is the model's output averaged over the background rows (interventional Shapley
 * values; Janzing, Minorics, Blöbaum, AISTATS 2020). Only model outputs are needed, so every
 * method here accepts black boxes.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, NestedArray, OutputSelection } from '../types';
import { evaluateRows, type AnyModel, type BatchRunner } from './blackBox';
import { errors } from './errors';
import { inspectOutput, toModelFunction, type OutputInfo } from './model';
import { cacheFor } from '../engine/compile';
import type { ModelLike } from '../types';
import { resolveOutput, selectFromMatrix, selectionCount, type ResolvedOutput } from './output';
import { prepareMethodCall } from './prepareMethodCall';

/** Options every perturbation method understands. */
export interface PerturbationOptions {
  baseline?: InputLike | number;
  featureMask?: readonly NestedArray[] | readonly number[];
  output?: OutputSelection;
  batchSize?: number;
}

/**
 * The model's outputs [P, K] (row-major) on rows that `build` makes on the device from `args`
 * (the input, masks, index tensors: everything that changes between calls is an argument). For
 * a tfjs model, building the rows and the forward pass are one function of the arguments, which
 * on the tensorflow backend runs as one compiled session call (cached per model, `fn` and
 * `key`, which must name every JavaScript number `build` uses); a black box gets the rows.
 * `numOutputs`: K of the model's first evaluation (checked).
 */
export async function modelRows(
  model: AnyModel,
  runner: BatchRunner,
  fn: string,
  key: string,
  build: (...args: tf.Tensor[]) => tf.Tensor,
  args: tf.Tensor[],
  numOutputs: number,
): Promise<Float32Array> {
  if (runner.isBlackBox) {
    const z = tf.tidy(() => build(...args));
    try {
      return (await runner.run(z)).values;
    } finally {
      z.dispose();
    }
  }
  const f = toModelFunction(model as ModelLike, fn);
  const body = (...a: tf.Tensor[]): tf.Tensor => {
    const z = build(...a);
    const y = f(z) as unknown;
    if (y instanceof Promise) {
      y.catch(() => undefined);
      throw new Error(errors.blackBoxNotPromise(fn));
    }
    const t = y as tf.Tensor;
    if (inspectOutput(t, z.shape[0], fn).numOutputs !== numOutputs) throw new Error(errors.modelOutputShape(fn, t.shape));
    return t;
  };
  const cache = cacheFor(model as object, `${fn} rows`);
  const out = tf.tidy(() => cache.run(body, args, key));
  try {
    return Float32Array.from(await out.data());
  } finally {
    out.dispose();
  }
}

/** Players: the group of every feature, renumbered 0..G−1 in increasing id order. */
export interface Players {
  group: Int32Array;
  count: number;
  size: Int32Array;
}

/** Groups from a feature mask (one id per feature, nested like the feature shape or flat). */
export function parsePlayers(mask: unknown, featureShape: readonly number[], fn: string): Players {
  const d = featureShape.reduce((a, b) => a * b, 1);
  if (mask === undefined) {
    return { group: Int32Array.from({ length: d }, (_, j) => j), count: d, size: new Int32Array(d).fill(1) };
  }
  if (!Array.isArray(mask)) throw new Error(errors.featureMask(fn, d, describeMask(mask)));
  const flat = (mask as unknown[]).flat(Infinity) as unknown[];
  if (flat.length !== d) throw new Error(errors.featureMask(fn, d, `${flat.length} ids`));
  for (const v of flat) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(errors.featureMask(fn, d, `the id ${String(v)}`));
  }
  const ids = [...new Set(flat as number[])].sort((a, b) => a - b);
  const index = new Map(ids.map((id, g) => [id, g]));
  const group = Int32Array.from(flat as number[], (v) => index.get(v) as number);
  const size = new Int32Array(ids.length);
  for (const g of group) size[g]++;
  return { group, count: ids.length, size };
}

function describeMask(m: unknown): string {
  return m === null ? 'null' : typeof m === 'object' ? 'an object' : String(m);
}

/** Everything a perturbation method has checked and evaluated before it perturbs. */
export interface PerturbationContext {
  fn: string;
  runner: BatchRunner;
  x: tf.Tensor;
  n: number;
  featureShape: number[];
  d: number;
  /** Background rows [M, ...featureShape]. */
  background: tf.Tensor;
  m: number;
  players: Players;
  batchSize: number;
  /** f(x), [N, K]. */
  fx: Float32Array;
  info: OutputInfo;
  sel: ResolvedOutput;
  numSel: number;
  dispose(): void;
}

/** Validates inputs, baseline (a background set), feature mask and batch size; evaluates f(x). */
export async function setupPerturbation(
  fn: string,
  model: AnyModel,
  inputs: InputLike,
  o: PerturbationOptions,
): Promise<PerturbationContext> {
  const prep = await prepareMethodCall(fn, model, inputs, o, {
    model: 'runner',
    baseline: 'background',
    checkInputs: (t) => parsePlayers(o.featureMask, t.shape.slice(1), fn),
  });
  try {
    const { model: runner, x, n, featureShape, d, batchSize } = prep;
    const background = prep.baseline as tf.Tensor;
    const players = parsePlayers(o.featureMask, featureShape, fn);
    const { values: fx, info } = await evaluateRows(runner, x, batchSize);
    const sel = resolveOutput(o.output, info, n, fn);
    return {
      fn,
      runner,
      x,
      n,
      featureShape,
      d,
      background,
      m: prep.m,
      players,
      batchSize,
      fx,
      info,
      sel,
      numSel: selectionCount(sel),
      dispose: () => prep.dispose(),
    };
  } catch (e) {
    prep.dispose();
    throw e;
  }
}

/** The feature-level 0/1 masks [C, d] of coalitions given over players [C, G]. */
export function featureMasks(coalitions: Uint8Array, numCoalitions: number, players: Players, d: number): Float32Array {
  const G = players.count;
  const out = new Float32Array(numCoalitions * d);
  for (let c = 0; c < numCoalitions; c++) for (let j = 0; j < d; j++) out[c * d + j] = coalitions[c * G + players.group[j]];
  return out;
}

/**
 * The value of every coalition for every input: E_r f(x_S, b_r,S̄) over the background rows,
 * as [N, C, K] row-major. Coalitions are [C, G] 0/1 over players, shared by every input.
 * Rows go through the model in passes of about `batchSize` (at least one coalition with every
 * background row per pass); `cp` steps once per pass.
 */
export async function coalitionValues(
  ctx: PerturbationContext,
  coalitions: Uint8Array,
  numCoalitions: number,
  cp: Checkpoint | null,
): Promise<Float32Array> {
  const { n, d, m, featureShape } = ctx;
  const masks = featureMasks(coalitions, numCoalitions, ctx.players, d);
  const per = Math.max(1, Math.floor(ctx.batchSize / m));
  let k = ctx.info.numOutputs;
  const out = new Float32Array(n * numCoalitions * k);
  const xFlat = ctx.x.reshape([n, 1, 1, d]);
  const bFlat = ctx.background.reshape([1, m, d]);
  try {
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < numCoalitions; s += per) {
        const cnt = Math.min(per, numCoalitions - s);
        const z = tf.tidy(() => {
          const mk = tf.tensor3d(masks.subarray(s * d, (s + cnt) * d), [cnt, 1, d]);
          const xi = xFlat.slice([i, 0, 0, 0], [1, 1, 1, d]).reshape([1, 1, d]);
          return bFlat.add(mk.mul(xi.sub(bFlat))).reshape([cnt * m, ...featureShape]);
        });
        let r: { values: Float32Array; info: OutputInfo };
        try {
          r = await ctx.runner.run(z);
        } finally {
          z.dispose();
        }
        k = r.info.numOutputs;
        const base = (i * numCoalitions + s) * k;
        for (let c = 0; c < cnt; c++) {
          for (let q = 0; q < k; q++) {
            let sum = 0;
            for (let rr = 0; rr < m; rr++) sum += r.values[(c * m + rr) * k + q];
            out[base + c * k + q] = sum / m;
          }
        }
        if (cp) await cp.step();
      }
    }
  } finally {
    xFlat.dispose();
    bFlat.dispose();
  }
  return out;
}

/**
 * {@link coalitionValues} of `numCoalitions` coalitions and the model's values at the background
 * rows, under one checkpoint of method `fn` (one step per pass, one for the background).
 */
export async function coalitionAndBackgroundValues(
  fn: string,
  ctx: PerturbationContext,
  coalitions: Uint8Array,
  numCoalitions: number,
  progress: ProgressOptions,
): Promise<{ v: Float32Array; fb: Float32Array }> {
  const cp = new Checkpoint(fn, coalitionPasses(ctx, numCoalitions) + 1, progress);
  try {
    const v = await coalitionValues(ctx, coalitions, numCoalitions, cp);
    const fb = (await evaluateRows(ctx.runner, ctx.background, ctx.batchSize)).values;
    await cp.step();
    return { v, fb };
  } finally {
    cp.end();
  }
}

/** Passes {@link coalitionValues} takes for `numCoalitions` coalitions (for progress totals). */
export function coalitionPasses(ctx: PerturbationContext, numCoalitions: number): number {
  const per = Math.max(1, Math.floor(ctx.batchSize / ctx.m));
  return ctx.n * Math.ceil(numCoalitions / per);
}

/** Value of coalition c for input i and selection s from {@link coalitionValues}' output. */
export function valueOf(
  ctx: PerturbationContext,
  v: Float32Array,
  numCoalitions: number,
  i: number,
  c: number,
  s: number,
): number {
  return selectFromMatrix(v, ctx.info.numOutputs, i * numCoalitions + c, ctx.sel, i, s);
}

/** f(x) of input i, selection s. */
export function inputValue(ctx: PerturbationContext, i: number, s: number): number {
  return selectFromMatrix(ctx.fx, ctx.info.numOutputs, i, ctx.sel, i, s);
}

/** Spreads per-player values [G] evenly over each player's features into `out` at `off`. */
export function spread(players: Players, phiG: ArrayLike<number>, out: Float32Array, off: number): void {
  for (let j = 0; j < players.group.length; j++) out[off + j] = phiG[players.group[j]] / players.size[players.group[j]];
}

/** Solves the symmetric positive (semi)definite system A x = b (n×n, row-major) in place by Gaussian elimination with partial pivoting; near-zero pivots get a tiny ridge. */
export function solveLinear(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(A);
  const y = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i]));
  const tiny = Math.max(1e-300, scale * 1e-12);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    if (p !== c) {
      for (let j = 0; j < n; j++) [a[c * n + j], a[p * n + j]] = [a[p * n + j], a[c * n + j]];
      [y[c], y[p]] = [y[p], y[c]];
    }
    if (Math.abs(a[c * n + c]) < tiny) a[c * n + c] = tiny;
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      if (f === 0) continue;
      for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
      y[r] -= f * y[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = y[r];
    for (let j = r + 1; j < n; j++) s -= a[r * n + j] * x[j];
    x[r] = s / a[r * n + r];
  }
  return x;
}
