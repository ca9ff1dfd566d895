/**
 * The shared core of Integrated and Expected Hessians (Janizek, Sturmfels, Lee, "Explaining
 * Explanations: Axiomatic Feature Interactions for Deep Networks", JMLR 22(104), 2021):
 *
 *   Γᵢⱼ = Σₚ wₚ [αₚβₚ · Δᵢ · Δⱼ · ∂²ᵢⱼf(zₚ) + δᵢⱼ · Δᵢ · ∂ᵢf(zₚ)],  zₚ = x'ₚ + αₚβₚΔₚ,
 *
 * over the (reference, α, β, weight) points of a two-dimensional {@link PathSampler}; the two
 * methods differ in the sampler only. Features may be grouped (token-level interactions of an
 * embedding model sum each token's E features on both axes).
 *
 * Hessian rows are batched, never looped: with autodiff every point is replicated once per row
 * and Σᵣ Σ_{i∈r} Δᵢ ∂ᵢf is differentiated over the replicated batch in one double-backward pass;
 * a dense stack uses the closed form of denseHessians.ts instead. Chunks of points bound memory
 * and never change results.
 *
 * With the matrix come its checks, computed from the same draws: the attributions of the
 * matching path method (φ at x' + αΔ, the outer variable of the double integral), the row-sum gap
 * Σⱼ Γᵢⱼ − φᵢ, the total gap ΣΓ − (f(x) − f(x')) and, for random draws, their standard errors.
 */
import * as tf from '@tensorflow/tfjs';
import type { ProgressOptions } from '../progress';
import type { ModelFunction } from '../types';
import { alignedChunks } from '../internal/batching';
import { errors } from '../internal/errors';
import { asMatrix } from '../internal/model';
import { cacheFor } from '../engine/compile';
import { standardErrorOfMean } from '../internal/stats';
import { outputWeights, selectFromMatrix, selectionCount, type ResolvedOutput } from '../internal/output';
import { chunkBaseline, inputGradient } from '../internal/pathIntegral';
import { drawSteps, drawWithProgress, type BaselineForm, type PathDraws, type PathSampler } from '../internal/samplers';
import { denseContributions, denseGradient, denseSums } from './denseHessians';
import type { DenseStack } from '../internal/dense/denseStack';

/** Which computation produced the Hessians. */
export type HessianEngine = 'dense' | 'autodiff';

/** What {@link pathHessians} needs. Tensors are borrowed, never disposed. */
export interface PathHessiansArgs {
  fn: string;
  model: ModelFunction;
  /** The closed-form path, or null for autodiff. */
  dense: DenseStack | null;
  /** Inputs [N, ...featureShape]. */
  inputs: tf.Tensor;
  /** Baseline rows [M, ...featureShape]. */
  baseline: tf.Tensor;
  baselineForm: BaselineForm;
  sampler: PathSampler;
  selection: ResolvedOutput;
  numOutputs: number;
  /** The model's outputs on the inputs, [N, K] row-major. */
  outputsAtInputs: Float32Array;
  /** Consecutive features summed into one interaction axis entry (1, or E for tokens). */
  groupSize: number;
  /** The group whose row is wanted, or null for the full matrix. */
  row: number | null;
  /** Path points per pass. */
  pointsPerPass: number;
  /** Whether to compute the standard error of every entry (random draws only). */
  entryStandardErrors: boolean;
  progress?: ProgressOptions;
  /**
   * The model object (or function) the chunks' compiled graphs are cached under: on the
   * tensorflow backend each chunk then runs as one TensorFlow session call. Default: none (eager).
   */
  compileOwner?: object | null;
}

