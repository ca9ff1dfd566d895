/**
 * Neuron conductance (Dhamdhere, Sundararajan, Yan, "How Important Is a Neuron?", ICLR 2019),
 * as captum's NeuronConductance: the part of the output's Integrated Gradients that flows
 * through one hidden unit k, φᵢ = (xᵢ − x′ᵢ) ∫₀¹ ∂f/∂A_k · ∂A_k/∂xᵢ (x′ + α(x − x′)) dα.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { defaultBatchSize } from '../internal/batching';
import { errors } from '../internal/errors';
import type { LayerRef } from '../internal/layers';
import { layerAndOutput, outputFromLayer } from '../internal/layers';
import { evaluate, toModelFunction } from '../internal/model';
import { neuronFunction, type NeuronIndex } from '../internal/neuron';
import { completenessRows, resolveOutput, selectOutput, selectionCount } from '../internal/output';
import { inputGradient } from '../internal/pathIntegral';
import { gaussLegendre } from '../internal/samplers';
import { checkPositiveInteger, prepareBaseline, prepareInputs } from '../internal/validate';
import { resultFromRun, type AttributionResult } from '../attribution/result';

const DEFAULTS = { numSamples: 50 };

/** Options of {@link neuronConductance}. */
export interface NeuronConductanceOptions extends ProgressOptions {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
  /** The unit: a flat index into the layer's output (without the batch axis) or one index per axis. Required. */
  neuron: NeuronIndex;
  /** The baseline x′: one row (or a number filling it) or one row per input. Default: 0. */
  baseline?: InputLike | number;
  /** Gauss–Legendre points on the path (captum's default rule). Default: 50. */
  numSamples?: number;
  /** Which output to explain (index, one index per row, or weights). Default: the only output, or every output. */
  output?: OutputSelection;
  /** Path points per model pass; bounds memory, never changes results. Default: about 8M floats per pass. */
  batchSize?: number;
}

/**
 * Neuron conductance of unit `neuron` of `layer` for the explained output; summed over the
 * units of the layer it gives the layer's conductance. Dhamdhere et al., ICLR 2019.
 */
export async function neuronConductance(
  model: ModelLike,
  inputs: InputLike,
  options: NeuronConductanceOptions,
): Promise<AttributionResult> {
  const fn = 'neuronConductance';
  await ready();
  const o = { ...DEFAULTS, ...options };
  const { r, index, f: neuronF } = neuronFunction(model, o.layer, o.neuron, inputs, fn);
  const S = checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const f = toModelFunction(model, fn);
  const x = prepareInputs(inputs, 'inputs', fn);
  let b: { tensor: tf.Tensor; dispose(): void } | null = null;
  try {
    const n = x.tensor.shape[0];
    const fs = x.tensor.shape.slice(1);
    const d = fs.reduce((p, q) => p * q, 1);
    b = prepareBaseline(o.baseline, fs, 'baseline', fn);
    const m = b.tensor.shape[0];
    if (m !== 1 && m !== n) throw new Error(errors.baselineRows('baseline', fn, n, m));
    const batchSize = o.batchSize === undefined ? defaultBatchSize(d) : checkPositiveInteger(o.batchSize, 'batchSize', fn);
    const { values: fx, info } = evaluate(f, x.tensor, batchSize, fn);
    const sel = resolveOutput(o.output, info, n, fn);
    const numSel = selectionCount(sel);
    const { nodes, weights } = gaussLegendre(S);
    const per = Math.max(1, Math.floor(batchSize / S));
    const values = new Float32Array(n * numSel * d);
    const cp = new Checkpoint(fn, Math.ceil(n / per) * numSel, o);
    const base = b.tensor;
    try {
      for (let s = 0; s < numSel; s++) {
        for (let i0 = 0; i0 < n; i0 += per) {
          const c = Math.min(per, n - i0);
          const owners = Int32Array.from({ length: c * S }, (_, p) => i0 + Math.floor(p / S));
          const phi = tf.tidy(() => {
            const xb = x.tensor.slice(i0, c);
            const bb = m === 1 ? tf.tile(base, [c, ...fs.map(() => 1)]) : base.slice(i0, c);
            const al = tf.tensor(nodes, [1, S, ...fs.map(() => 1)]);
            const z = bb
              .expandDims(1)
              .add(xb.sub(bb).expandDims(1).mul(al))
              .reshape([c * S, ...fs]);
            const a = layerAndOutput(r, z).activation;
            const gA = inputGradient(fn, (aa) => selectOutput(outputFromLayer(r, z, aa), sel, owners, s).sum() as tf.Scalar, a);
            const ck = gA
              .reshape([c * S, -1])
              .slice([0, index], [-1, 1])
              .reshape([-1])
              .mul(tf.tensor1d(Array.from({ length: c * S }, (_, p) => weights[p % S])));
            const gz = inputGradient(fn, (zz) => neuronF(zz).mul(ck).sum() as tf.Scalar, z);
            return gz
              .reshape([c, S, ...fs])
              .sum(1)
              .mul(xb.sub(bb));
          });
          const v = (await phi.data()) as Float32Array;
          phi.dispose();
          for (let i = 0; i < c; i++) values.set(v.subarray(i * d, (i + 1) * d), ((i0 + i) * numSel + s) * d);
          await cp.step();
        }
      }
    } finally {
      cp.end();
    }
    const fb = evaluate(f, base, batchSize, fn).values;
    const rows = completenessRows(values, d, n, sel, info.numOutputs, fx, fb, (i) => (m === 1 ? 0 : i));
    return resultFromRun(
      fn,
      { values, numInputs: n, featureShape: fs, outputs: sel.kind === 'all' ? sel.numOutputs : null, ...rows },
      S,
      { layer: r.name, neuron: index, numSamples: S },
    );
  } finally {
    b?.dispose();
    x.dispose();
  }
}
