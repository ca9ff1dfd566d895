/**
 * Neuron conductance (Dhamdhere, Sundararajan, Yan, "How Important Is a Neuron?", ICLR 2019),
 * as captum's NeuronConductance: the part of the output's Integrated Gradients that flows
 * through one hidden unit k, φᵢ = (xᵢ − x′ᵢ) ∫₀¹ ∂f/∂A_k · ∂A_k/∂xᵢ (x′ + α(x − x′)) dα.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import type { LayerRef } from '../internal/layers';
import { layerAndOutput, outputFromLayer } from '../internal/layers';
import { evaluate } from '../internal/model';
import { neuronFunction, type NeuronIndex } from '../internal/neuron';
import { completenessRows, resolveOutput, selectOutput, selectionCount } from '../internal/output';
import { inputGradient } from '../internal/pathIntegral';
import { gaussLegendre } from '../internal/samplers';
import { checkPositiveInteger } from '../internal/validate';
import { prepareMethodCall } from '../internal/prepareMethodCall';
import { pathChunks } from '../internal/runLayerMethod';
import { resultFromRun, type AttributionResult } from '../attribution/result';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { numSamples: 50 };

/** Options of {@link neuronConductance}. */
export interface NeuronConductanceOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The layer: its name or its index in `model.layers`. Required. */
  layer: LayerRef;
  /** The unit: a flat index into the layer's output (without the batch axis) or one index per axis. Required. */
  neuron: NeuronIndex;
  /** The baseline x′: one row (or a number filling it) or one row per input. Default: 0. */
  baseline?: InputLike | number;
  /** Gauss–Legendre points on the path (captum's default rule). Default: 50. */
  numSamples?: number;
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
  const prep = await prepareMethodCall(fn, model, inputs, o, { model: 'function', baseline: 'fixed' });
  try {
    const { model: f, x, n, featureShape: fs, d, batchSize, m } = prep;
    const base = prep.baseline as tf.Tensor;
    const { values: fx, info } = evaluate(f, x, batchSize, fn);
    const sel = resolveOutput(o.output, info, n, fn);
    const numSel = selectionCount(sel);
    const { nodes, weights } = gaussLegendre(S);
    const values = await pathChunks(fn, n, numSel, Math.max(1, Math.floor(batchSize / S)), d, o, (s, i0, c) => {
      const owners = Int32Array.from({ length: c * S }, (_, p) => i0 + Math.floor(p / S));
      const xb = x.slice(i0, c);
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
    const fb = evaluate(f, base, batchSize, fn).values;
    const rows = completenessRows(values, d, n, sel, info.numOutputs, fx, fb, (i) => (m === 1 ? 0 : i));
    return resultFromRun(
      fn,
      { values, numInputs: n, featureShape: fs, outputs: sel.kind === 'all' ? sel.numOutputs : null, ...rows },
      S,
      { layer: r.name, neuron: index, numSamples: S },
    );
  } finally {
    prep.dispose();
  }
}
