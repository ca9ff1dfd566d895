/**
 * The shared path integrator of Integrated Gradients (Sundararajan et al., ICML 2017) and
 * Expected Gradients (Erion et al., Nature Machine Intelligence 2021):
 * φᵢ = Σₚ wₚ · Δᵢ,ₚ · ∂ᵢf(x'ₚ + αₚΔₚ), with the points (reference row, α, weight) chosen by a
 * {@link PathSampler}. All points of a chunk go through the model in one forward and one
 * backward pass; chunks only bound memory.
 */
import * as tf from '@tensorflow/tfjs';
import type { ProgressOptions } from '../progress';
import type { ModelFunction } from '../types';
import type { DenseStack } from './dense/denseStack';
import { alignedChunks, type AlignedChunk } from './batching';
import { denseFirstLayerGradient, outputSeed } from './dense/denseGradient';
import { errors } from './errors';
import { asMatrix, evaluate, type OutputInfo } from './model';
import { completenessRowsOf, standardErrorOfMean } from './stats';
import { cacheFor } from '../engine/compile';
import { selectFromMatrix, selectOutput, selectionCount, type ResolvedOutput } from './output';
import { drawSteps, drawWithProgress, type BaselineForm, type PathDraws, type PathSampler } from './samplers';

/** What {@link integratePath} needs. Tensors are borrowed, never disposed. */
export interface PathIntegralArgs {
  /** Name of the public method, for messages and progress. */
  fn: string;
  model: ModelFunction;
  /** Inputs [N, ...featureShape], float32, checked. */
  inputs: tf.Tensor;
  /** Baseline rows [M, ...featureShape]. */
  baseline: tf.Tensor;
  baselineForm: BaselineForm;
  sampler: PathSampler;
  /** Output selection resolved against the model. */
  selection: ResolvedOutput;
  /** The model's output layout, from {@link evaluate} on the inputs. */
  outputInfo: OutputInfo;
  /** The model's outputs on the inputs, [N, K] row-major (from {@link evaluate}). */
  outputsAtInputs: Float32Array;
  /** The model's outputs on the baseline rows, [M, K] row-major, when already known. Default: computed here. */
  outputsAtBaseline?: Float32Array;
  /** Path points per model pass. */
  batchSize: number;
  progress?: ProgressOptions;
  /**
   * Sum each point's contributions over groups of this many consecutive features before
   * averaging (the embedding explainer: E per token), so the standard error is that of the
   * summed attribution. Default: 1 (none).
   */
  sumGroups?: number;
  /**
   * The model as a dense stack (from `denseStackFor`): its input gradient is then taken by
   * hand instead of by `tf.grad`. Default: null.
   */
  dense?: DenseStack | null;
  /**
   * The model object (or function) the chunks' compiled graphs are cached under: on the
   * tensorflow backend each chunk then runs as one TensorFlow session call. Default: none (eager).
   */
  compileOwner?: object | null;
}

/** Raw integrator output; flat arrays in the result layout [N, S, d] (S = selections). */
export interface PathIntegral {
  values: Float32Array;
  /** Monte-Carlo standard error per value (random samplers with ≥ 2 points), else null. */
  standardError: Float32Array | null;
  /** Per row (input-major [N, S]): f(x), f(x') (weighted over the drawn references), the gap. */
  outputAtInput: number[];
  outputAtBaseline: number[];
  completenessGap: number[];
  /**
   * Random samplers only: per row the standard error of the gap, from the per-draw values
   * Σⱼ cⱼ + f(x'ₚ) (whose mean is f(x) in expectation).
   */
  completenessStandardError: number[] | null;
  draws: PathDraws;
}

/**
 * The baseline rows of one chunk's path points as [1, 1, d] (shared), [ni, 1, d] (one per
 * input) or [ni, sp, d] (drawn references), from the baselines flattened to [M, d].
 */
export function chunkBaseline(bFlat: tf.Tensor, form: BaselineForm, draws: PathDraws, c: AlignedChunk): tf.Tensor {
  const d = bFlat.shape[1] as number;
  if (form.kind === 'shared') return bFlat.slice(0, 1).reshape([1, 1, d]);
  if (form.kind === 'perInput') return bFlat.slice(c.firstInput, c.inputs).reshape([c.inputs, 1, d]);
  // gatherND rather than gather: tfjs-node's gather checks every index in JavaScript first,
  // which costs more than the copy itself on small models (the indices come from the sampler).
  const idx = tf.tensor2d(draws.refs.subarray(c.start, c.end), [c.end - c.start, 1], 'int32');
  return tf.gatherND(bFlat, idx).reshape([c.inputs, c.points, d]);
}

