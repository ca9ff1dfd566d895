/** Optimisers of {@link train}: made by name, recognised, and their learning rates read and set. */
import * as tf from '@tensorflow/tfjs';
import { adam } from '../../engine/adam';
import type { OptimizerName } from './options';

/** An optimiser created by name. */
export function makeOptimizer(name: OptimizerName, lr: number, epsilon: number | null): tf.Optimizer {
  // tfjs's Adam, with one flat moment buffer: a constant number of ops per step.
  if (name === 'adam') return adam(lr, epsilon === null ? {} : { epsilon });
  if (name === 'sgd') return tf.train.sgd(lr);
  return tf.train.rmsprop(lr, 0.9, 0, epsilon ?? undefined);
}

/** `instanceof tf.Optimizer` that is safe on null and primitives (tfjs's Symbol.hasInstance reads
 * `minimize` off its operand). */
export function isOptimizer(v: unknown): v is tf.Optimizer {
  return v !== null && typeof v === 'object' && v instanceof tf.Optimizer;
}

/** The learning rate an optimiser steps with (tfjs's optimisers keep it in a field). */
export function learningRateOf(opt: tf.Optimizer): number {
  const lr = (opt as unknown as { learningRate?: unknown }).learningRate;
  return typeof lr === 'number' ? lr : NaN;
}

/** Sets an optimiser's learning rate for its next steps (SGD through its setter, which also
 * rebuilds its cached scalar; Adam, RMSProp and the others read the field at every step). */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const withSetter = opt as unknown as { setLearningRate?: (v: number) => void; learningRate?: number };
  if (typeof withSetter.setLearningRate === 'function') withSetter.setLearningRate(lr);
  else withSetter.learningRate = lr;
}

/** The optimisers of a call, the ones created here (disposed at the end), and the rates the decay starts from. */
export function optimizersFor(o: {
  optimizer: OptimizerName | tf.Optimizer;
  priorOptimizer: OptimizerName | tf.Optimizer | null;
  schedule: string;
  learningRate: number;
  epsilon: number | null;
}): {
  optimizer: tf.Optimizer;
  priorOptimizer: tf.Optimizer;
  created: tf.Optimizer[];
  schedules: Array<{ opt: tf.Optimizer; base: number }>;
} {
  const created: tf.Optimizer[] = [];
  const optimizer = isOptimizer(o.optimizer) ? o.optimizer : makeOptimizer(o.optimizer, o.learningRate, o.epsilon);
  if (!isOptimizer(o.optimizer)) created.push(optimizer);
  let priorOptimizer = optimizer;
  if (isOptimizer(o.priorOptimizer)) {
    priorOptimizer = o.priorOptimizer;
  } else if (o.priorOptimizer !== null || (o.schedule === 'alternating' && !isOptimizer(o.optimizer))) {
    priorOptimizer = makeOptimizer(o.priorOptimizer ?? (o.optimizer as OptimizerName), o.learningRate, o.epsilon);
    created.push(priorOptimizer);
  }
  // The rates the decay starts from; instances given by the caller get theirs back at the end.
  const schedules = [...new Set([optimizer, priorOptimizer])].map((opt) => ({
    opt,
    base: created.includes(opt) ? o.learningRate : learningRateOf(opt),
  }));
  return { optimizer, priorOptimizer, created, schedules };
}
