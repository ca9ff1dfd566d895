/**
 * pathlab's plots: pure functions from data (plain arrays or tfjs tensors) and options to a
 * {@link Chart} holding a vega-lite v5 spec, and the chart's renderers (SVG, PNG, self-contained
 * HTML, a Jupyter MIME bundle). The first five are path_explain's (Janizek, Sturmfels & Lee,
 * JMLR 2021); the others serve the attribution-priors notebooks (Erion et al., Nature Machine
 * Intelligence 2021).
 */
export { Chart } from './Chart';
export type { VegaLiteSpec, PngOptions, HtmlOptions, ChartMimeBundle } from './Chart';
export { hconcat, vconcat } from './compose';
export { inlineLibraries } from './internal/render';
export { summaryPlot } from './summaryPlot';
export type { SummaryPlotOptions, SummaryPlotResultOptions } from './summaryPlot';
export { scatterPlot } from './scatterPlot';
export type { ScatterPlotOptions, ScatterPlotResultOptions } from './scatterPlot';
export { textPlot } from './textPlot';
export type { TextPlotOptions } from './textPlot';
export { matrixInteractionPlot } from './matrixInteractionPlot';
export type { MatrixInteractionPlotOptions, MatrixInteractionPlotResultOptions } from './matrixInteractionPlot';
export { barInteractionPlot } from './barInteractionPlot';
export type { BarInteractionPlotOptions, BarInteractionPlotResultOptions, InteractionPair } from './barInteractionPlot';
export { imageAttributionPlot } from './imageAttributionPlot';
export type { ImageAttributionPlotOptions } from './imageAttributionPlot';
export { linePlot } from './linePlot';
export type { LinePlotOptions, LineSeries } from './linePlot';
export { lorenzPlot } from './lorenzPlot';
export type { LorenzPlotOptions } from './lorenzPlot';
export type { TensorLike, Numbers1D, Numbers2D, Numbers3D, NumbersND } from './internal/arrays';
export type { AttributionsResultLike, InteractionsResultLike } from './internal/results';
export { waterfallPlot } from './waterfallPlot';
export type { WaterfallPlotOptions, WaterfallPlotResultOptions } from './waterfallPlot';
export { forcePlot } from './forcePlot';
export type { ForcePlotOptions, ForcePlotResultOptions } from './forcePlot';
export { globalBarPlot } from './globalBarPlot';
export type { GlobalBarPlotOptions } from './globalBarPlot';
export { attributionHeatmap, HEATMAP_ORDERS } from './attributionHeatmap';
export type { AttributionHeatmapOptions, HeatmapOrder } from './attributionHeatmap';
export { deletionCurvePlot } from './deletionCurvePlot';
export type { DeletionCurvePlotOptions, CurveLike } from './deletionCurvePlot';
export { roarPlot } from './roarPlot';
export type { RoarPlotOptions, RoarLike } from './roarPlot';
export { sanityCheckPlot } from './sanityCheckPlot';
export type { SanityCheckPlotOptions, RandomizationLike } from './sanityCheckPlot';
export { comparisonPlot } from './comparisonPlot';
export type { ComparisonPlotOptions, ComparisonLike } from './comparisonPlot';
