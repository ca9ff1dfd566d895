/**
 * L1 and L2 penalties on the weights: the classical regularisers the sparsity experiment compares
 * the Gini attribution prior with (Erion et al., Nature Machine Intelligence 2021). Each has the
 * textbook form (Σ|w|, Σw²) and the form of the paper's code (mean |w| over all kernel weights;
 * the unsquared Euclidean norm ‖w‖₂ of all kernel weights), which changes the scale at which λ
 * acts — the paper's λ grid was searched for those forms.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from '../internal/errors';
import type { AttributionPrior } from './prior';
import type { TrainableModel } from './differentiableExpectedGradients';

/** The kernels (not biases) of a LayersModel's trainable layers, as tf.Variables. */
function kernels(model: TrainableModel, fn: string): tf.Tensor[] {
  if (!(model instanceof tf.LayersModel)) throw new Error(errors.priorsModel(fn, 'a function'));
  return model.trainableWeights
    .filter((w) => !/bias$/.test(w.originalName) && !/(gamma|beta)$/.test(w.originalName))
    .map((w) => w.read());
}

function weightPrior(name: string, omega: (ws: tf.Tensor[]) => tf.Tensor): AttributionPrior {
  return {
    name,
    usesAttributions: false,
    check() {},
    penalty(_attributions, model) {
      return tf.tidy(() => omega(kernels(model, name)) as tf.Scalar);
    },
  };
}

const sumOver = (ws: tf.Tensor[], f: (w: tf.Tensor) => tf.Tensor): tf.Tensor =>
  ws.reduce<tf.Tensor>((s, w) => s.add(f(w)), tf.scalar(0));
const count = (ws: tf.Tensor[]): number => ws.reduce((n, w) => n + w.size, 0);

/** Options of {@link l1WeightPrior}. */
export interface L1WeightPriorOptions {
  /** `'sum'`: Ω = Σ|w|; `'mean'`: Ω = mean |w| over all kernel weights, the form of the attribution-priors code. Default: 'sum'. */
  form?: 'sum' | 'mean';
}

/** Options of {@link l2WeightPrior}. */
export interface L2WeightPriorOptions {
  /** `'sumOfSquares'`: Ω = Σw²; `'norm'`: Ω = ‖w‖₂ = √(Σw²) over all kernel weights, the form of the attribution-priors code. Default: 'sumOfSquares'. */
  form?: 'sumOfSquares' | 'norm';
}

const L1_DEFAULTS: Required<L1WeightPriorOptions> = { form: 'sum' };
const L2_DEFAULTS: Required<L2WeightPriorOptions> = { form: 'sumOfSquares' };
const L1_FORMS = ['sum', 'mean'] as const;
const L2_FORMS = ['sumOfSquares', 'norm'] as const;

/**
 * L1 on the kernels of the trainable layers (biases excluded): Ω = Σ|w|, or with
 * `form: 'mean'` Ω = mean |w| over all of them (Erion et al., Nature Machine Intelligence 2021).
 */
export function l1WeightPrior(options: L1WeightPriorOptions = {}): AttributionPrior {
  const o = { ...L1_DEFAULTS, ...options };
  if (!(L1_FORMS as readonly string[]).includes(o.form)) throw new Error(errors.oneOf('form', 'l1WeightPrior', L1_FORMS, o.form));
  if (o.form === 'mean') return weightPrior('l1WeightsMean', (ws) => sumOver(ws, (w) => w.abs().sum()).div(count(ws)));
  return weightPrior('l1Weights', (ws) => sumOver(ws, (w) => w.abs().sum()));
}

/**
 * L2 on the kernels of the trainable layers (biases excluded): Ω = Σw², or with `form: 'norm'`
 * the unsquared norm Ω = ‖w‖₂ of all of them together (Erion et al., Nature Machine Intelligence 2021).
 */
export function l2WeightPrior(options: L2WeightPriorOptions = {}): AttributionPrior {
  const o = { ...L2_DEFAULTS, ...options };
  if (!(L2_FORMS as readonly string[]).includes(o.form)) throw new Error(errors.oneOf('form', 'l2WeightPrior', L2_FORMS, o.form));
  if (o.form === 'norm') return weightPrior('l2WeightsNorm', (ws) => sumOver(ws, (w) => w.square().sum()).sqrt());
  return weightPrior('l2Weights', (ws) => sumOver(ws, (w) => w.square().sum()));
}
