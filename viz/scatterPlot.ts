/**
 * The scatter (dependence) plot of path_explain (Janizek, Sturmfels & Lee, "Explaining
 * Explanations: Axiomatic Feature Interactions for Deep Networks", JMLR 22(104), 2021): one
 * feature's attribution against its value; given interactions, the attribution is split into the
 * interaction with a second feature and the remaining main effect.
 */
import { Chart } from './Chart';
import {
  defaultNames,
  dense,
  featureIndex,
  labels,
  normal,
  positiveNumber,
  robustBounds,
  round,
  seededRandom,
  std,
  type Numbers2D,
  type Numbers3D,
} from './internal/arrays';
import { errors, warnings, warnOnce } from './internal/errors';
import {
  interactionMatrices,
  isAttributionsResult,
  isInteractionsResult,
  resultWithValues,
  type AttributionsResultLike,
  type InteractionsResultLike,
} from './internal/results';
import { GREEN_GOLD, OUTPUT_WIDTH, topLevel } from './internal/spec';
import { checkOptionKeys } from './internal/optionKeys';

/** Options of {@link scatterPlot}. */
export interface ScatterPlotOptions {
  /** The feature to plot, by index or name. Default: the feature with the largest mean |attribution|. */
  feature?: number | string;
  /** A second feature (index or name) whose value colours the dots, clipped to its 5th–95th percentile. Default: none (one colour). */
  colorBy?: number | string;
  /** Interactions: `[examples, features, features]` or an interaction result (the panel shows Γ[f][c] + Γ[c][f]), or `[examples, features]` holding each feature's interaction with `feature` (the panel shows twice column c, as path_explain). Requires `colorBy`. Default: none (one panel). */
  interactions?: Numbers2D | Numbers3D | InteractionsResultLike;
  /** One name per feature. Default: `Feature 0`, `Feature 1`, …. */
  featureNames?: string[];
  /** With interactions, also draw the main-effect panel (attribution minus interaction). Default: true. */
  plotMain?: boolean;
  /** Give each panel its own x scale. Default: false (shared). */
  independentX?: boolean;
  /** Give each panel its own y scale. Default: false (shared, so panels compare). */
  independentY?: boolean;
  /** Add Gaussian noise of 5% of the standard deviation to the plotted values (for categorical features). Default: false. */
  jitterX?: boolean;
  /** Add Gaussian noise of 5% of the standard deviation to the plotted attributions. Default: false. */
  jitterY?: boolean;
  /** Seed of the jitter noise. Default: 0. */
  seed?: number;
  /** Width and height of each panel in pixels. Default: 260. */
  panelSize?: number;
  /** Chart title. Default: `Attributions to <feature>`. */
  title?: string;
}

const DEFAULTS = {
  plotMain: true,
  independentX: false,
  independentY: false,
  jitterX: false,
  jitterY: false,
  seed: 0,
  panelSize: 260,
  jitterFraction: 0.05,
} as const;

/** Room for one panel's axis labels and title beside its plot area, and for the colour legend. */
const PANEL_MARGIN = 70;
const LEGEND_WIDTH = 110;

const FN = 'scatterPlot';

/** Options of {@link scatterPlot} drawn from an attribution result. */
export interface ScatterPlotResultOptions extends ScatterPlotOptions {
  /** `[examples, features]` the inputs the result explains (the x axis). Required. */
  featureValues: Numbers2D;
}

/**
 * Scatter plot of feature f's attribution against its value, optionally coloured by feature c.
 * With interactions: panels for the interaction between f and c and for the main effect of f
 * (its attribution minus that interaction), which sum to the attribution.
 *
 * @param attributions `[examples, features]` attributions φ.
 * @param featureValues `[examples, features]` the inputs they explain.
 */
export function scatterPlot(attributions: Numbers2D, featureValues: Numbers2D, options?: ScatterPlotOptions): Chart;
/**
 * Scatter plot from an attribution result (`scatterPlot(eg, { featureValues: x, interactions: eh })`):
 * the same chart as from `eg.attributions`, named by the result's `featureNames` unless
 * `featureNames` is given.
 *
 * @param result An attribution result of `[examples, features]` inputs.
 */
export function scatterPlot(result: AttributionsResultLike, options: ScatterPlotResultOptions): Chart;
export function scatterPlot(
  first: Numbers2D | AttributionsResultLike,
  second?: Numbers2D | ScatterPlotResultOptions,
  third: ScatterPlotOptions = {},
): Chart {
  if (!isAttributionsResult(first)) return drawScatter(first, second as Numbers2D, third);
  const { featureValues, rest } = resultWithValues(
    first,
    second as ScatterPlotResultOptions | undefined,
    'scatterPlot result',
    FN,
  );
  return drawScatter(first.attributions, featureValues, rest);
}

