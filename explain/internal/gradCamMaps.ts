/**
 * The Grad-CAM map (Selvaraju et al., ICCV 2017) of a chunk of inputs, shared by gradCam and
 * guidedGradCam: channel weights αc = mean over positions of ∂y/∂A (A the conv layer's output
 * [N, h, w, C]), map = ReLU(Σc αc·Ac), upsampled to the input's height and width.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from './errors';
import { layerAndOutput, outputFromLayer, type ResolvedLayer } from './layers';
import { selectOutput, type ResolvedOutput } from './output';
import { inputGradient } from './pathIntegral';

/** How the map reaches the input's resolution. */
export const UPSAMPLE_MODES = {
  bilinear: 'bilinear with half-pixel centres (torch interpolate, align_corners=False)',
  nearest: 'nearest neighbour (torch interpolate mode "nearest")',
  none: "the map at the layer's resolution",
} as const;
/** An upsampling mode. */
export type UpsampleMode = keyof typeof UPSAMPLE_MODES;

/** Checks that the layer's output (and, unless not upsampling, the input) are NHWC images. */
export function checkCamShapes(
  fn: string,
  r: ResolvedLayer,
  inputShape: readonly number[],
  layerShape: readonly number[],
  upsample: UpsampleMode,
): void {
  if (layerShape.length !== 3)
    throw new Error(errors.layerOutputRank(fn, r.name, '[N, height, width, channels]', [inputShape[0], ...layerShape]));
  if (upsample !== 'none' && inputShape.length !== 4) throw new Error(errors.imageInputs(fn, inputShape));
}

/** Grad-CAM maps [cnt, H, W, 1] (or [cnt, h, w, 1]) of rows `xb` for selection `s` (in the caller's tidy). */
export function gradCamMaps(
  fn: string,
  r: ResolvedLayer,
  xb: tf.Tensor,
  sel: ResolvedOutput,
  owners: ArrayLike<number>,
  s: number,
  relu: boolean,
  upsample: UpsampleMode,
): tf.Tensor4D {
  const a = layerAndOutput(r, xb).activation;
  const g = inputGradient(fn, (aa) => selectOutput(outputFromLayer(r, xb, aa), sel, owners, s).sum() as tf.Scalar, a);
  let map = a.mul(g.mean([1, 2], true)).sum(3, true) as tf.Tensor4D;
  if (relu) map = tf.relu(map);
  if (upsample === 'none') return map;
  const size: [number, number] = [xb.shape[1] as number, xb.shape[2] as number];
  return upsample === 'bilinear'
    ? tf.image.resizeBilinear(map, size, false, true)
    : tf.image.resizeNearestNeighbor(map, size, false, false);
}
