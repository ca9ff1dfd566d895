/**
 * `tf.variableGrads` through a {@link CompileCache}: the loss, everything it keeps (outputs, the
 * task loss, Ω) and the gradients of the variables come out of one function, which on the
 * tensorflow backend runs as one TensorFlow session call once recorded (a training step's
 * forward pass, differentiable expected gradients, the prior and the whole backward pass).
 * The variables are read at each call, so the optimiser may update them in between.
 */
import * as tf from '@tensorflow/tfjs';
import type { CompileCache } from './compiled';

/** Keeps a tensor computed inside the loss for the caller (it comes back in `kept`). */
export type Keep = <T extends tf.Tensor>(t: T) => T;

/** What {@link compiledVariableGrads} returns; the caller owns every tensor. */
export interface VariableGradsResult {
  value: tf.Scalar;
  grads: tf.NamedTensorMap;
  /** The tensors passed to `keep`, in order. */
  kept: tf.Tensor[];
}

/** Names of the variables that got a gradient, per cache and key (fixed by the recorded graph). */
const present = new WeakMap<CompileCache, Map<string, string[]>>();

/**
 * The loss `loss(keep)` and its gradients with respect to `vars`, as `tf.variableGrads`.
 * `inputs` are every tensor the loss reads other than the variables (the batch, random draws);
 * `key` separates losses of different structure in one cache.
 */
export function compiledVariableGrads(
  cache: CompileCache,
  key: string,
  loss: (keep: Keep) => tf.Scalar,
  vars: tf.Variable[],
  inputs: tf.Tensor[],
): VariableGradsResult {
  let names = present.get(cache)?.get(key);
  const step = (): tf.Tensor[] => {
    const kept: tf.Tensor[] = [];
    const keep: Keep = (t) => {
      kept.push(tf.keep(t));
      return t;
    };
    try {
      const { value, grads } = tf.variableGrads(() => loss(keep), vars);
      // Variables the loss does not depend on get no gradient (and no optimiser update).
      names = vars.map((v) => v.name).filter((n) => grads[n] != null);
      if (!present.has(cache)) present.set(cache, new Map());
      present.get(cache)!.set(key, names);
      // The loss may be a kept tensor itself: return a copy so that every result is its own.
      return [kept.includes(value) ? tf.clone(value) : value, ...kept, ...names.map((n) => grads[n])];
    } catch (e) {
      tf.dispose(kept);
      throw e;
    }
  };
  const out = cache.run(step, inputs, key);
  const got = names!;
  const grads: tf.NamedTensorMap = {};
  const g = out.slice(out.length - got.length);
  got.forEach((n, i) => (grads[n] = g[i]));
  return { value: out[0] as tf.Scalar, grads, kept: out.slice(1, out.length - got.length) };
}
