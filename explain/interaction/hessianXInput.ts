/**
 * Hessian × input, Hᵢⱼ(x) · xᵢ · xⱼ: the second-order analogue of gradient × input, a baseline of
 * path_explain's remove-and-retrain benchmark (Janizek, Sturmfels, Lee, JMLR 22(104), 2021;
 * benchmarking/gradients.py with multiply_by_input). No gradient term on the diagonal.
 */
import type { InputLike, ModelLike } from '../types';
import { localHessians, perInput, type HessianOptions, type LocalInteractionResult } from './hessian';

/**
 * The input Hessian at every input scaled by the input on both axes, Hᵢⱼ · xᵢ · xⱼ.
 * Janizek et al., JMLR 2021 (the 'hessians_times_inputs' baseline).
 */
export async function hessianXInput(
  model: ModelLike,
  inputs: InputLike,
  options: HessianOptions = {},
): Promise<LocalInteractionResult> {
  const fn = 'hessianXInput';
  const h = await localHessians(fn, model, inputs, options);
  const R = h.r;
  for (let p = 0; p < h.n; p++) {
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < R; j++) h.values[(p * R + i) * R + j] *= h.x[p * R + i] * h.x[p * R + j];
    }
  }
  return {
    method: fn,
    shape: [h.n, ...h.featureShape, ...h.featureShape],
    featureShape: h.featureShape,
    interactions: perInput(h.values, h.n, R),
  };
}
