/**
 * The attribution methods an evaluation can run by name, and how a method is specified: a name,
 * a name with options, or any function of (model, inputs) returning an {@link AttributionResult}
 * (so methods added elsewhere, and black-box explainers, are scored the same way).
 */
import type { AttributionResult } from '../attribution/result';
import { deepLift } from '../attribution/deepLift';
import { epsilonLrp } from '../attribution/epsilonLrp';
import { expectedGradients } from '../attribution/expectedGradients';
import { gradient } from '../attribution/gradient';
import { gradientXInput } from '../attribution/gradientXInput';
import { integratedGradients } from '../attribution/integratedGradients';
import { occlusion } from '../attribution/occlusion';
import { saliency } from '../attribution/saliency';
import { shapleySampling } from '../attribution/shapleySampling';
import { isKeyOf } from '../internal/keys';
import { errors } from '../internal/errors';
import type { InputLike, ModelLike, OutputSelection } from '../types';

/**
 * The methods known by name, with what they are: `local` methods (a gradient, not multiplied by
 * the input) take real-valued perturbations in infidelity; `sampled` ones carry a Monte-Carlo
 * standard error.
 */
export const ATTRIBUTION_METHODS = {
  saliency: { local: true, sampled: false, seeded: false },
  gradient: { local: true, sampled: false, seeded: false },
  gradientXInput: { local: false, sampled: false, seeded: false },
  integratedGradients: { local: false, sampled: false, seeded: false },
  expectedGradients: { local: false, sampled: true, seeded: true },
  deepLift: { local: false, sampled: false, seeded: false },
  epsilonLrp: { local: false, sampled: false, seeded: false },
  occlusion: { local: false, sampled: false, seeded: false },
  shapleySampling: { local: false, sampled: false, seeded: true },
} as const;

/** A method name of {@link ATTRIBUTION_METHODS}. */
export type AttributionMethodName = keyof typeof ATTRIBUTION_METHODS;

/** Whether `s` names one of {@link ATTRIBUTION_METHODS}. */
export function isAttributionMethodName(s: unknown): s is AttributionMethodName {
  return isKeyOf(s, ATTRIBUTION_METHODS);
}

/** What an evaluation hands every method besides its own options. */
export interface MethodExtras {
  /** The output selection the metric explains. */
  output?: OutputSelection;
  /** The seed, for methods that draw samples. */
  seed?: number;
}

/** Any explainer: a function of a model, inputs and the evaluation's extras returning attributions. */
export type ExplainFunction = (model: ModelLike, inputs: InputLike, extras: MethodExtras) => Promise<AttributionResult>;

/** Options handed to a method called by name (each method checks its own). */
export type MethodOptions = Record<string, unknown>;

/**
 * An attribution method: a name; a name with options and an optional label; or a labelled
 * explainer function with whether it is local (a gradient) and sampled.
 */
export type MethodSpec =
  | AttributionMethodName
  | { method: AttributionMethodName; options?: MethodOptions; label?: string }
  | { label: string; explain: ExplainFunction; local?: boolean; sampled?: boolean };

/** A method ready to run. */
export interface ResolvedMethod {
  label: string;
  local: boolean;
  sampled: boolean;
  /** Runs the method; `extras` (output, and seed for sampling methods) under the method's own options. */
  run(model: ModelLike, inputs: InputLike, extras?: MethodExtras): Promise<AttributionResult>;
}

type Runner = (model: ModelLike, inputs: InputLike, options: never) => Promise<AttributionResult>;
const RUNNERS: Record<AttributionMethodName, Runner> = {
  saliency,
  gradient,
  gradientXInput,
  integratedGradients,
  expectedGradients,
  deepLift,
  epsilonLrp,
  occlusion,
  shapleySampling,
};

/** Resolves a {@link MethodSpec}, naming `arg` and `fn` when it is not one. */
export function resolveMethod(spec: MethodSpec, arg: string, fn: string): ResolvedMethod {
  if (typeof spec === 'object' && spec !== null && 'explain' in spec && typeof spec.explain === 'function') {
    const explain = spec.explain;
    return {
      label: String(spec.label),
      local: spec.local ?? false,
      sampled: spec.sampled ?? false,
      run: (model, inputs, extras = {}) => explain(model, inputs, extras),
    };
  }
  const name = typeof spec === 'object' && spec !== null && 'method' in spec ? spec.method : spec;
  if (!isAttributionMethodName(name)) throw new Error(errors.oneOf(arg, fn, Object.keys(ATTRIBUTION_METHODS), name));
  const own = typeof spec === 'object' && spec !== null && 'method' in spec ? (spec.options ?? {}) : {};
  const label = typeof spec === 'object' && spec !== null && 'label' in spec && spec.label ? String(spec.label) : name;
  const runner = RUNNERS[name];
  const { local, sampled, seeded } = ATTRIBUTION_METHODS[name];
  return {
    label,
    local,
    sampled,
    run: (model, inputs, extras = {}) => {
      // Only keys the method takes: a method that checks its option keys refuses others.
      const base: MethodOptions = {};
      if (extras.output !== undefined) base.output = extras.output;
      if (seeded && extras.seed !== undefined) base.seed = extras.seed;
      return runner(model, inputs, { ...base, ...own } as never);
    },
  };
}
