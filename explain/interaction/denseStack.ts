/**
 * The dense-stack detection and the activations table live in internal/dense/ (read by the
 * forward pass, the first-layer gradient, the dense Hessians and the gradient overrides); these
 * names stay importable from here.
 */
import { ACTIVATIONS, type DenseActivation } from '../internal/dense/activations';

export { activationDerivatives, isDenseActivation, type DenseActivation } from '../internal/dense/activations';
export { asDenseStack, denseStackMismatch, type DenseStack, type DenseStep } from '../internal/dense/denseStack';

/** Activations whose first and second derivatives pathlab knows in closed form, with their formulas. */
export const DENSE_ACTIVATIONS = Object.fromEntries(Object.entries(ACTIVATIONS).map(([k, v]) => [k, v.formula])) as Record<
  DenseActivation,
  string
>;
