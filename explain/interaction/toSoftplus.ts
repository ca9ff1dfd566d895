/**
 * The softplus version of a ReLU MLP. ReLU networks have a zero Hessian almost everywhere, so
 * their Integrated/Expected Hessians lose every interaction; Janizek et al. (JMLR 2021) explain
 * softplus networks instead, which are twice differentiable and, with the same weights, close to
 * the ReLU network (softplus(a) − relu(a) ≤ log 2). Fine-tuning the copy briefly closes the gap.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from '../internal/errors';

interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): tf.Tensor[];
  name: string;
  batchInputShape?: (number | null)[];
}

const PIECEWISE = new Set(['relu', 'relu6']);
const PIECEWISE_LAYERS = new Set(['ReLU', 'LeakyReLU', 'PReLU', 'ThresholdedReLU']);

type Activation =
  | 'softplus'
  | 'linear'
  | 'relu'
  | 'relu6'
  | 'elu'
  | 'selu'
  | 'sigmoid'
  | 'softmax'
  | 'softsign'
  | 'tanh'
  | 'swish'
  | 'mish'
  | 'gelu'
  | 'gelu_new'
  | 'hardSigmoid';

/**
 * A new tf.Sequential with the same layers and weights as `model` (a tf.Sequential of Dense,
 * Activation, ReLU-like, Dropout and Flatten layers), every ReLU-like activation replaced by
 * softplus. The original model is not changed; dispose the copy when done.
 * Janizek, Sturmfels, Lee, JMLR 22(104), 2021.
 * @throws when the model has other layer kinds (convolutions, recurrent layers, ...).
 */
export function toSoftplus(model: tf.LayersModel): tf.Sequential {
  const fn = 'toSoftplus';
  const m = model as unknown as { layers?: unknown; getClassName?: () => string };
  if (!m || !Array.isArray(m.layers) || typeof m.getClassName !== 'function' || m.getClassName() !== 'Sequential') {
    throw new Error(errors.denseModel(fn, m && typeof m.getClassName === 'function' ? `a ${m.getClassName()}` : String(model)));
  }
  const layers = m.layers as LayerLike[];
  for (const l of layers) {
    const cls = l.getClassName();
    if (!['InputLayer', 'Dense', 'Activation', 'Dropout', 'Flatten'].includes(cls) && !PIECEWISE_LAYERS.has(cls)) {
      throw new Error(errors.denseModel(fn, `layer '${l.name}' of class ${cls}`));
    }
  }
  const inputShape = (model.inputs[0].shape as (number | null)[]).slice(1) as number[];
  const out = tf.sequential();
  const pending: [tf.layers.Layer, tf.Tensor[]][] = [];
  let first = true;
  const shapeArg = () => {
    if (!first) return {};
    first = false;
    return { inputShape };
  };
  const swap = (act: unknown): Activation => (typeof act === 'string' && PIECEWISE.has(act) ? 'softplus' : (act as Activation));
  for (const l of layers) {
    const cls = l.getClassName();
    const cfg = l.getConfig();
    let made: tf.layers.Layer | null = null;
    if (cls === 'InputLayer') continue;
    if (cls === 'Dense') {
      made = tf.layers.dense({
        units: cfg.units as number,
        activation: swap(cfg.activation),
        useBias: cfg.useBias as boolean,
        ...shapeArg(),
      });
      pending.push([made, l.getWeights()]);
    } else if (cls === 'Activation') {
      made = tf.layers.activation({ activation: swap(cfg.activation), ...shapeArg() });
    } else if (PIECEWISE_LAYERS.has(cls)) {
      made = tf.layers.activation({ activation: 'softplus', ...shapeArg() });
    } else if (cls === 'Dropout') {
      made = tf.layers.dropout({ rate: cfg.rate as number, ...shapeArg() });
    } else {
      made = tf.layers.flatten({ ...shapeArg() });
    }
    out.add(made);
  }
  for (const [layer, weights] of pending) layer.setWeights(weights);
  return out;
}
