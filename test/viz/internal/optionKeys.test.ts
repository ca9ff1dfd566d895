import test from 'node:test';
import assert from 'node:assert/strict';
import {
  attributionHeatmap,
  barInteractionPlot,
  comparisonPlot,
  deletionCurvePlot,
  forcePlot,
  globalBarPlot,
  imageAttributionPlot,
  linePlot,
  lorenzPlot,
  matrixInteractionPlot,
  roarPlot,
  sanityCheckPlot,
  scatterPlot,
  summaryPlot,
  textPlot,
  waterfallPlot,
  type Chart,
} from '../../../viz';
import { OPTION_KEYS, checkOptionKeys, nearestKey } from '../../../viz/internal/optionKeys';
import { images, tabular, TOKEN_ATTRIBUTIONS, TOKEN_INTERACTIONS, TOKENS } from '../fixtures';
import { attributionResult, interactionResult, X } from '../resultForms';

const t = tabular(10, 3);
const im = images();
/** Every plot, called with valid data and the given options. */
const PLOTS: Record<string, (o: never) => Chart> = {
  summaryPlot: (o) => summaryPlot(t.phi, t.x, o),
  scatterPlot: (o) => scatterPlot(t.phi, t.x, o),
  textPlot: (o) => textPlot(TOKENS, TOKEN_ATTRIBUTIONS, o),
  matrixInteractionPlot: (o) => matrixInteractionPlot(TOKEN_INTERACTIONS, TOKENS, o),
  barInteractionPlot: (o) => barInteractionPlot(TOKEN_INTERACTIONS, TOKENS, o),
  imageAttributionPlot: (o) => imageAttributionPlot(im.maps, o),
  linePlot: (o) => linePlot({ a: [1, 2, 3] }, o),
  lorenzPlot: (o) => lorenzPlot({ a: [1, 2, 3] }, o),
  waterfallPlot: (o) => waterfallPlot(t.phi[0], 0.5, o),
  forcePlot: (o) => forcePlot(t.phi[0], 0.5, o),
  globalBarPlot: (o) => globalBarPlot(t.phi, o),
  attributionHeatmap: (o) => attributionHeatmap(t.phi, o),
  deletionCurvePlot: (o) => deletionCurvePlot({ IG: { fractions: [0, 1], meanCurve: [1, 0], mean: 0.5 } }, o),
  roarPlot: (o) => roarPlot({ fractions: [0, 1], curves: [{ method: 'IG', score: [1, 0.5], standardError: [0, 0] }] }, o),
  sanityCheckPlot: (o) => sanityCheckPlot([{ method: 'g', steps: ['original', 'd'], spearman: [1, 0.5], ssim: null }], o),
  comparisonPlot: (o) =>
    comparisonPlot(
      { metrics: ['m'], rows: [{ method: 'IG', timeMs: 1, scores: { m: { mean: 1, standardError: 0 } } }], winners: { m: 'IG' } },
      o,
    ),
};

test('issue 16 #10: every plot rejects an unknown option key, listing the valid ones', () => {
  assert.deepEqual(
    Object.keys(PLOTS).sort(),
    Object.keys(OPTION_KEYS)
      .filter((k) => !k.startsWith('Chart.') && k !== 'lineSeries' && !k.endsWith(' result'))
      .sort(),
  );
  for (const [fn, plot] of Object.entries(PLOTS)) {
    plot({} as never); // valid call: the table is right
    assert.throws(() => plot({ titel: 'x' } as never), {
      message: `Argument 'options' passed to '${fn}' has an unknown key 'titel' (did you mean 'title'?); valid keys: ${OPTION_KEYS[fn as keyof typeof OPTION_KEYS].join(', ')}.`,
    });
    // A key set to undefined is still a typo.
    assert.throws(
      () => plot({ nonsense: undefined } as never),
      (e: Error) => e.message.includes("unknown key 'nonsense'; valid keys"),
    );
    assert.throws(() => plot('fast' as never), {
      message: `Argument 'options' passed to '${fn}' must be an object of options, but got "fast".`,
    });
  }
});

test('issue 16 #10: summaryPlot { featurenames } suggests featureNames', () => {
  assert.throws(() => summaryPlot(t.phi, t.x, { featurenames: ['a', 'b', 'c'] } as never), {
    message:
      "Argument 'options' passed to 'summaryPlot' has an unknown key 'featurenames' (did you mean 'featureNames'?); valid keys: featureNames, interactionFeature, interactions, maxDots, rowHeight, title, topK, width.",
  });
});

test('nearestKey suggests only close keys; no options at all says so', () => {
  assert.equal(nearestKey('scael', ['scale']), 'scale');
  assert.equal(nearestKey('zzzzzz', ['scale']), null);
  assert.throws(() => checkOptionKeys('Chart.toSVG', { scale: 2 }), {
    message: "Argument 'options' passed to 'Chart.toSVG' has an unknown key 'scale'; it takes no options.",
  });
  assert.doesNotThrow(() => checkOptionKeys('Chart.toSVG', undefined));
  assert.throws(() => checkOptionKeys('Chart.toPNG', [2]), {
    message: "Argument 'options' passed to 'Chart.toPNG' must be an object of options, but got an array of length 1.",
  });
});

test('issue 16 #10: the result forms of the plots check their options too, result-only keys included', () => {
  assert.throws(() => summaryPlot(attributionResult(), { featureValues: X, featurenames: ['a', 'b', 'c'] } as never), {
    message:
      "Argument 'options' passed to 'summaryPlot' has an unknown key 'featurenames' (did you mean 'featureNames'?); valid keys: featureNames, featureValues, interactionFeature, interactions, maxDots, rowHeight, title, topK, width.",
  });
  assert.throws(() => matrixInteractionPlot(interactionResult(), { rows: 1 } as never), {
    message:
      "Argument 'options' passed to 'matrixInteractionPlot' has an unknown key 'rows' (did you mean 'row'?); valid keys: cellSize, legendTitle, row, showValues, title, tokens, zeroDiagonal.",
  });
  assert.throws(() => waterfallPlot(attributionResult(), { row: 0, maxdisplay: 3 } as never), {
    message:
      /^Argument 'options' passed to 'waterfallPlot' has an unknown key 'maxdisplay' \(did you mean 'maxDisplay'\?\); valid keys: .*row/,
  });
});
