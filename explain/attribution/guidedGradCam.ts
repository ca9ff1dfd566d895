/**
 * Guided Grad-CAM (Selvaraju et al., ICCV 2017): Guided Backpropagation multiplied elementwise
 * by the Grad-CAM map upsampled to the input size (broadcast over the input's channels), as
 * captum's GuidedGradCam.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { checkCamShapes, gradCamMaps, UPSAMPLE_MODES, type UpsampleMode } from '../internal/gradCamMaps';
import { layerShape, resolveLayer, type LayerRef } from '../internal/layers';
import { evaluate } from '../internal/model';
import { prepareMethodCall } from '../internal/prepareMethodCall';
import { resolveOutput, selectOutput } from '../internal/output';
import { inputGradient } from '../internal/pathIntegral';
import { withReluRule } from '../internal/reluOverride';
import { checkOneOf } from '../internal/validate';
import type { AttributionResult } from './result';
import { runMapMethod } from './runMapMethod';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { upsample: 'bilinear' as Exclude<UpsampleMode, 'none'> };

/** Options of {@link guidedGradCam}. */
export interface GuidedGradCamOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The conv layer: its name or its index in `model.layers`; its output must be [N, h, w, C]. Required. */
  layer: LayerRef;
  /** How the Grad-CAM map reaches the input size: 'bilinear' or 'nearest' (captum's default). Default: 'bilinear'. */
  upsample?: Exclude<UpsampleMode, 'none'>;
}

/**
 * Guided Grad-CAM attributions of the input's shape [N, H, W, C]. The Guided Backpropagation
 * override is restored afterwards, also on errors; the completeness gap is measured against a
 * zero input. Selvaraju et al., ICCV 2017.
 */
export async function guidedGradCam(
  model: ModelLike,
  inputs: InputLike,
  options: GuidedGradCamOptions,
): Promise<AttributionResult> {
  const fn = 'guidedGradCam';
  await ready();
  const o = { ...DEFAULTS, ...options };
  const r = resolveLayer(model, o.layer, fn);
  const upsample = checkOneOf(o.upsample, { bilinear: UPSAMPLE_MODES.bilinear, nearest: UPSAMPLE_MODES.nearest }, 'upsample', fn);
  const prep = await prepareMethodCall(fn, model, inputs, o, {
    model: 'function',
    baseline: 'none',
    checkInputs: (t) => checkCamShapes(fn, r, t.shape, layerShape(r, t.shape.slice(1)), upsample),
  });
  try {
    const { model: f, x: xT, n, featureShape: fs, batchSize } = prep;
    const { values: fx, info } = evaluate(f, xT, batchSize, fn);
    const sel = resolveOutput(o.output, info, n, fn);
    const run = { fn, f, inputs: xT, sel, numOutputs: info.numOutputs, fx, batchSize, mapShape: fs, progress: o };
    return await runMapMethod({ ...run, extra: { layer: r.name, upsample } }, (xb, owners, s) => {
      const cam = gradCamMaps(fn, r, xb, sel, owners, s, true, upsample);
      const body = (zz: tf.Tensor) => selectOutput(f(zz), sel, owners, s).sum() as tf.Scalar;
      const guided = withReluRule('guided', () => inputGradient(fn, body, xb));
      return guided.mul(cam);
    });
  } finally {
    prep.dispose();
  }
}
