/**
 * Labels and task losses of {@link train}: which loss the model and labels call for, labels
 * checked and cast for it, the loss itself, and the data of a call read and checked once.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from '../../internal/errors';
import { checkFinite, checkOneOf, toFloatTensor } from '../../internal/validate';
import { METRICS, type MetricName } from '../metrics';
import { FN, isTaskLoss, TASK_LOSSES, type ResolvedOptions, type TaskLoss, type TrainData } from './options';

/** What the model and the labels decide: the loss, whether outputs are logits, the metrics. */
export interface Plan {
  loss: TaskLoss;
  fromLogits: boolean;
  outputs: number;
  featureShape: number[];
  metrics: MetricName[];
}

function shapeText(s: readonly (number | null)[]): string {
  return `[${s.map((v) => (v === null ? 'N' : v)).join(', ')}]`;
}

export function toLabels(y: TrainData['y']): { tensor: tf.Tensor; owned: boolean } {
  if (y instanceof tf.Tensor) return { tensor: y, owned: false };
  return { tensor: tf.tensor(y as number[] | number[][]), owned: true };
}

function lastActivation(model: tf.LayersModel): string | undefined {
  const last = model.layers[model.layers.length - 1];
  const act = (last?.getConfig() as { activation?: unknown }).activation;
  return typeof act === 'string' ? act : undefined;
}

/** Checks labels against the loss and returns them in the dtype the loss uses. */
export function prepareLabels(y: tf.Tensor, plan: Plan, n: number, arg: string): tf.Tensor {
  const c = plan.outputs;
  const s = y.shape;
  if (s[0] !== n) throw new Error(errors.priorsRows(FN, arg, n, s[0] ?? 0));
  const column = s.length === 1 || (s.length === 2 && s[1] === 1);
  switch (plan.loss) {
    case 'sparseCategoricalCrossentropy': {
      if (!column) throw new Error(errors.priorsShape(FN, arg, `[${n}] (class ids in 0..${c - 1})`, s));
      const v = y.dataSync();
      for (let i = 0; i < v.length; i++) {
        if (!Number.isInteger(v[i]) || v[i] < 0 || v[i] >= c) {
          throw new Error(errors.priorsShape(FN, arg, `[${n}] (class ids in 0..${c - 1}; row ${i} is ${v[i]})`, s));
        }
      }
      return tf.tidy(() => y.reshape([n]).toInt());
    }
    case 'categoricalCrossentropy':
      if (s.length !== 2 || s[1] !== c) throw new Error(errors.priorsShape(FN, arg, `[${n}, ${c}] (one-hot)`, s));
      return y.toFloat();
    case 'binaryCrossentropy':
      if (!column) throw new Error(errors.priorsShape(FN, arg, `[${n}] or [${n}, 1] (0/1 labels)`, s));
      return tf.tidy(() => y.reshape([n, 1]).toFloat());
    case 'meanSquaredError':
      if (c === 1 ? !column : s.length !== 2 || s[1] !== c) {
        throw new Error(errors.priorsShape(FN, arg, c === 1 ? `[${n}] or [${n}, 1]` : `[${n}, ${c}]`, s));
      }
      return tf.tidy(() => y.reshape([n, c]).toFloat());
  }
}

/** The task loss of training- or inference-mode outputs `out` against prepared labels `y`. */
export function taskLossOf(plan: Plan, y: tf.Tensor, out: tf.Tensor): tf.Scalar {
  const n = out.shape[0];
  const o = out.reshape([n, plan.outputs]);
  const eps = 1e-7;
  switch (plan.loss) {
    case 'sparseCategoricalCrossentropy':
    case 'categoricalCrossentropy': {
      const target = plan.loss === 'sparseCategoricalCrossentropy' ? tf.oneHot(y as tf.Tensor1D, plan.outputs).toFloat() : y;
      const logp = plan.fromLogits ? tf.logSoftmax(o) : o.clipByValue(eps, 1 - eps).log();
      return target.mul(logp).sum(1).mean().neg() as tf.Scalar;
    }
    case 'binaryCrossentropy': {
      if (plan.fromLogits) {
        // max(z, 0) − z·y + log(1 + e^−|z|): no overflow for large |z|.
        return o.relu().sub(o.mul(y)).add(o.abs().neg().exp().log1p()).mean() as tf.Scalar;
      }
      const p = o.clipByValue(eps, 1 - eps);
      return y
        .mul(p.log())
        .add(tf.sub(1, y).mul(tf.sub(1, p).log()))
        .mean()
        .neg() as tf.Scalar;
    }
    case 'meanSquaredError':
      return o.sub(y).square().mean() as tf.Scalar;
  }
}