interface EngineState {
  state: { activeTape: { saved?: tf.Tensor[] }[] | null; gradientDepth: number };
}

// tfjs throws "Cannot compute gradient" after the forward pass without releasing the tensors
// its tape saved for the backward pass; release them as its own success path does.
function releaseTape(): void {
  const st = (tf.engine() as unknown as EngineState).state;
  if (st.gradientDepth !== 0 || !st.activeTape) return;
  for (const node of st.activeTape) for (const t of node.saved ?? []) t.dispose();
  st.activeTape = null;
}

/**
 * Runs `f` as the gradient of the summed selected output; turns tfjs' "no gradient path" error
 * into the message for a model that ignores its input.
 */
export function inputGradient(fn: string, f: (z: tf.Tensor) => tf.Scalar, z: tf.Tensor): tf.Tensor {
  try {
    return tf.grad(f)(z);
  } catch (e) {
    if (e instanceof Error && /Cannot compute gradient/.test(e.message)) {
      releaseTape();
      throw new Error(errors.modelNotDependent(fn));
    }
    throw e;
  }
}

/** What a chunk's computation reads besides its input tensors (fixed for a call). */
interface PathChunkContext {
  fn: string;
  model: ModelFunction;
  featureShape: number[];
  selection: ResolvedOutput;
  baselineForm: BaselineForm;
  /** The dense stack, its first layer and whether the chunk gets x·W₁ and x'·W₁ (`x1`, `b1`). */
  dense: { stack: DenseStack; layer1: DenseStack['steps'][number]; viaFirst: boolean } | null;
}

/** A chunk's sizes and flags (JavaScript constants of a compiled chunk). */
interface ChunkDims {
  /** Inputs and points per input in the chunk. */
  ni: number;
  sp: number;
  /** Features, working width (d + 1 with the folded bias column), attributed width (d / grp). */
  d: number;
  dw: number;
  dOut: number;
  grp: number;
  /** Width of the first layer (dense stacks). */
  h1: number;
  withSe: boolean;
  /** The explained output (selection `all`). */
  s: number;
}

/** The chunk's path points: baseline rows [·, ·, dw] and Δ = x − x' [ni, 1 | sp, dw]. */
interface ChunkPoints {
  b: tf.Tensor;
  delta: tf.Tensor;
  /** Whether Δ is the same at every point of an input (a fixed baseline) and nothing per point is needed. */
  fixedDelta: boolean;
}

/**
 * One chunk strategy: the gradient at every point [ni, sp, dw], or the finished weighted sums
 * when the strategy can weight the points earlier (a fixed Δ).
 */
type PathChunkStrategy = (
  t: Record<string, tf.Tensor>,
  pts: ChunkPoints,
  c: PathChunkContext,
  q: ChunkDims,
) => { gradient: tf.Tensor } | { sums: tf.Tensor[] };

/** Autodiff through the model: one forward and one backward pass over the chunk's points. */
const autodiffChunk: PathChunkStrategy = (t, pts, c, q) => {
  const z = pts.b.add(t.alpha.mul(pts.delta)).reshape([q.ni * q.sp, ...c.featureShape]);
  const pick = (out: tf.Tensor): tf.Tensor =>
    t.mask ? asMatrix(out).mul(t.mask).sum(1) : selectOutput(out, c.selection, undefined, q.s);
  const g = inputGradient(c.fn, (zz) => pick(c.model(zz)).sum() as tf.Scalar, z);
  return { gradient: g.reshape([q.ni, q.sp, q.d]) };
};

/**
 * A dense stack by hand: the first pre-activations from the rows' products with W₁ where that is
 * cheaper, the gradient with respect to them by one backward sweep, and W₁ᵀ applied last (after
 * weighting the points when Δ is fixed).
 */
