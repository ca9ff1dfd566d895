/** Fixed small inputs for every plot, shared by the snapshot, schema, render and browser tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MinStd } from '../../core';
import {
  barInteractionPlot,
  Chart,
  hconcat,
  imageAttributionPlot,
  linePlot,
  lorenzPlot,
  matrixInteractionPlot,
  scatterPlot,
  summaryPlot,
  textPlot,
  vconcat,
  waterfallPlot,
  forcePlot,
  globalBarPlot,
  attributionHeatmap,
  deletionCurvePlot,
  roarPlot,
  sanityCheckPlot,
  comparisonPlot,
} from '../../viz';

/** The repository root, found from here whether running from test/ (tsx) or dist/test/ (tsc). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Deterministic pseudo-random numbers in [0, 1) (Park–Miller). */
export function lcg(seed: number): () => number {
  const g = new MinStd(seed);
  return () => g.uniform();
}

/** n × d feature values and attributions φ = x ⊙ w plus small noise. */
export function tabular(n: number, d: number, seed = 7): { x: number[][]; phi: number[][]; names: string[] } {
  const r = lcg(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: d }, () => Math.round((r() * 4 - 2) * 100) / 100));
  const phi = x.map((row) => row.map((v, j) => Math.round((v * (j + 1) * 0.25 + (r() - 0.5) * 0.1) * 1000) / 1000));
  return { x, phi, names: Array.from({ length: d }, (_, j) => `f${j}`) };
}

/** Symmetric interactions Γ[n][d][d] for the tabular fixture: Γ[i][j] = 0.1·x_i·x_j, diagonal filled so rows sum to φ. */
export function tabularInteractions(x: number[][], phi: number[][]): number[][][] {
  return x.map((row, e) =>
    row.map((xi, i) => {
      const r = row.map((xj, j) => (i === j ? 0 : 0.1 * xi * xj));
      r[i] = phi[e][i] - r.reduce((a, b) => a + b, 0);
      return r;
    }),
  );
}

export const TOKENS = ['this', 'movie', 'was', 'not', 'good', 'at', 'all'];
export const TOKEN_ATTRIBUTIONS = [0.02, 0.1, -0.05, -0.6, 0.35, -0.02, 0.04];
export const TOKEN_INTERACTIONS = TOKENS.map((_, i) =>
  TOKENS.map((__, j) => {
    if (i === j) return 0.5;
    const pair = new Set([i, j]);
    if (pair.has(3) && pair.has(4)) return -0.8;
    if (pair.has(1) && pair.has(4)) return 0.3;
    return Math.round(Math.sin(i * 3 + j * 3) * 0.05 * 1000) / 1000;
  }),
);

/** Two 6 × 6 "digits" and attribution maps for three classes. */
export function images(): { images: number[][][]; maps: number[][][][] } {
  const imgs = [0, 1].map((k) =>
    Array.from({ length: 6 }, (_, y) => Array.from({ length: 6 }, (_, x) => ((x + y + k) % 3 === 0 ? 1 : 0))),
  );
  const maps = imgs.map((img, k) =>
    [0, 1, 2].map((c) =>
      img.map((row, y) => row.map((p, x) => Math.round((p * (c - 1) * 0.5 + Math.sin(x + y * 2 + k + c) * 0.1) * 1000) / 1000)),
    ),
  );
  return { images: imgs, maps };
}