/** Resolves the loss, logits flag and metrics from the model and the labels, or throws. */
export function planFor(model: tf.LayersModel, y: tf.Tensor, o: ResolvedOptions): Plan {
  const outShape = model.outputs[0].shape;
  const outputs = outShape.length <= 1 ? 1 : outShape.slice(1).reduce<number>((p, v) => p * (v ?? 1), 1);
  const featureShape = model.inputs[0].shape.slice(1).map((v) => v ?? -1);
  const act = lastActivation(model);
  let loss: TaskLoss;
  if (o.loss === 'auto') {
    if (outputs > 1)
      loss =
        y.rank === 2 && y.shape[1] === outputs && outputs !== 1 ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy';
    else loss = act === 'sigmoid' ? 'binaryCrossentropy' : 'meanSquaredError';
  } else if (isTaskLoss(o.loss)) {
    loss = o.loss;
  } else {
    throw new Error(errors.oneOf('loss', FN, [...Object.keys(TASK_LOSSES), 'auto'], o.loss));
  }
  if ((loss === 'sparseCategoricalCrossentropy' || loss === 'categoricalCrossentropy') && outputs < 2) {
    throw new Error(
      errors.priorsLoss(FN, loss, `the model has ${outputs} output; use 'binaryCrossentropy' or 'meanSquaredError'`),
    );
  }
  if (loss === 'binaryCrossentropy' && outputs !== 1) {
    throw new Error(errors.priorsLoss(FN, loss, `the model has ${outputs} outputs, binary cross-entropy needs one`));
  }
  const fromLogits = o.fromLogits === 'auto' ? !(act === 'softmax' || act === 'sigmoid') : o.fromLogits;
  const classification = loss !== 'meanSquaredError';
  const defaults: MetricName[] = loss === 'binaryCrossentropy' ? ['accuracy', 'rocAuc'] : classification ? ['accuracy'] : ['mse'];
  const metrics = o.metrics ?? defaults;
  for (const m of metrics) {
    checkOneOf(m, METRICS, 'metrics', FN);
    if (m === 'rocAuc' && !(outputs === 1))
      throw new Error(
        errors.priorsMetric(FN, m, `it needs a single-output (binary) model, but the model has ${outputs} outputs`),
      );
    if (m === 'accuracy' && !classification && outputs !== 1)
      throw new Error(errors.priorsMetric(FN, m, 'the task is a multi-output regression'));
  }
  return { loss, fromLogits, outputs, featureShape, metrics };
}

export function checkInputs(x: tf.Tensor, plan: Plan, arg: string): void {
  const rowShape = x.shape.slice(1);
  const ok =
    rowShape.length === plan.featureShape.length &&
    rowShape.every((v, i) => plan.featureShape[i] === -1 || plan.featureShape[i] === v);
  if (!ok)
    throw new Error(
      errors.priorsShape(FN, arg, shapeText([null, ...plan.featureShape.map((v) => (v === -1 ? null : v))]), x.shape),
    );
}

/**
 * Throws at the first NaN or ±Infinity of `t`, naming its position. The test runs on the device
 * (a training set can be large); only a tensor that fails is read back to find the position.
 */
function checkFiniteData(t: tf.Tensor, arg: string): void {
  // Integers are finite; TensorFlow's IsFinite takes floating types only.
  if (t.dtype !== 'float32') return;
  const bad = tf.tidy(() => tf.logicalNot(tf.isFinite(t)).any().dataSync()[0]);
  if (bad) checkFinite(t, arg, FN);
}

/** Training inputs and labels (and validation ones) as tensors, checked against the plan. */
export interface PreparedData {
  plan: Plan;
  x: tf.Tensor;
  y: tf.Tensor;
  val: { x: tf.Tensor; y: tf.Tensor } | null;
}

/**
 * Reads `data` (and `validationData`) into tensors, plans the loss and checks shapes, labels and
 * finiteness (a NaN row would train every weight to NaN). Tensors it creates are pushed on `owned`.
 */
export function prepareData(model: tf.LayersModel, data: TrainData, o: ResolvedOptions, owned: tf.Tensor[]): PreparedData {
  const xIn = toFloatTensor(data.x, 'x', FN);
  if (xIn.owned) owned.push(xIn.tensor);
  const x = xIn.tensor;
  const yIn = toLabels(data.y);
  if (yIn.owned) owned.push(yIn.tensor);
  const plan = planFor(model, yIn.tensor, o);
  checkInputs(x, plan, 'x');
  checkFiniteData(x, 'x');
  const n = x.shape[0];
  const y = prepareLabels(yIn.tensor, plan, n, 'y');
  if (y !== yIn.tensor) owned.push(y);
  checkFiniteData(y, 'y');

  let val: { x: tf.Tensor; y: tf.Tensor } | null = null;
  if (o.validationData) {
    const vx = toFloatTensor(o.validationData.x, 'validationData.x', FN);
    if (vx.owned) owned.push(vx.tensor);
    checkInputs(vx.tensor, plan, 'validationData.x');
    checkFiniteData(vx.tensor, 'validationData.x');
    const vy = toLabels(o.validationData.y);
    if (vy.owned) owned.push(vy.tensor);
    const vyp = prepareLabels(vy.tensor, plan, vx.tensor.shape[0], 'validationData.y');
    if (vyp !== vy.tensor) owned.push(vyp);
    checkFiniteData(vyp, 'validationData.y');
    val = { x: vx.tensor, y: vyp };
  }
  return { plan, x, y, val };
}