const denseChunk: PathChunkStrategy = (t, pts, c, q) => {
  const { stack, layer1, viaFirst } = c.dense!;
  const { ni, sp, dw, h1 } = q;
  const P = ni * sp;
  const fixedForm = c.baselineForm.kind !== 'distribution';
  let a1: tf.Tensor;
  if (viaFirst && fixedForm) {
    // a₁ = (x'W₁ + b₁) + α·(x − x')W₁ from the rows' products, never forming the points.
    const offset = layer1.bias ? t.b1.add(layer1.bias) : t.b1;
    a1 = t.alpha.mul(t.x1.sub(t.b1).reshape([ni, 1, h1])).add(offset.reshape([-1, 1, h1]));
  } else if (viaFirst) {
    const x1 = t.x1.reshape([ni, 1, h1]);
    const b1 = tf.gatherND(t.b1, t.idx).reshape([ni, sp, h1]);
    a1 = b1.add(t.alpha.mul(x1.sub(b1)));
  } else {
    a1 = pts.b
      .add(t.alpha.mul(pts.delta))
      .reshape([P, dw])
      .matMul(t.k1 ?? layer1.kernel);
  }
  // The bias is already in when folded into k1 or added to the offset row above.
  if (layer1.bias && !t.k1 && !(viaFirst && fixedForm)) a1 = a1.add(layer1.bias);
  const ga = denseFirstLayerGradient(stack, a1.reshape([P, h1]) as tf.Tensor2D, t.seed as tf.Tensor2D);
  if (pts.fixedDelta) {
    // Weight the points while still H₁ wide, then one product with W₁ᵀ per input.
    const avg = tf.matMul(t.w, ga.reshape([ni, sp, h1])).reshape([ni, h1]);
    // Δ carries the folded bias column (always 0) when the bias rides along: cut it.
    const d2 = dw === q.d ? pts.delta.reshape([ni, q.d]) : pts.delta.reshape([ni, dw]).slice([0, 0], [ni, q.d]);
    return { sums: [avg.matMul(layer1.kernel, false, true).mul(d2)] };
  }
  return { gradient: ga.matMul(t.k1 ?? layer1.kernel, false, true).reshape([ni, sp, dw]) };
};

/**
 * One chunk's weighted sums from its named input tensors only: Σₚ wₚ cₚ (and, for standard
 * errors, Σₚ wₚ cₚ² and each point's Σⱼ cₚⱼ) with cₚ = Δₚ ⊙ ∇f(x'ₚ + αₚΔₚ).
 */
function pathChunk(strategy: PathChunkStrategy, c: PathChunkContext, t: Record<string, tf.Tensor>, q: ChunkDims): tf.Tensor[] {
  const { ni, sp, dw, dOut } = q;
  const b =
    c.baselineForm.kind === 'distribution'
      ? tf.gatherND(t.b, t.idx).reshape([ni, sp, dw])
      : t.b.reshape([c.baselineForm.kind === 'shared' ? 1 : ni, 1, dw]);
  const delta = t.x.sub(b);
  const fixedDelta = !q.withSe && q.grp === 1 && delta.shape[1] === 1;
  const r = strategy(t, { b, delta, fixedDelta }, c, q);
  if ('sums' in r) return r.sums;
  const g3 = r.gradient;
  if (fixedDelta) {
    // Fixed baseline: Δ is the same at every point of an input, so weight first.
    return [tf.matMul(t.w, g3).mul(delta).reshape([ni, q.d])];
  }
  let contrib = g3.mul(delta);
  if (q.grp > 1) contrib = contrib.reshape([ni, sp, dOut, q.grp]).sum(3);
  const cut = (v: tf.Tensor): tf.Tensor => (dw === q.d ? v.reshape([ni, dOut]) : v.reshape([ni, dw]).slice([0, 0], [ni, q.d]));
  const first = cut(tf.matMul(t.w, contrib));
  if (!q.withSe) return [first];
  return [first, cut(tf.matMul(t.w, contrib.square())), contrib.sum(2)];
}