/** Every plot on fixed data, by name (also the snapshot file name). */
export function allCharts(): Record<string, Chart> {
  const t = tabular(40, 5);
  const inter = tabularInteractions(t.x, t.phi);
  const im = images();
  return {
    summary: summaryPlot(t.phi, t.x, { featureNames: t.names, topK: 4 }),
    summaryInteractions: summaryPlot(t.phi, t.x, { featureNames: t.names, interactions: inter, interactionFeature: 'f4' }),
    scatter: scatterPlot(t.phi, t.x, { featureNames: t.names, feature: 'f3' }),
    scatterInteractions: scatterPlot(t.phi, t.x, { featureNames: t.names, feature: 'f3', colorBy: 'f4', interactions: inter }),
    text: textPlot(TOKENS, TOKEN_ATTRIBUTIONS),
    textInteractions: textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { interactions: TOKEN_INTERACTIONS, interactionIndex: 3 }),
    matrixInteraction: matrixInteractionPlot(TOKEN_INTERACTIONS, TOKENS),
    barInteraction: barInteractionPlot(TOKEN_INTERACTIONS, TOKENS, { topK: 4 }),
    imageAttribution: imageAttributionPlot(im.maps, {
      images: im.images,
      rowLabels: ['a', 'b'],
      columnLabels: ['zero', 'one', 'two'],
    }),
    line: linePlot(
      [
        { name: 'no prior', y: [0.9, 0.95, 0.97, 0.98], lower: [0.88, 0.94, 0.96, 0.975], upper: [0.92, 0.96, 0.98, 0.985] },
        { name: 'TV prior', y: [0.88, 0.94, 0.97, 0.985] },
      ],
      { yTitle: 'Test accuracy', yDomain: [0.8, 1] },
    ),
    lorenz: lorenzPlot({ 'no penalty': t.phi, 'Gini prior': [0.01, 0.02, 0.01, 0.5, 1.2] }),
    ...evaluationCharts(t),
    composed: vconcat(
      hconcat(textPlot(TOKENS, TOKEN_ATTRIBUTIONS), barInteractionPlot(TOKEN_INTERACTIONS, TOKENS)),
      summaryPlot(t.phi, t.x),
    ),
  };
}

/** The evaluation plots on fixed data (waterfall, force, global bar, heatmap, curves, comparison). */
export function evaluationCharts(t: { x: number[][]; phi: number[][]; names: string[] }): Record<string, Chart> {
  const fx = t.phi.map((r) => r.reduce((a, b) => a + b, 0.5));
  return {
    waterfall: waterfallPlot(t.phi[0], 0.5, { featureNames: t.names, featureValues: t.x[0], maxDisplay: 4 }),
    force: forcePlot(t.phi[1], 0.5, { featureNames: t.names, featureValues: t.x[1], outputValue: fx[1] + 0.1 }),
    globalBar: globalBarPlot(t.phi, { featureNames: t.names }),
    heatmap: attributionHeatmap(t.phi.slice(0, 12), { featureNames: t.names, outputs: fx.slice(0, 12) }),
    deletionCurves: deletionCurvePlot({
      IG: { fractions: [0, 0.5, 1], meanCurve: [1, 0.2, 0], mean: 0.35 },
      saliency: { fractions: [0, 0.5, 1], meanCurve: [1, 0.6, 0], mean: 0.55 },
    }),
    roar: roarPlot({
      fractions: [0, 0.5, 0.9],
      curves: [
        { method: 'IG', score: [0.95, 0.7, 0.5], standardError: [0.01, 0.02, 0.02] },
        { method: 'random', score: [0.95, 0.9, 0.7], standardError: [0.01, 0.01, 0.03] },
      ],
    }),
    sanityCheck: sanityCheckPlot([
      { method: 'gradient', steps: ['original', 'dense_3', 'dense_2'], spearman: [1, 0.4, 0.1], ssim: [1, 0.5, 0.3] },
      { method: 'guided', steps: ['original', 'dense_3', 'dense_2'], spearman: [1, 0.9, 0.85], ssim: null },
    ]),
    comparison: comparisonPlot({
      metrics: ['infidelity', 'insertionAUC'],
      rows: [
        {
          method: 'IG',
          timeMs: 12.5,
          scores: { infidelity: { mean: 0.01, standardError: 0.002 }, insertionAUC: { mean: 0.8, standardError: 0.05 } },
        },
        {
          method: 'saliency',
          timeMs: 2.1,
          scores: { infidelity: { mean: 0.2, standardError: 0.03 }, insertionAUC: { mean: 0.6, standardError: 0.04 } },
        },
      ],
      winners: { infidelity: 'IG', insertionAUC: 'IG' },
    }),
  };
}
