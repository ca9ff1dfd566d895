/**
 * The shared path integrator of Integrated Gradients (Sundararajan et al., ICML 2017) and
 * Expected Gradients (Erion et al., Nature Machine Intelligence 2021):
 * φᵢ = Σₚ wₚ · Δᵢ,ₚ · ∂ᵢf(x'ₚ + αₚΔₚ), with the points (reference row, α, weight) chosen by a
 * {@link PathSampler}. All points of a chunk go through the model in one forward and one
 * backward pass; chunks only bound memory.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { ModelFunction } from '../types';
import type { DenseStack } from '../interaction/denseStack';
import { alignedChunks, type AlignedChunk } from './batching';
import { denseFirstLayerGradient, outputSeed } from './denseGradient';
import { errors } from './errors';
import { evaluate, type OutputInfo } from './model';
import { selectFromMatrix, selectOutput, selectionCount, type ResolvedOutput } from './output';
import type { BaselineForm, PathDraws, PathSampler } from './samplers';

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
  const draws = sampler.draw(n, baselineForm);
  const per = draws.perInput;
  const withSe = draws.random && per > 1;

  const values = new Float32Array(n * numSel * dOut);
  const sumSq = withSe ? new Float32Array(n * numSel * dOut) : null;
  // Σⱼ of each point's contributions, for the gap's standard error: [S, N·per].
  const pointSums = withSe ? new Float32Array(numSel * n * per) : null;
  // f at the baseline rows before the loop: right after the model's first call, not after the
  // last yield to the event loop (a native backend's threads have gone idle by then).
  const bOut = a.outputsAtBaseline ?? evaluate(model, baseline, a.batchSize, fn).values;
  const plan = alignedChunks(n, per, a.batchSize);
  const cp = new Checkpoint(fn, plan.length * numSel, a.progress);
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
  try {
    for (let s = 0; s < numSel; s++) {
      for (const c of plan) {
        const [sum1, sum2, sum3] = tf.tidy((): tf.Tensor[] => {
          const ni = c.inputs;
          const sp = c.points;
          const x = xWork.slice(c.firstInput, ni).reshape([ni, 1, dw]);
          const b = chunkBaseline(bWork, baselineForm, draws, c);
          const alpha = tf.tensor3d(draws.alphas.subarray(c.start, c.end), [ni, sp, 1]);
          // [ni, 1, sp]: a batched matMul does the weighted sum over points in one kernel.
          const w = tf.tensor3d(draws.weights.subarray(c.start, c.end), [ni, 1, sp]);
          const delta = x.sub(b);
          const owners =
            selection.kind === 'perRow'
              ? Int32Array.from({ length: ni * sp }, (_, p) => c.firstInput + Math.floor(p / sp))
              : undefined;
          const fixedDelta = !withSe && grp === 1 && delta.shape[1] === 1;
          let g3: tf.Tensor;
          if (dense && layer1) {
            const h1 = layer1.kernel.shape[1];
            let a1: tf.Tensor;
            if (viaFirst && fixedForm) {
              // a₁ = (x'W₁ + b₁) + α·(x − x')W₁ from the rows' products, never forming the points.
              const x1 = viaFirst[0].slice(c.firstInput, ni);
              const b1 = baselineForm.kind === 'shared' ? viaFirst[1].slice(0, 1) : viaFirst[1].slice(c.firstInput, ni);
              const offset = layer1.bias ? b1.add(layer1.bias) : b1;
              a1 = alpha.mul(x1.sub(b1).reshape([ni, 1, h1])).add(offset.reshape([-1, 1, h1]));
            } else if (viaFirst) {
              const x1 = viaFirst[0].slice(c.firstInput, ni).reshape([ni, 1, h1]);
              const b1 = chunkBaseline(viaFirst[1], baselineForm, draws, c);
              a1 = b1.add(alpha.mul(x1.sub(b1)));
            } else {
              a1 = b
                .add(alpha.mul(delta))
                .reshape([ni * sp, dw])
                .matMul(k1 ?? layer1.kernel);
            }
            // The bias is already in when folded into k1 or added to the offset row above.
            if (layer1.bias && !k1 && !(viaFirst && fixedForm)) a1 = a1.add(layer1.bias);
            const seed = outputSeed(selection, k, ni * sp, owners, s);
            const ga = denseFirstLayerGradient(dense, a1.reshape([ni * sp, h1]) as tf.Tensor2D, seed);
            if (fixedDelta) {
              // Weight the points while still H₁ wide, then one product with W₁ᵀ per input.
              const avg = tf.matMul(w, ga.reshape([ni, sp, h1])).reshape([ni, h1]);
              // Δ carries the folded bias column (always 0) when the bias rides along: cut it.
              const d2 = dw === d ? delta.reshape([ni, d]) : delta.reshape([ni, dw]).slice([0, 0], [ni, d]);
              return [avg.matMul(layer1.kernel, false, true).mul(d2)];
            }
            g3 = ga.matMul(k1 ?? layer1.kernel, false, true).reshape([ni, sp, dw]);
          } else {
            const z = b.add(alpha.mul(delta)).reshape([ni * sp, ...featureShape]);
            const g = inputGradient(fn, (zz) => selectOutput(model(zz), selection, owners, s).sum() as tf.Scalar, z);
            g3 = g.reshape([ni, sp, d]);
          }
          if (fixedDelta) {
            // Fixed baseline: Δ is the same at every point of an input, so weight first.
            return [tf.matMul(w, g3).mul(delta).reshape([ni, d])];
          }
          let contrib = g3.mul(delta);
          if (grp > 1) contrib = contrib.reshape([ni, sp, dOut, grp]).sum(3);
          const cut = (t: tf.Tensor): tf.Tensor =>
            dw === d ? t.reshape([ni, dOut]) : t.reshape([ni, dw]).slice([0, 0], [ni, d]);
          const first = cut(tf.matMul(w, contrib));
          if (!withSe) return [first];
          return [first, cut(tf.matMul(w, contrib.square())), contrib.sum(2)];
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
    // Weights are 1/n, so values = mean and sumSq = mean of squares; sample variance needs n/(n−1).
    standardError = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const m = values[i];
      const variance = Math.max(0, sumSq[i] - m * m) * (per / (per - 1));
      standardError[i] = Math.sqrt(variance / per);
    }
  }

  const outputAtInput: number[] = [];
  const outputAtBaseline: number[] = [];
  const completenessGap: number[] = [];
  const completenessStandardError: number[] | null = pointSums ? [] : null;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < numSel; s++) {
      const fx = selectFromMatrix(a.outputsAtInputs, k, i, selection, i, s);
      let fb = 0;
      for (let p = i * per; p < (i + 1) * per; p++) {
        fb += draws.weights[p] * selectFromMatrix(bOut, k, draws.refs[p], selection, i, s);
      }
      let sum = 0;
      const off = (i * numSel + s) * dOut;
      for (let j = 0; j < dOut; j++) sum += values[off + j];
      outputAtInput.push(fx);
      outputAtBaseline.push(fb);
      completenessGap.push(sum - (fx - fb));
      if (pointSums && completenessStandardError) {
        let m1 = 0;
        let m2 = 0;
        for (let p = i * per; p < (i + 1) * per; p++) {
          const q = pointSums[s * n * per + p] + selectFromMatrix(bOut, k, draws.refs[p], selection, i, s);
          m1 += q;
          m2 += q * q;
        }
        m1 /= per;
        const variance = Math.max(0, m2 / per - m1 * m1) * (per / (per - 1));
        completenessStandardError.push(Math.sqrt(variance / per));
      }
    }
  }
  return { values, standardError, outputAtInput, outputAtBaseline, completenessGap, completenessStandardError, draws };
}