/** Integrates gradients along the sampler's paths; see the module comment. */
export async function integratePath(a: PathIntegralArgs): Promise<PathIntegral> {
  const { fn, model, inputs, baseline, baselineForm, sampler, selection } = a;
  const n = inputs.shape[0];
  const featureShape = inputs.shape.slice(1);
  const d = featureShape.reduce((p, q) => p * q, 1);
  const grp = a.sumGroups ?? 1;
  const dOut = d / grp;
  const numSel = selectionCount(selection);
  const k = a.outputInfo.numOutputs;
  // Drawn in steps inside the checkpointed loop below: progress from the first moment.
  const drawing = drawSteps(sampler, n, baselineForm);
  const per = drawing.perInput;
  const withSe = drawing.random && per > 1;

  const values = new Float32Array(n * numSel * dOut);
  const sumSq = withSe ? new Float32Array(n * numSel * dOut) : null;
  // Σⱼ of each point's contributions, for the gap's standard error: [S, N·per].
  const pointSums = withSe ? new Float32Array(numSel * n * per) : null;
  // f at the baseline rows before the loop: right after the model's first call, not after the
  // last yield to the event loop (a native backend's threads have gone idle by then).
  const bOut = a.outputsAtBaseline ?? evaluate(model, baseline, a.batchSize, fn).values;
  const plan = alignedChunks(n, per, a.batchSize);
  const { cp, draws } = await drawWithProgress(fn, drawing, n * per, plan.length * numSel, a.progress);
  const xFlat = inputs.reshape([n, d]);
  const bFlat = baseline.reshape([baseline.shape[0], d]);
  const dense = a.dense ?? null;
  const layer1 = dense?.steps[0];
  // When the inputs are wider than the first layer, x'·W₁ + α(x − x')·W₁ from the rows' own
  // products is cheaper than multiplying every path point by W₁.
  // A fixed baseline (one row per input) goes this way at any width: the first pre-activations
  // of an input's points are then an outer product α ⊗ (x − x')W₁ plus one row.
  const fixedForm = baselineForm.kind !== 'distribution';
  const viaFirst =
    layer1 && (fixedForm || d > layer1.kernel.shape[1])
      ? tf.tidy(() => [xFlat.matMul(layer1.kernel), bFlat.matMul(layer1.kernel)])
      : null;
  // Otherwise (narrow inputs, drawn references) the first bias rides along as a column of ones
  // appended to inputs and references (so Δ has a zero there) and a row of W₁: one [P, H₁]
  // addition fewer. The extra column's contributions are exactly 0 and are cut off at the end.
  const foldBias = layer1?.bias && !viaFirst ? layer1 : null;
  const ones = (rows: number): tf.Tensor => tf.ones([rows, 1]);
  const xWork = foldBias ? tf.tidy(() => tf.concat([xFlat, ones(n)], 1)) : xFlat;
  const bWork = foldBias ? tf.tidy(() => tf.concat([bFlat, ones(bFlat.shape[0])], 1)) : bFlat;
  const k1 = foldBias ? tf.tidy(() => tf.concat([foldBias.kernel, (foldBias.bias as tf.Tensor1D).reshape([1, -1])], 0)) : null;
  const dw = foldBias ? d + 1 : d;
  const ctx: PathChunkContext = {
    fn,
    model,
    featureShape,
    selection,
    baselineForm,
    dense: dense && layer1 ? { stack: dense, layer1, viaFirst: viaFirst !== null } : null,
  };
  const strategy = ctx.dense ? denseChunk : autodiffChunk;
  // Compiled unless the chunk is a few large kernels already: drawn references on a dense stack
  // wider than its first layer (EG on 784 features) measured slower as one session call (145 ms
  // against 116 ms eager, median of interleaved runs) — there the ops are FLOP-bound, not per-op bound.
  const largeKernels = dense !== null && viaFirst !== null && !fixedForm;
  const cache = a.compileOwner && !largeKernels ? cacheFor(a.compileOwner, `${fn}: path chunk`) : null;
  const h1 = layer1?.kernel.shape[1] ?? 0;
  // Everything about a chunk's computation that is not a tensor input: a compiled graph is
  // reused only under the same key (and input shapes).
  const structure = [
    baselineForm.kind,
    dense ? 'dense' : 'autodiff',
    viaFirst ? 'viaFirst' : '',
    foldBias ? 'foldBias' : '',
    withSe ? 'se' : '',
    grp,
    selectionKey(selection),
  ].join('|');
  try {
    for (let s = 0; s < numSel; s++) {
      for (const c of plan) {
        const [sum1, sum2, sum3] = tf.tidy((): tf.Tensor[] => {
          const ni = c.inputs;
          const sp = c.points;
          const P = ni * sp;
          // The chunk's inputs, made here (draws and rows); the computation below reads nothing else
          // but the model's weights, so on the tensorflow backend it runs as one session call.
          const names: string[] = [];
          const args: tf.Tensor[] = [];
          const put = (name: string, t: tf.Tensor): void => {
            names.push(name);
            args.push(t);
          };
          put('x', xWork.slice(c.firstInput, ni).reshape([ni, 1, dw]));
          if (baselineForm.kind === 'distribution') {
            // gatherND rather than gather: tfjs-node's gather checks every index in JavaScript first,
            // which costs more than the copy itself on small models (the indices come from the sampler).
            put('idx', tf.tensor2d(draws.refs.subarray(c.start, c.end), [P, 1], 'int32'));
            put('b', bWork);
          } else put('b', baselineForm.kind === 'shared' ? bWork : bWork.slice(c.firstInput, ni));
          put('alpha', tf.tensor3d(draws.alphas.subarray(c.start, c.end), [ni, sp, 1]));
          // [ni, 1, sp]: a batched matMul does the weighted sum over points in one kernel.
          put('w', tf.tensor3d(draws.weights.subarray(c.start, c.end), [ni, 1, sp]));
          const owners =
            selection.kind === 'perRow' ? Int32Array.from({ length: P }, (_, p) => c.firstInput + Math.floor(p / sp)) : undefined;
          if (viaFirst) {
            put('x1', viaFirst[0].slice(c.firstInput, ni));
            put(
              'b1',
              baselineForm.kind === 'distribution'
                ? viaFirst[1]
                : baselineForm.kind === 'shared'
                  ? viaFirst[1].slice(0, 1)
                  : viaFirst[1].slice(c.firstInput, ni),
            );
          }
          if (k1) put('k1', k1);
          if (dense) put('seed', outputSeed(selection, k, P, owners, s));
          else if (owners) put('mask', selectionMask(selection, owners, k));
          const body = (...ts: tf.Tensor[]): tf.Tensor[] => {
            const t: Record<string, tf.Tensor> = {};
            names.forEach((nm, i) => (t[nm] = ts[i]));
            return pathChunk(strategy, ctx, t, { ni, sp, d, dw, dOut, grp, h1, withSe, s });
          };
          const key = `${structure}|${s}|${names.join(',')}`;
          return cache ? cache.run(body, args, key) : body(...args);
        });
        const v1 = (await sum1.data()) as Float32Array;
        sum1.dispose();
        const v2 = sum2 ? ((await sum2.data()) as Float32Array) : null;
        sum2?.dispose();
        if (sum3 && pointSums) {
          pointSums.set((await sum3.data()) as Float32Array, s * n * per + c.start);
          sum3.dispose();
        }
        for (let i = 0; i < c.inputs; i++) {
          const dst = ((c.firstInput + i) * numSel + s) * dOut;
          for (let j = 0; j < dOut; j++) {
            values[dst + j] += v1[i * dOut + j];
            if (v2 && sumSq) sumSq[dst + j] += v2[i * dOut + j];
          }
        }
        await cp.step();
      }
    }
  } finally {
    cp.end();
    xFlat.dispose();
    bFlat.dispose();
    viaFirst?.forEach((t) => t.dispose());
    if (foldBias) tf.dispose([xWork, bWork, k1 as tf.Tensor]);
  }

  let standardError: Float32Array | null = null;
  if (sumSq) {
    // Weights are 1/n, so values = mean and sumSq = mean of squares.
    standardError = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) standardError[i] = standardErrorOfMean(values[i], sumSq[i], per);
  }
  const atBaseline = (i: number, s: number): number => {
    let fb = 0;
    for (let p = i * per; p < (i + 1) * per; p++)
      fb += draws.weights[p] * selectFromMatrix(bOut, k, draws.refs[p], selection, i, s);
    return fb;
  };
  const { outputAtInput, outputAtBaseline, completenessGap } = completenessRowsOf(
    values,
    dOut,
    n,
    numSel,
    (i, s) => selectFromMatrix(a.outputsAtInputs, k, i, selection, i, s),
    atBaseline,
  );
  let completenessStandardError: number[] | null = null;
  if (pointSums) {
    // Per draw, Σⱼ cⱼ + f(x'ₚ), whose mean is f(x) in expectation.
    completenessStandardError = [];
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < numSel; s++) {
        let m1 = 0;
        let m2 = 0;
        for (let p = i * per; p < (i + 1) * per; p++) {
          const q = pointSums[s * n * per + p] + selectFromMatrix(bOut, k, draws.refs[p], selection, i, s);
          m1 += q;
          m2 += q * q;
        }
        completenessStandardError.push(standardErrorOfMean(m1 / per, m2 / per, per));
      }
    }
  }
  return { values, standardError, outputAtInput, outputAtBaseline, completenessGap, completenessStandardError, draws };
}

/** The one-hot mask [rows, K] of per-row output choices; row p belongs to input `owners[p]`. */
function selectionMask(sel: ResolvedOutput, owners: Int32Array, k: number): tf.Tensor2D {
  const indices = sel.kind === 'perRow' ? sel.indices : new Int32Array(0);
  const mask = new Float32Array(owners.length * k);
  for (let r = 0; r < owners.length; r++) mask[r * k + indices[owners[r]]] = 1;
  return tf.tensor2d(mask, [owners.length, k]);
}

/** What of a selection is a constant of a compiled chunk (per-row choices are an input). */
export function selectionKey(sel: ResolvedOutput): string {
  if (sel.kind === 'index') return `index ${sel.index}`;
  if (sel.kind === 'weights') return `weights ${Array.from(sel.weights).join(',')}`;
  return sel.kind;
}
