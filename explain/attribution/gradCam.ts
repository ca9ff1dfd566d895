/**
 * Grad-CAM (Selvaraju, Cogswell, Das, Vedantam, Parikh, Batra, "Grad-CAM: Visual Explanations
 * from Deep Networks via Gradient-based Localization", ICCV 2017): the activations of a conv
 * layer weighted by the spatial mean of the output's gradient per channel, summed over
 * channels, passed through a ReLU and upsampled to the input's size (captum's LayerGradCam
 * with relu_attributions = True, then LayerAttribution.interpolate).
 */
import { ready } from '../engine';
import type { ProgressOptions } from '../progress';
import type { InputLike, ModelLike } from '../types';
import { checkCamShapes, gradCamMaps, UPSAMPLE_MODES, type UpsampleMode } from '../internal/gradCamMaps';
import { layerShape, resolveLayer, type LayerRef } from '../internal/layers';
import { evaluate } from '../internal/model';
import { prepareMethodCall } from '../internal/prepareMethodCall';
import { resolveOutput } from '../internal/output';
import { checkOneOf } from '../internal/validate';
import type { AttributionResult } from './result';
import { runMapMethod } from './runMapMethod';
import type { BatchSizeOption, OutputOption } from '../options';

export { UPSAMPLE_MODES };
export type { UpsampleMode };

const DEFAULTS = { relu: true, upsample: 'bilinear' as UpsampleMode };

/** Options of {@link gradCam}. */
export interface GradCamOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /** The conv layer: its name or its index in `model.layers`; its output must be [N, h, w, C]. Required. */
  layer: LayerRef;
  /** Apply the ReLU to the channel-weighted map (the paper's definition). Default: true. */
  relu?: boolean;
  /** How the map reaches the input size, one of {@link UPSAMPLE_MODES}. Default: 'bilinear'. */
  upsample?: UpsampleMode;
}

/**
 * Grad-CAM maps of shape [N, H, W, 1] (the input's height and width; [N, h, w, 1] with
 * upsample 'none'). `model` must be a tf.LayersModel. The completeness gap is not meaningful
 * here (a map is not an additive attribution); it is reported against a zero input like the
 * other baseline-free methods. Selvaraju et al., ICCV 2017.
 */
export async function gradCam(model: ModelLike, inputs: InputLike, options: GradCamOptions): Promise<AttributionResult> {
  const fn = 'gradCam';
  await ready();
  const o = { ...DEFAULTS, ...options };
  const r = resolveLayer(model, o.layer, fn);
  const upsample = checkOneOf(o.upsample, UPSAMPLE_MODES, 'upsample', fn);
  const prep = await prepareMethodCall(fn, model, inputs, o, {
    model: 'function',
    baseline: 'none',
    checkInputs: (t) => checkCamShapes(fn, r, t.shape, layerShape(r, t.shape.slice(1)), upsample),
  });
  try {
    const { model: f, x: xT, n, featureShape: fs, batchSize } = prep;
    const ls = layerShape(r, fs);
    const mapShape = upsample === 'none' ? [ls[0], ls[1], 1] : [fs[0], fs[1], 1];
    const { values: fx, info } = evaluate(f, xT, batchSize, fn);
    const sel = resolveOutput(o.output, info, n, fn);
    const run = { fn, f, inputs: xT, sel, numOutputs: info.numOutputs, fx, batchSize, mapShape, progress: o };
    return await runMapMethod({ ...run, extra: { layer: r.name, relu: o.relu !== false, upsample } }, (xb, owners, s) =>
      gradCamMaps(fn, r, xb, sel, owners, s, o.relu !== false, upsample),
    );
  } finally {
    prep.dispose();
  }
}
