/**
 * Integrated Hessians (Janizek, Sturmfels, Lee, "Explaining Explanations: Axiomatic Feature
 * Interactions for Deep Networks", JMLR 22(104), 2021): the interactions whose rows sum to
 * Integrated Gradients,
 *   Γᵢⱼ = Δᵢ·Δⱼ·∫∫ αβ·∂²ᵢⱼf(x' + αβΔ) dα dβ + δᵢⱼ·Δᵢ·∫∫ ∂ᵢf(x' + αβΔ) dα dβ,  Δ = x − x',
 * by a product quadrature rule on [0, 1]².
 */
import type { InputLike, ModelLike } from '../types';
import { gaussLegendre, productGridSampler, type PathSampler } from '../internal/samplers';
import { checkOneOf, checkPositiveInteger } from '../internal/validate';
import type { InteractionResult } from './interactionResult';
import { runHessianMethod, type HessianMethodOptions } from './runHessianMethod';
import { isKeyOf } from '../internal/keys';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';

/** The two-dimensional quadrature rules for the double integral. */
export const HESSIAN_RULES = {
  grid: 'm = round(√numSamples) evenly spaced points with both endpoints on each axis, all m² pairs, equal weights (path_explain)',
  gaussLegendre:
    'm = round(√numSamples) Gauss–Legendre nodes on each axis, all m² pairs, product weights (far more accurate on smooth models)',
} as const;

/** A two-dimensional quadrature rule name. */
export type HessianRule = keyof typeof HESSIAN_RULES;

/** Whether `s` names a two-dimensional quadrature rule. */
export function isHessianRule(s: unknown): s is HessianRule {
  return isKeyOf(s, HESSIAN_RULES);
}

const DEFAULTS = { numSamples: 100, rule: 'grid' as HessianRule };

/** Options of {@link integratedHessians}. */
export interface IntegratedHessiansOptions extends HessianMethodOptions {
  /**
   * The baseline x': one row shared by every input ([1, ...featureShape], the feature shape
   * alone, or a number filling it) or one row per input ([N, ...featureShape]). Default: 0.
   */
  baseline?: InputLike | number;
  /** Points of the [0, 1]² rule per input (rounded to a square m²). Default: 100. */
  numSamples?: number;
  /** Quadrature rule, one of {@link HESSIAN_RULES}. Default: 'grid'. */
  rule?: HessianRule;
}

/** Gauss–Legendre in α and in β, all pairs, weights wₐ·w_b. */
function gaussLegendreProductSampler(numSamples: number): PathSampler {
  const m = Math.max(1, Math.round(Math.sqrt(numSamples)));
  const { nodes, weights } = gaussLegendre(m);
  const a: number[] = [];
  const b: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      a.push(nodes[i]);
      b.push(nodes[j]);
      w.push(weights[i] * weights[j]);
    }
  }
  const tile = (v: number[], times: number) => {
    const out = new Float32Array(v.length * times);
    for (let t = 0; t < times; t++) out.set(v, t * v.length);
    return out;
  };
  return {
    name: 'gaussLegendre2d',
    dims: 2,
    draw(numInputs, baseline) {
      const k = m * m;
      const refs = new Int32Array(numInputs * k);
      if (baseline.kind === 'perInput') for (let i = 0; i < numInputs; i++) refs.fill(i, i * k, (i + 1) * k);
      return {
        perInput: k,
        refs,
        alphas: tile(a, numInputs),
        betas: tile(b, numInputs),
        weights: tile(w, numInputs),
        random: false,
      };
    },
  };
}

/**
 * Integrated Hessians interactions with the checks of {@link InteractionResult.diagnostics}
 * against Integrated Gradients on the same α nodes. For a ReLU network the Hessian vanishes: a
 * warning recommends softplus ({@link toSoftplus}). Janizek et al., JMLR 2021.
 */
export async function integratedHessians(
  model: ModelLike,
  inputs: InputLike,
  options: IntegratedHessiansOptions = {},
): Promise<InteractionResult> {
  const fn = 'integratedHessians';
  checkOptionKeys(fn, options, OPTION_KEYS.integratedHessians);
  const o = { ...DEFAULTS, ...options };
  checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const rule = checkOneOf(o.rule, HESSIAN_RULES, 'rule', fn);
  const make = rule === 'grid' ? () => productGridSampler(o.numSamples) : () => gaussLegendreProductSampler(o.numSamples);
  return runHessianMethod(fn, model, inputs, o, 'fixed', make, { numSamples: o.numSamples, rule });
}
