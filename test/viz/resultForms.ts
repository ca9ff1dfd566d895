/** Real explain results for the plots' result forms (not a test file itself). */
import { makeResult, type AttributionResult } from '../../explain/attribution/result';
import { makeInteractionResult, type InteractionResult } from '../../explain/interaction/interactionResult';

/** Attributions of 4 rows × 3 features, with standard errors. */
export const PHI = [
  [0.5, -1, 0.25],
  [1.5, 0.5, -0.75],
  [-0.25, 2, 0.5],
  [1, -1.5, 0],
];
export const X = [
  [1, 2, 3],
  [0, 1, 5],
  [2, 2, 1],
  [3, 0, 2],
];
export const SE = PHI.map((r) => r.map((v) => Math.abs(v) / 10 + 0.01));

export function attributionResult(names?: string[]): AttributionResult {
  const r = makeResult({
    method: 'demo',
    values: PHI.flat(),
    numInputs: 4,
    featureShape: [3],
    outputs: null,
    standardError: SE.flat(),
    diagnostics: { completenessGap: [0, 0, 0, 0], outputAtInput: [0, 0, 0, 0], outputAtBaseline: [0, 0, 0, 0] },
  });
  return names ? r.withFeatureNames(names) : r;
}

/** Full 3 × 3 interactions of the same 4 rows. */
export const GAMMA = PHI.map((r, n) => r.map((a, i) => r.map((b, j) => (i === j ? a : a * b * (n + 1) * (i + j) * 0.1))));

export function interactionResult(rows: number[][][] = GAMMA, names?: string[]): InteractionResult {
  const r = makeInteractionResult({
    method: 'demo',
    numInputs: rows.length,
    featureShape: [3],
    outputs: null,
    interactionIndex: null,
    interactions: rows.map((m) => m.flat()),
    standardError: null,
    diagnostics: {
      attributions: rows.map(() => [0, 0, 0]),
      rowSumGap: rows.map(() => [0, 0, 0]),
      rowSumGapStandardError: null,
      totalGap: rows.map(() => 0),
      totalGapStandardError: null,
      maxAsymmetry: null,
      outputAtInput: rows.map(() => 0),
      outputAtBaseline: rows.map(() => 0),
      evaluations: 1,
      hessian: 'autodiff',
    },
    warnings: [],
    params: {},
  });
  return names ? r.withFeatureNames(names) : r;
}