/** Raw output; flat, input-major over (input, selection). */
export interface PathHessians {
  /** Γ as [N, S, rows, R] (rows = R, or 1 for a single row). */
  values: Float64Array;
  standardError: Float64Array | null;
  /** φ of the matching attribution method from the same draws, [N, S, R]. */
  attributions: Float64Array;
  /** Σⱼ Γᵢⱼ − φᵢ, [N, S, R], and its standard error for random draws. */
  rowSumGap: Float64Array;
  rowSumGapStandardError: Float64Array | null;
  /** ΣΓ − (f(x) − f(x')), [N, S], and its standard error for random draws. */
  totalGap: Float64Array;
  totalGapStandardError: Float64Array | null;
  /** f(x) and the weighted f(x') over the drawn references, [N, S]. */
  outputAtInput: Float64Array;
  outputAtBaseline: Float64Array;
  /** Whether any second derivative at any point was non-zero. */
  hessianNonZero: boolean;
  draws: PathDraws;
  groups: number;
}

/** Output weights u [rows, K] so that the explained scalar of a row is Σₖ uₖ outₖ. */
export function selectionWeights(sel: ResolvedOutput, k: number, owners: ArrayLike<number>, which: number): Float32Array {
  return outputWeights(sel, k, owners.length, owners, which).values;
}

/** Sum of each consecutive run of `e` entries on the last axis of [..., R·e]. */
function groupSum(t: tf.Tensor, e: number): tf.Tensor {
  if (e === 1) return t;
  const s = t.shape;
  return t.reshape([...s.slice(0, -1), s[s.length - 1] / e, e]).sum(-1);
}

