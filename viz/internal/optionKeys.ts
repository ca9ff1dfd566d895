/**
 * The option names of every plot and renderer, checked at compile time against its options
 * interface: `keysOf<T>()({...})` must list exactly the keys of T, so an option added to an
 * interface without being added here is a type error; at run time an unknown key is an error
 * naming the valid ones and the nearest (see {@link checkOptionKeys}). viz/ depends on nothing
 * else of pathlab, so this mirrors explain/internal/optionKeys.ts rather than importing it.
 */
import type { HtmlOptions, PngOptions } from '../Chart';
import type { AttributionHeatmapOptions } from '../attributionHeatmap';
import type { BarInteractionPlotOptions, BarInteractionPlotResultOptions } from '../barInteractionPlot';
import type { ComparisonPlotOptions } from '../comparisonPlot';
import type { DeletionCurvePlotOptions } from '../deletionCurvePlot';
import type { ForcePlotOptions, ForcePlotResultOptions } from '../forcePlot';
import type { GlobalBarPlotOptions } from '../globalBarPlot';
import type { ImageAttributionPlotOptions } from '../imageAttributionPlot';
import type { LinePlotOptions, LineSeries } from '../linePlot';
import type { LorenzPlotOptions } from '../lorenzPlot';
import type { MatrixInteractionPlotOptions, MatrixInteractionPlotResultOptions } from '../matrixInteractionPlot';
import type { RoarPlotOptions } from '../roarPlot';
import type { SanityCheckPlotOptions } from '../sanityCheckPlot';
import type { ScatterPlotOptions, ScatterPlotResultOptions } from '../scatterPlot';
import type { SummaryPlotOptions, SummaryPlotResultOptions } from '../summaryPlot';
import type { TextPlotOptions } from '../textPlot';
import type { WaterfallPlotOptions, WaterfallPlotResultOptions } from '../waterfallPlot';
import { errors } from './errors';
import { keysOf, nearestKey } from '../../core';
export { editDistance, keysOf, nearestKey } from '../../core';

const png = { scale: true } as const;
const html = { renderer: true } as const;

const summaryPlotKeys = {
  featureNames: true,
  topK: true,
  interactions: true,
  interactionFeature: true,
  title: true,
  width: true,
  rowHeight: true,
  maxDots: true,
} as const;
const scatterPlotKeys = {
  feature: true,
  colorBy: true,
  interactions: true,
  featureNames: true,
  plotMain: true,
  independentX: true,
  independentY: true,
  jitterX: true,
  jitterY: true,
  seed: true,
  panelSize: true,
  title: true,
} as const;
const matrixInteractionPlotKeys = {
  zeroDiagonal: true,
  showValues: true,
  cellSize: true,
  legendTitle: true,
  title: true,
} as const;
const barInteractionPlotKeys = {
  topK: true,
  pairIndices: true,
  zeroDiagonal: true,
  width: true,
  title: true,
} as const;
const waterfallPlotKeys = {
  featureNames: true,
  featureValues: true,
  outputValue: true,
  maxDisplay: true,
  width: true,
  title: true,
} as const;
const forcePlotKeys = {
  featureNames: true,
  featureValues: true,
  outputValue: true,
  maxDisplay: true,
  width: true,
  title: true,
} as const;

/** Valid option keys per public plot function and renderer (`… result`: the form taking an explain result). */
export const OPTION_KEYS = {
  summaryPlot: keysOf<SummaryPlotOptions>()(summaryPlotKeys),
  'summaryPlot result': keysOf<SummaryPlotResultOptions>()({ ...summaryPlotKeys, featureValues: true }),
  scatterPlot: keysOf<ScatterPlotOptions>()(scatterPlotKeys),
  'scatterPlot result': keysOf<ScatterPlotResultOptions>()({ ...scatterPlotKeys, featureValues: true }),
  textPlot: keysOf<TextPlotOptions>()({
    includeLegend: true,
    vmin: true,
    vmax: true,
    interactions: true,
    interactionIndex: true,
    zeroDiagonal: true,
    fontSize: true,
    maxWidth: true,
    title: true,
  }),
  matrixInteractionPlot: keysOf<MatrixInteractionPlotOptions>()(matrixInteractionPlotKeys),
  'matrixInteractionPlot result': keysOf<MatrixInteractionPlotResultOptions>()({
    ...matrixInteractionPlotKeys,
    row: true,
    tokens: true,
  }),
  barInteractionPlot: keysOf<BarInteractionPlotOptions>()(barInteractionPlotKeys),
  'barInteractionPlot result': keysOf<BarInteractionPlotResultOptions>()({ ...barInteractionPlotKeys, row: true, tokens: true }),
  imageAttributionPlot: keysOf<ImageAttributionPlotOptions>()({
    images: true,
    rowLabels: true,
    columnLabels: true,
    percentile: true,
    pixelSize: true,
    title: true,
  }),
  linePlot: keysOf<LinePlotOptions>()({
    xTitle: true,
    yTitle: true,
    title: true,
    points: true,
    yDomain: true,
    width: true,
    height: true,
  }),
  lineSeries: keysOf<LineSeries>()({ name: true, y: true, x: true, lower: true, upper: true }),
  lorenzPlot: keysOf<LorenzPlotOptions>()({ showGini: true, size: true, title: true }),
  waterfallPlot: keysOf<WaterfallPlotOptions>()(waterfallPlotKeys),
  'waterfallPlot result': keysOf<WaterfallPlotResultOptions>()({ ...waterfallPlotKeys, row: true }),
  forcePlot: keysOf<ForcePlotOptions>()(forcePlotKeys),
  'forcePlot result': keysOf<ForcePlotResultOptions>()({ ...forcePlotKeys, row: true }),
  globalBarPlot: keysOf<GlobalBarPlotOptions>()({
    featureNames: true,
    standardError: true,
    topK: true,
    width: true,
    title: true,
  }),
  attributionHeatmap: keysOf<AttributionHeatmapOptions>()({
    featureNames: true,
    outputs: true,
    order: true,
    topK: true,
    width: true,
    title: true,
  }),
  deletionCurvePlot: keysOf<DeletionCurvePlotOptions>()({ kind: true, yTitle: true, title: true, width: true }),
  roarPlot: keysOf<RoarPlotOptions>()({ yTitle: true, title: true, width: true }),
  sanityCheckPlot: keysOf<SanityCheckPlotOptions>()({ title: true, width: true, height: true }),
  comparisonPlot: keysOf<ComparisonPlotOptions>()({ showTime: true, panelWidth: true, title: true }),
  'Chart.toSVG': [] as readonly string[],
  'Chart.toPNG': keysOf<PngOptions>()({ ...png }),
  'Chart.toHTML': keysOf<HtmlOptions>()({ ...html }),
  'Chart.save': keysOf<PngOptions & HtmlOptions>()({ ...png, ...html }),
};

/**
 * Throws unless `options` is undefined or a plain object whose every key is valid for `fn`
 * (a key whose value is undefined counts too: a misspelt key is a mistake whatever its value).
 * `keys` names the key list, `fn` the function the message names (the same, but for a
 * linePlot series).
 */
export function checkOptionKeys(keys: keyof typeof OPTION_KEYS, options: unknown, arg = 'options', fn: string = keys): void {
  if (options === undefined) return;
  const valid = OPTION_KEYS[keys];
  if (typeof options !== 'object' || options === null || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new Error(errors.optionsNotObject(arg, fn, options));
  }
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) throw new Error(errors.unknownOption(arg, fn, key, nearestKey(key, valid), valid));
  }
}
