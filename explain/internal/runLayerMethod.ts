/**
 * The body shared by the layer attributions (captum's layer methods): attributions to the
 * output units of a named layer of a tf.LayersModel, from the layer's activations A and the
 * gradient of the explained output with respect to them, ∂f/∂A, along a path.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { layerAndOutput, layerShape, outputFromLayer, resolveLayer, type LayerRef } from './layers';
import { evaluate } from './model';
import { completenessRows, resolveOutput, selectOutput, selectionCount, type MethodRun } from './output';
import { inputGradient } from './pathIntegral';
import { gaussLegendre } from './samplers';
import { checkPositiveInteger } from './validate';
import { prepareMethodCall } from './prepareMethodCall';

/** The layer methods. */
export type LayerMethodKind = 'activation' | 'gradientXActivation' | 'integratedGradients' | 'conductance' | 'internalInfluence';

/** Options the layer methods understand. */
export interface LayerMethodOptions extends ProgressOptions {
  layer: LayerRef;
  baseline?: InputLike | number;
  numSamples?: number;
  output?: OutputSelection;
  batchSize?: number;
}

/** A finished layer run: values [N, S, ...layerShape] and the layer's name. */
export interface LayerRun extends MethodRun {
  values: Float32Array;
  layerName: string;
}

/** Runs a layer method; see the method files for the formulas. */
export async function runLayerMethod(
  fn: string,
  model: ModelLike,
  inputs: InputLike,
  o: LayerMethodOptions,
  kind: LayerMethodKind,
): Promise<LayerRun> {
  const r = resolveLayer(model, o.layer, fn);
  const numSamples =
    kind === 'integratedGradients' || kind === 'conductance' || kind === 'internalInfluence'
      ? checkPositiveInteger(o.numSamples, 'numSamples', fn)
      : 1;
  const prep = await prepareMethodCall(fn, model, inputs, o, {
    model: 'function',
    baseline: 'fixed',
    batchFeatures: (fs, d) =>
      Math.max(
        d,
        layerShape(r, fs).reduce((p, q) => p * q, 1),
      ),
  });
  try {
    const { model: f, x, n, featureShape: fs, batchSize, m } = prep;
    const base = prep.baseline as tf.Tensor;
    const ls = layerShape(r, fs);
    const ld = ls.reduce((p, q) => p * q, 1);
    const { values: fx, info } = evaluate(f, x, batchSize, fn);
    const sel = resolveOutput(o.output, info, n, fn);
    const numSel = selectionCount(sel);
    // Path: Gauss–Legendre nodes (captum's default); conductance takes numSamples + 1 of them
    // and sums ∂f/∂A(α_k)·(A(α_k+1) − A(α_k)), as captum's LayerConductance does.
    const rule = kind === 'conductance' ? gaussLegendre(numSamples + 1) : gaussLegendre(numSamples);
    const alphas = kind === 'activation' || kind === 'gradientXActivation' ? [1] : rule.nodes;
    const weights = kind === 'activation' || kind === 'gradientXActivation' ? [1] : rule.weights;
    const P = alphas.length;
    const values = await pathChunks(fn, n, numSel, Math.max(1, Math.floor(batchSize / P)), ld, o, (s, i0, c) => {
      const owners = Int32Array.from({ length: c * P }, (_, p) => i0 + Math.floor(p / P));
      const xb = x.slice(i0, c);
      const bb = m === 1 ? tf.tile(base, [c, ...fs.map(() => 1)]) : base.slice(i0, c);
      const gradAt = (z: tf.Tensor, a: tf.Tensor) =>
        inputGradient(fn, (aa) => selectOutput(outputFromLayer(r, z, aa), sel, owners, s).sum() as tf.Scalar, a);
      if (kind === 'activation') return layerAndOutput(r, xb).activation;
      if (kind === 'gradientXActivation') {
        const a = layerAndOutput(r, xb).activation;
        return a.mul(gradAt(xb, a));
      }
      const al = tf.tensor(alphas, [1, P, ...fs.map(() => 1)]);
      const wt = tf.tensor(weights, [1, P, ...ls.map(() => 1)]);
      if (kind === 'integratedGradients') {
        const A = layerAndOutput(r, xb).activation.expandDims(1);
        const A0 = layerAndOutput(r, bb).activation.expandDims(1);
        const alA = tf.tensor(alphas, [1, P, ...ls.map(() => 1)]);
        const pts = A0.add(A.sub(A0).mul(alA)).reshape([c * P, ...ls]);
        const xrep = xb
          .expandDims(1)
          .tile([1, P, ...fs.map(() => 1)])
          .reshape([c * P, ...fs]);
        const g = gradAt(xrep, pts).reshape([c, P, ...ls]);
        return g
          .mul(wt)
          .sum(1)
          .mul(A.sub(A0).squeeze([1]));
      }
      const z = bb
        .expandDims(1)
        .add(xb.sub(bb).expandDims(1).mul(al))
        .reshape([c * P, ...fs]);
      const a = layerAndOutput(r, z).activation;
      const g = gradAt(z, a).reshape([c, P, ...ls]);
      if (kind === 'internalInfluence') return g.mul(wt).sum(1);
      const ar = a.reshape([c, P, ...ls]);
      const start = ls.map(() => 0);
      const diff = ar.slice([0, 1, ...start], [c, P - 1, ...ls]).sub(ar.slice([0, 0, ...start], [c, P - 1, ...ls]));
      return g
        .slice([0, 0, ...start], [c, P - 1, ...ls])
        .mul(diff)
        .sum(1);
    });
    const fb = evaluate(f, base, batchSize, fn).values;
    const rows = completenessRows(values, ld, n, sel, info.numOutputs, fx, fb, (i) => (m === 1 ? 0 : i));
    return {
      values,
      numInputs: n,
      featureShape: ls,
      outputs: sel.kind === 'all' ? sel.numOutputs : null,
      layerName: r.name,
      ...rows,
    };
  } finally {
    prep.dispose();
  }
}

/**
 * The loop shared by the layer and neuron path methods: for every explained output `s` and
 * every chunk of at most `rowsPerPass` inputs starting at `i0` (`c` rows), `body` returns the
 * chunk's attributions [c, ...] of `width` values per row (inside a tidy); they are gathered
 * into [N, S, width] row-major, with one progress step per chunk.
 */
export async function pathChunks(
  fn: string,
  n: number,
  numSel: number,
  rowsPerPass: number,
  width: number,
  progress: ProgressOptions,
  body: (s: number, i0: number, c: number) => tf.Tensor,
): Promise<Float32Array> {
  const values = new Float32Array(n * numSel * width);
  const cp = new Checkpoint(fn, Math.ceil(n / rowsPerPass) * numSel, progress);
  try {
    for (let s = 0; s < numSel; s++) {
      for (let i0 = 0; i0 < n; i0 += rowsPerPass) {
        const c = Math.min(rowsPerPass, n - i0);
        const phi = tf.tidy(() => body(s, i0, c));
        const v = (await phi.data()) as Float32Array;
        phi.dispose();
        for (let i = 0; i < c; i++) values.set(v.subarray(i * width, (i + 1) * width), ((i0 + i) * numSel + s) * width);
        await cp.step();
      }
    }
  } finally {
    cp.end();
  }
  return values;
}
