/**
 * Insertion curves (Petsiuk, Das, Saenko, "RISE: Randomized Input Sampling for Explanation of
 * Black-box Models", BMVC 2018): start from the baseline (or a blurred image) and put the input's
 * features back, most important first; the area under the output curve is high for a faithful
 * ranking.
 */
import type { InputLike, ModelLike } from '../types';
import { runCurve, type CurveResult, type DeletionCurveOptions } from './deletionCurve';
import type { AttributionsLike } from './support';

/** Options of {@link insertionCurve} (those of deletion curves). */
export type InsertionCurveOptions = DeletionCurveOptions;

/**
 * The insertion curve of attributions of `inputs` and its area (higher is better).
 * Petsiuk, Das, Saenko, "RISE", BMVC 2018.
 */
export function insertionCurve(
  model: ModelLike,
  inputs: InputLike,
  attributions: AttributionsLike,
  options: InsertionCurveOptions = {},
): Promise<CurveResult> {
  return runCurve('insertion', 'insertionCurve', model, inputs, attributions, options);
}