function drawScatter(attributions: Numbers2D, featureValues: Numbers2D, options: ScatterPlotOptions): Chart {
  checkOptionKeys('scatterPlot', options);
  const phi = dense(attributions, 'attributions', FN, [2], 'a 2-D array [examples, features]');
  const [n, d] = phi.shape;
  const x = dense(featureValues, 'featureValues', FN, [2], 'a 2-D array [examples, features]');
  if (x.shape[0] !== n || x.shape[1] !== d) {
    throw new Error(errors.shapeMismatch('featureValues', FN, phi.shape, 'attributions', x.shape));
  }
  const names =
    options.featureNames === undefined ? defaultNames(d) : labels(options.featureNames, 'featureNames', FN, d, 'one per feature');
  let f: number;
  if (options.feature === undefined) {
    const meanAbs = new Float64Array(d);
    for (let i = 0; i < n * d; i++) meanAbs[i % d] += Math.abs(phi.values[i]);
    f = meanAbs.indexOf(Math.max(...meanAbs));
  } else f = featureIndex(options.feature, names, 'feature', FN);
  const c = options.colorBy === undefined ? undefined : featureIndex(options.colorBy, names, 'colorBy', FN);
  const panelSize = positiveNumber(options.panelSize ?? DEFAULTS.panelSize, 'panelSize', FN);
  const plotMain = options.plotMain ?? DEFAULTS.plotMain;

  const value = Float64Array.from({ length: n }, (_, i) => x.values[i * d + f]);
  const attribution = Float64Array.from({ length: n }, (_, i) => phi.values[i * d + f]);
  let interaction: Float64Array | undefined;
  if (options.interactions !== undefined) {
    if (c === undefined) throw new Error(errors.requires('interactions', FN, 'colorBy'));
    const inter = dense(
      isInteractionsResult(options.interactions) ? interactionMatrices(options.interactions, FN) : options.interactions,
      'interactions',
      FN,
      [2, 3],
      'a 2-D array [examples, features] or a 3-D array [examples, features, features]',
    );
    const expected = inter.shape.length === 2 ? [n, d] : [n, d, d];
    if (inter.shape.some((s, i) => s !== expected[i])) {
      throw new Error(errors.shapeMismatch('interactions', FN, expected, 'attributions', inter.shape));
    }
    interaction =
      inter.shape.length === 3
        ? Float64Array.from({ length: n }, (_, i) => inter.values[(i * d + f) * d + c] + inter.values[(i * d + c) * d + f])
        : Float64Array.from({ length: n }, (_, i) => 2 * inter.values[i * d + c]);
  } else if (options.plotMain !== undefined) {
    warnOnce(warnings.ignored(FN, 'plotMain', "no 'interactions' were given"));
  }

  const random = seededRandom(options.seed ?? DEFAULTS.seed, FN);
  const noise = (on: boolean | undefined, values: Float64Array) => {
    const s = std(values) * DEFAULTS.jitterFraction;
    return on ? values.map((v) => v + normal(random) * s) : values;
  };
  const plotX = noise(options.jitterX ?? DEFAULTS.jitterX, value);
  const plotY = noise(options.jitterY ?? DEFAULTS.jitterY, attribution);
  let colorValues: Float64Array | undefined;
  if (c !== undefined) {
    const raw = Float64Array.from({ length: n }, (_, i) => x.values[i * d + c]);
    const [lo, hi] = robustBounds(raw);
    colorValues = raw.map((v) => Math.min(Math.max(v, lo), hi));
  }

  const fName = names[f];
  const cName = c === undefined ? '' : names[c];
  const rows = Array.from({ length: n }, (_, i) => {
    const row: Record<string, number> = {
      x: round(plotX[i]),
      value: round(value[i]),
      attribution: round(attribution[i]),
      y: round(plotY[i]),
    };
    if (colorValues) {
      row.color = round(colorValues[i]);
      row.colorValue = round(x.values[i * d + (c as number)]);
    }
    if (interaction) {
      row.interaction = round(interaction[i]);
      row.main = round(attribution[i] - interaction[i]);
    }
    return row;
  });

  const tooltip = [
    { field: 'value', type: 'quantitative', title: `Value of ${fName}` },
    { field: 'attribution', type: 'quantitative', title: `Attribution to ${fName}` },
    ...(colorValues ? [{ field: 'colorValue', type: 'quantitative', title: `Value of ${cName}` }] : []),
    ...(interaction
      ? [
          { field: 'interaction', type: 'quantitative', title: `Interaction between ${fName} and ${cName}` },
          { field: 'main', type: 'quantitative', title: `Main effect of ${fName}` },
        ]
      : []),
  ];
  const panel = (field: string, title: string) => ({
    width: panelSize,
    height: panelSize,
    mark: { type: 'circle', size: 22, opacity: 0.85, aria: false },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: `Value of ${fName}`, scale: { zero: false } },
      y: { field, type: 'quantitative', title, scale: { zero: false } },
      ...(colorValues
        ? { color: { field: 'color', type: 'quantitative', title: `Value of ${cName}`, scale: { range: GREEN_GOLD } } }
        : {}),
      tooltip,
    },
  });
  const panels = [panel('y', `Attribution to ${fName}`)];
  if (interaction) {
    panels.push(panel('interaction', `Interaction between ${fName} and ${cName}`));
    if (plotMain) panels.push(panel('main', `Main effect of ${fName}`));
  }
  const title = options.title ?? `Attributions to ${fName}`;
  const spec =
    panels.length === 1
      ? topLevel({ title, data: { values: rows }, ...panels[0] })
      : topLevel({
          title,
          data: { values: rows },
          // Side by side while they fit the output width, then wrapped onto the next row.
          concat: panels,
          columns: Math.max(1, Math.min(panels.length, Math.floor((OUTPUT_WIDTH - LEGEND_WIDTH) / (panelSize + PANEL_MARGIN)))),
          resolve: {
            scale: {
              x: (options.independentX ?? DEFAULTS.independentX) ? 'independent' : 'shared',
              y: (options.independentY ?? DEFAULTS.independentY) ? 'independent' : 'shared',
              color: 'shared',
            },
          },
        });
  const desc =
    `${FN}: attribution to ${fName} against its value (${n} examples)` +
    (c === undefined ? '' : `, coloured by ${cName}`) +
    (interaction ? `; interaction${plotMain ? ' and main-effect' : ''} panels` : '');
  return new Chart(spec, desc);
}