/** Runs the core; see the module comment. */
export async function pathHessians(a: PathHessiansArgs): Promise<PathHessians> {
  const { fn, model, inputs, baseline, baselineForm, sampler, selection } = a;
  const n = inputs.shape[0];
  const featureShape = inputs.shape.slice(1);
  const d = featureShape.reduce((p, q) => p * q, 1);
  const e = a.groupSize;
  const R = d / e;
  const rowsOut = a.row === null ? R : 1;
  const numSel = selectionCount(selection);
  const k = a.numOutputs;
  // Drawn in steps inside the checkpointed loop below: progress from the first moment.
  const drawing = drawSteps(sampler, n, baselineForm);
  const per = drawing.perInput;
  const withSe = drawing.random && per > 1;
  const useDense = a.dense !== null && a.row === null && e === 1 && inputs.rank === 2;
  const nb = 3 * R + 2;

  const sumX = new Float64Array(n * numSel * rowsOut * R);
  // Per-entry standard errors need every point's matrix; single rows have them anyway.
  const entrySe = withSe && (a.entryStandardErrors || a.row !== null);
  const sumX2 = entrySe ? new Float64Array(sumX.length) : null;
  const sumB = new Float64Array(n * numSel * nb);
  const sumB2 = withSe ? new Float64Array(sumB.length) : null;
  let hessianNonZero = false;

  const plan = alignedChunks(n, per, a.pointsPerPass);
  const { cp, draws } = await drawWithProgress(fn, drawing, n * per, plan.length * numSel, a.progress);
  if (!draws.betas) {
    cp.end();
    throw new Error(`${fn}: internal error, a two-dimensional sampler is required`);
  }
  const betas = draws.betas as Float32Array;
  const xFlat = inputs.reshape([n, d]);
  const bFlat = baseline.reshape([baseline.shape[0], d]);
  // Masks that pick each group's features: [R, d] (full) or [1, d] (one row).
  const groupOf = (i: number) => Math.floor(i / e);
  const maskData = new Float32Array(rowsOut * d);
  for (let r = 0; r < rowsOut; r++) {
    const g = a.row === null ? r : a.row;
    for (let i = 0; i < d; i++) if (groupOf(i) === g) maskData[r * d + i] = 1;
  }
  const mask = tf.tensor2d(maskData, [rowsOut, d]);
  const cache = a.compileOwner ? cacheFor(a.compileOwner, `${fn}: Hessian chunk`) : null;
  // Everything about a chunk's computation that is not a tensor input (with the input shapes,
  // what a compiled graph is reused under).
  const structure = [
    baselineForm.kind,
    useDense ? 'dense' : 'autodiff',
    entrySe ? 'entrySe' : '',
    withSe ? 'se' : '',
    e,
    a.row,
  ].join('|');
  try {
    for (let s = 0; s < numSel; s++) {
      for (const c of plan) {
        const ni = c.inputs;
        const sp = c.points;
        const P = ni * sp;
        const owners = Int32Array.from({ length: P }, (_, p) => c.firstInput + Math.floor(p / sp));
        const out = tf.tidy(() => {
          // The chunk's inputs (rows and draws) are made here; the computation in `body` reads
          // nothing else but the model's weights, so on the tensorflow backend it runs as one
          // TensorFlow session call once compiled.
          const drawn = baselineForm.kind === 'distribution';
          const args: tf.Tensor[] = [
            xFlat.slice(c.firstInput, ni).reshape([ni, 1, d]),
            drawn ? bFlat : chunkBaseline(bFlat, baselineForm, draws, c),
            tf.tensor3d(draws.alphas.subarray(c.start, c.end), [ni, sp, 1]),
            tf.tensor3d(betas.subarray(c.start, c.end), [ni, sp, 1]),
            tf.tensor3d(draws.weights.subarray(c.start, c.end), [ni, sp, 1]),
            tf.tensor2d(selectionWeights(selection, k, owners, s), [P, k]),
            mask,
          ];
          if (drawn) args.push(tf.tensor2d(draws.refs.subarray(c.start, c.end), [P, 1], 'int32'));
          const body = (...t: tf.Tensor[]): tf.Tensor[] => {
            const [x, bSrc, alpha, beta, w, uIn, mask] = t;
            const u = uIn as tf.Tensor2D;
            const b = drawn ? tf.gatherND(bSrc, t[7]).reshape([ni, sp, d]) : bSrc;
            const ab = alpha.mul(beta);
            const delta3 = tf.broadcastTo(x.sub(b), [ni, sp, d]);
            const delta = delta3.reshape([P, d]) as tf.Tensor2D;
            const z = b.add(ab.mul(delta3)).reshape([P, d]) as tf.Tensor2D;
            const y = b.add(alpha.mul(delta3)).reshape([P, d]) as tf.Tensor2D;
            const cAB = ab.reshape([P]) as tf.Tensor1D;
            const shaped = (t: tf.Tensor, rows: number) => t.reshape([rows, ...featureShape]);
            const selected = (t: tf.Tensor, uu: tf.Tensor) => asMatrix(model(t)).mul(uu).sum() as tf.Scalar;
            const grad = (t: tf.Tensor, uu: tf.Tensor, rows: number) =>
              inputGradient(fn, (q) => selected(q, uu), shaped(t, rows)).reshape([rows, d]);

            // Either each point's matrix X [P, rowsOut, R] (needed for per-entry standard errors
            // and for single rows) or only the weighted sum over each input's points, which
            // avoids materialising P matrices.
            let X: tf.Tensor | null = null;
            let gammaSum: tf.Tensor | null = null; // [ni, rowsOut·R]
            let rowsum: tf.Tensor; // [P, R]
            let gy: tf.Tensor;
            let nonZero: tf.Tensor;
            const wP = w.reshape([P]) as tf.Tensor1D;
            const diagSum = (dterm: tf.Tensor) =>
              tf
                .eye(R)
                .reshape([1, R, R])
                .mul(
                  dterm
                    .mul(wP.reshape([P, 1]))
                    .reshape([ni, sp, R])
                    .sum(1)
                    .reshape([ni, R, 1]),
                );
            if (useDense && a.dense && !entrySe) {
              const r = denseSums(a.dense, z, delta, cAB, wP, u, ni, sp);
              const dterm = delta.mul(r.grad);
              gammaSum = r.hessianSum.add(diagSum(dterm)).reshape([ni, R * R]);
              rowsum = r.hessianRowSums.add(dterm);
              nonZero = r.hessianNonZero;
              gy = denseGradient(a.dense, y, u);
            } else if (useDense && a.dense) {
              const r = denseContributions(a.dense, z, delta, cAB, u);
              X = r.contributions;
              nonZero = r.hessianNonZero;
              rowsum = X.sum(2);
              gy = denseGradient(a.dense, y, u);
            } else {
              const gz = grad(z, u, P);
              const dterm = groupSum(delta.mul(gz), e); // [P, R]
              // One seed per replicated row: Σ_{i∈r} Δᵢ ∂ᵢf, differentiated once more over all rows.
              const reps = rowsOut;
              const zr = reps === 1 ? z : tf.tile(z.reshape([P, 1, d]), [1, reps, 1]).reshape([P * reps, d]);
              const ur = reps === 1 ? u : tf.tile(u.reshape([P, 1, k]), [1, reps, 1]).reshape([P * reps, k]);
              const seed = mask
                .reshape([1, reps, d])
                .mul(delta.reshape([P, 1, d]))
                .reshape([P * reps, d]);
              // The zero term keeps a path from the input to the scalar when the gradient does not
              // depend on the input (a linear model): tfjs would throw and leak its tape otherwise.
              const hessianRows = (seedT: tf.Tensor, at: tf.Tensor, uu: tf.Tensor, rows: number) =>
                tf
                  .grad((q) => {
                    const anchor = q.reshape([rows, d]).slice([0, 0], [1, 1]).sum().mul(0);
                    return grad(q, uu, rows).mul(seedT).sum().add(anchor) as tf.Scalar;
                  })(shaped(at, rows))
                  .reshape([rows, d]);
              const q = hessianRows(seed, zr, ur, P * reps).reshape([P, reps, d]);
              nonZero = q.abs().max().greater(0).cast('float32');
              if (a.row === null && !entrySe) {
                const weighted = q.mul(delta.mul(cAB.mul(wP).reshape([P, 1])).reshape([P, 1, d]));
                gammaSum = groupSum(weighted.reshape([ni, sp, R * d]).sum(1), e)
                  .reshape([ni, R, R])
                  .add(diagSum(dterm));
                gammaSum = gammaSum.reshape([ni, R * R]);
                const qDelta = tf.matMul(q as tf.Tensor3D, delta.reshape([P, d, 1]) as tf.Tensor3D).reshape([P, R]);
                rowsum = qDelta.mul(cAB.reshape([P, 1])).add(dterm);
              } else if (a.row === null) {
                const H = groupSum(q.mul(delta.reshape([P, 1, d])), e).mul(cAB.reshape([P, 1, 1])); // [P, R, R]
                X = H.add(
                  tf
                    .eye(R)
                    .reshape([1, R, R])
                    .mul(dterm.reshape([P, R, 1])),
                );
                rowsum = X.sum(2);
              } else {
                const H = groupSum(q.mul(delta.reshape([P, 1, d])), e).mul(cAB.reshape([P, 1, 1])); // [P, 1, R]
                const onehot = tf.oneHot(tf.tensor1d([a.row], 'int32'), R).reshape([1, 1, R]);
                const own = dterm.slice([0, a.row], [P, 1]).reshape([P, 1, 1]);
                X = H.add(onehot.mul(own));
                // Row sums of every row still come cheap: one Hessian-vector product with Δ.
                const hv = hessianRows(delta, z, u, P);
                rowsum = groupSum(delta.mul(hv), e)
                  .mul(cAB.reshape([P, 1]))
                  .add(dterm);
              }
              gy = grad(y, u, P);
            }
            const phi = groupSum(delta.mul(gy), e);
            const bRows = tf.broadcastTo(b, [ni, sp, d]).reshape([P, ...featureShape]);
            const fr = asMatrix(model(bRows)).mul(u).sum(1).reshape([P, 1]);
            const total = rowsum.sum(1).reshape([P, 1]);
            const B = tf.concat([rowsum, phi, rowsum.sub(phi), total.add(fr), fr], 1).reshape([ni, sp, nb]);
            const Xf = X ? X.reshape([ni, sp, rowsOut * R]) : null;
            const first = Xf ? Xf.mul(w).sum(1) : (gammaSum as tf.Tensor);
            const res: tf.Tensor[] = [first, B.mul(w).sum(1), nonZero];
            if (withSe) res.push(B.square().mul(w).sum(1));
            if (withSe && Xf && entrySe) res.push(Xf.square().mul(w).sum(1));
            return res;
          };
          return cache ? cache.run(body, args, `${structure}|${s}`) : body(...args);
        });
        const data = await Promise.all(out.map((t) => t.data()));
        out.forEach((t) => t.dispose());
        if (data[2][0] > 0) hessianNonZero = true;
        const xw = rowsOut * R;
        for (let i = 0; i < ni; i++) {
          const dst = (c.firstInput + i) * numSel + s;
          for (let j = 0; j < xw; j++) sumX[dst * xw + j] += data[0][i * xw + j];
          for (let j = 0; j < nb; j++) sumB[dst * nb + j] += data[1][i * nb + j];
          if (sumB2) for (let j = 0; j < nb; j++) sumB2[dst * nb + j] += data[3][i * nb + j];
          if (sumX2) for (let j = 0; j < xw; j++) sumX2[dst * xw + j] += data[4][i * xw + j];
        }
        await cp.step();
      }
    }
  } finally {
    cp.end();
    mask.dispose();
    xFlat.dispose();
    bFlat.dispose();
  }

  // Equal weights 1/n for random draws: sums are means; the mean's variance is s²/n with the
  // sample variance s² = (E[X²] − E[X]²)·n/(n − 1).
  const se = (mean: number, meanSq: number) => standardErrorOfMean(mean, meanSq, per);
  const standardError = sumX2 ? sumX.map((m, i) => se(m, sumX2[i])) : null;
  const rows = n * numSel;
  const attributions = new Float64Array(rows * R);
  const rowSumGap = new Float64Array(rows * R);
  const rowSumGapStandardError = sumB2 ? new Float64Array(rows * R) : null;
  const totalGap = new Float64Array(rows);
  const totalGapStandardError = sumB2 ? new Float64Array(rows) : null;
  const outputAtInput = new Float64Array(rows);
  const outputAtBaseline = new Float64Array(rows);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < numSel; s++) {
      const r = i * numSel + s;
      const o = r * nb;
      for (let j = 0; j < R; j++) {
        attributions[r * R + j] = sumB[o + R + j];
        rowSumGap[r * R + j] = sumB[o + 2 * R + j];
        if (rowSumGapStandardError && sumB2) rowSumGapStandardError[r * R + j] = se(sumB[o + 2 * R + j], sumB2[o + 2 * R + j]);
      }
      const fx = selectFromMatrix(a.outputsAtInputs, k, i, selection, i, s);
      outputAtInput[r] = fx;
      outputAtBaseline[r] = sumB[o + 3 * R + 1];
      totalGap[r] = sumB[o + 3 * R] - fx;
      if (totalGapStandardError && sumB2) totalGapStandardError[r] = se(sumB[o + 3 * R], sumB2[o + 3 * R]);
    }
  }
  return {
    values: sumX,
    standardError,
    attributions,
    rowSumGap,
    rowSumGapStandardError,
    totalGap,
    totalGapStandardError,
    outputAtInput,
    outputAtBaseline,
    hessianNonZero,
    draws,
    groups: R,
  };
}

/** Bytes one replicated row needs in a double-backward pass, estimated from one forward pass. */
export function bytesPerRow(model: ModelFunction, inputs: tf.Tensor): number {
  const d = inputs.shape.slice(1).reduce((p, q) => p * q, 1);
  const before = tf.memory().numBytes;
  let activations = 0;
  tf.tidy(() => {
    model(inputs.slice(0, 1));
    activations = tf.memory().numBytes - before;
  });
  // The double backward keeps the forward activations, the first backward's and its own.
  return 4 * d * 12 + 8 * Math.max(0, activations);
}

/** Bytes one path point needs on the closed-form dense path. */
export function bytesPerDensePoint(stack: DenseStack): number {
  const d = stack.inputSize;
  const widths = stack.steps.reduce((s, st) => s + st.kernel.shape[1], 0);
  return 4 * (3 * d * widths + 4 * d * d + 8 * widths);
}

/** Throws the memory-budget error when `bytes` exceeds the budget. */
export function checkBudget(fn: string, detail: string, bytes: number, budgetMB: number): void {
  const mb = bytes / (1024 * 1024);
  if (mb > budgetMB) throw new Error(errors.interactionMemory(fn, detail, mb, budgetMB));
}
