/**
 * The warning for models whose Hessian vanishes. Piecewise-linear activations (ReLU and friends)
 * have a zero second derivative almost everywhere, so Integrated and Expected Hessians of such a
 * model lose every off-diagonal interaction and their rows stop summing to the attributions
 * (Janizek et al., JMLR 2021, recommend softplus for this reason). Warned once per model.
 */
import type { ModelLike } from '../types';

/** Activation names and layer classes that are piecewise linear. */
export const PIECEWISE_LINEAR = {
  relu: 'activation',
  relu6: 'activation',
  ReLU: 'layer',
  LeakyReLU: 'layer',
  PReLU: 'layer',
  ThresholdedReLU: 'layer',
} as const;

interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  name: string;
}

/** The first piecewise-linear part of a LayersModel ("layer 'dense_1' (relu)"), or null. */
export function piecewiseLinearPart(model: ModelLike): string | null {
  if (typeof model !== 'object' || model === null || !('layers' in model)) return null;
  const layers = (model as { layers: unknown }).layers;
  if (!Array.isArray(layers)) return null;
  for (const l of layers as LayerLike[]) {
    if (typeof l?.getClassName !== 'function') continue;
    const cls = l.getClassName();
    if (Object.prototype.hasOwnProperty.call(PIECEWISE_LINEAR, cls)) return `layer '${l.name}' (${cls})`;
    const act = typeof l.getConfig === 'function' ? l.getConfig().activation : undefined;
    if (act === 'relu' || act === 'relu6') return `layer '${l.name}' (${act} activation)`;
    // Nested models (a Sequential inside a functional model) are searched too.
    if ('layers' in l) {
      const inner = piecewiseLinearPart(l as unknown as ModelLike);
      if (inner) return inner;
    }
  }
  return null;
}

/** The warning text for a model with piecewise-linear part `part`. */
export function piecewiseLinearWarning(fn: string, part: string): string {
  return (
    `'${fn}': the model's ${part} is piecewise linear, so its second derivatives are zero almost everywhere: ` +
    `off-diagonal interactions vanish and rows no longer sum to the attributions. ` +
    `Use softplus activations instead (toSoftplus(model) builds the same network with softplus).`
  );
}

/** The warning text when every second derivative came out exactly zero. */
export function zeroHessianWarning(fn: string): string {
  return (
    `'${fn}': the model's Hessian was exactly zero at every path point, so every off-diagonal interaction is 0. ` +
    `A linear model has no interactions; a model with ReLU-like activations loses them ` +
    `(zero second derivative almost everywhere): use softplus activations instead.`
  );
}
