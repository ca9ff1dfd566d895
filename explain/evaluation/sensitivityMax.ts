/**
 * Max-sensitivity (Yeh, Hsieh, Suggala, Inouye, Ravikumar, "On the (In)fidelity and Sensitivity
 * of Explanations", NeurIPS 2019), as captum's `sensitivity_max` defines it: the largest change
 * of the explanation, ‖φ(x + ε) − φ(x)‖₂ / ‖φ(x)‖₂, over Monte-Carlo draws ε uniform in the
 * L∞ ball of a radius.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { errors } from '../internal/errors';
import { Rng, type Seed } from '../../core';
import { checkPositiveInteger, checkPositiveNumber, prepareInputs } from '../internal/validate';
import { resolveMethod, type MethodSpec } from './attributionMethods';
import { makeMetricResult, type MetricResult } from './metricResult';
import { attributionMatrix, repeatRows, repeatSelection } from './support';
import type { PerturbFunction } from './infidelity';

const DEFAULTS = { radius: 0.02, numSamples: 10, seed: 0 as Seed };

/** Options of {@link sensitivityMax}. */
export interface SensitivityMaxOptions extends ProgressOptions {
  /** Radius r of the L∞ ball the perturbations are drawn from, uniformly. Default: 0.02 (captum's). */
  radius?: number;
  /** Perturbations per input. Default: 10. */
  numSamples?: number;
  /**
   * A custom perturbation instead of the uniform draws: gets the inputs with every row repeated
   * `numSamples` times (and the baseline, which it may ignore) and returns the perturbed inputs.
   * Default: uniform in [−radius, radius] per feature.
   */
  perturbation?: PerturbFunction;
  /** Seed of the perturbations (and of a sampling method's draws). Default: 0. */
  seed?: Seed;
  /** Which output the method explains. Default: the only output. */
  output?: OutputSelection;
}

/**
 * Max-sensitivity of an attribution method at each input (lower is better; 0 for a method whose
 * explanation does not move within the ball, e.g. the gradient of a linear model).
 * The method runs once on the inputs and once on all N·numSamples perturbed inputs.
 * Yeh et al., NeurIPS 2019; captum's `sensitivity_max`.
 */
export async function sensitivityMax(
  model: ModelLike,
  inputs: InputLike,
  method: MethodSpec,
  options: SensitivityMaxOptions = {},
): Promise<MetricResult> {
  const fn = 'sensitivityMax';
  await ready();
  const o = { ...DEFAULTS, ...options };
  const m = resolveMethod(method, 'method', fn);
  const S = checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const radius = checkPositiveNumber(o.radius, 'radius', fn);
  const x = prepareInputs(inputs, 'inputs', fn);
  const tensors: tf.Tensor[] = [];
  const checkpoint = new Checkpoint(fn, 2, o);
  try {
    const n = x.tensor.shape[0];
    const fs = x.tensor.shape.slice(1);
    const d = fs.reduce((a, b) => a * b, 1);
    const seed = typeof o.seed === 'number' ? o.seed : undefined;
    const base = await m.run(model, x.tensor, { output: o.output, seed });
    const phi = attributionMatrix(base, n, fs, fn);
    await checkpoint.step();
    const xr = repeatRows(x.tensor, S);
    tensors.push(xr);
    let xp: tf.Tensor;
    if (o.perturbation) {
      const zero = tf.zerosLike(xr);
      tensors.push(zero);
      const out = o.perturbation(xr, zero);
      const ok = out instanceof tf.Tensor && out.shape.length === xr.shape.length && out.shape.every((s, i) => s === xr.shape[i]);
      if (!ok) {
        if (out instanceof tf.Tensor && out !== xr && out !== zero) out.dispose();
        throw new Error(errors.evalPerturbation(fn, xr.shape, out));
      }
      xp = out === xr || out === zero ? out.clone() : out;
    } else {
      const rng = new Rng(o.seed, 'sensitivityMax');
      const u = new Float32Array(n * S * d);
      for (let i = 0; i < u.length; i++) u[i] = (rng.uniform() * 2 - 1) * radius;
      xp = tf.tidy(() => xr.add(tf.tensor(u, xr.shape)));
    }
    tensors.push(xp);
    const moved = await m.run(model, xp, { output: repeatSelection(o.output, S), seed });
    const phiP = attributionMatrix(moved, n * S, fs, fn);
    await checkpoint.step();
    const perRow = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += phi[i * d + j] ** 2;
      norm = Math.sqrt(norm) || 1;
      let worst = -Infinity;
      for (let s = 0; s < S; s++) {
        const r = i * S + s;
        let diff = 0;
        for (let j = 0; j < d; j++) diff += (phiP[r * d + j] - phi[i * d + j]) ** 2;
        worst = Math.max(worst, Math.sqrt(diff) / norm);
      }
      perRow[i] = worst;
    }
    return makeMetricResult(
      'sensitivityMax',
      m.label,
      perRow,
      true,
      `${o.perturbation ? 'custom perturbation' : `radius=${radius}`}, numSamples=${S}`,
    );
  } finally {
    checkpoint.end();
    tensors.forEach((t) => t.dispose());
    x.dispose();
  }
}
