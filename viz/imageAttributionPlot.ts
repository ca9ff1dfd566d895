/**
 * A grid of attribution maps: images (rows) × classes or methods (columns), as in the MNIST
 * figures of Erion et al., "Improving performance of deep learning models with axiomatic
 * attribution priors and expected gradients", Nature Machine Intelligence 2021, and the method
 * comparisons of Ancona et al., ICLR 2018.
 */
import { Chart } from './Chart';
import { dense, labels, percentile, positiveNumber, round, sortedCopy, type Dense, type NumbersND } from './internal/arrays';
import { errors } from './internal/errors';
import { encodeRgbPNG, pngDataURL } from './internal/png';
import { DIVERGING, divergingScale, labelLookup, OUTPUT_WIDTH, topLevel } from './internal/spec';
import { checkOptionKeys } from './internal/optionKeys';

/** Options of {@link imageAttributionPlot}. */
export interface ImageAttributionPlotOptions {
  /** The images, `[rows, height, width]` or `[rows, height, width, channels]` (channels averaged), drawn in grey under the attributions. Default: none (attribution maps only). */
  images?: NumbersND;
  /** One label per row (image). Default: `Image 0`, `Image 1`, …. */
  rowLabels?: string[];
  /** One label per column (class or method). Default: `0`, `1`, …. */
  columnLabels?: string[];
  /** The colour scale saturates at this percentile of |attribution| over the whole grid, so a few extreme pixels do not wash out the rest. Default: 99.5. */
  percentile?: number;
  /** Side of one pixel in screen pixels. Default: 4, or less so that the grid fits a 1,000 px output. */
  pixelSize?: number;
  /** Chart title. Default: none. */
  title?: string;
}

const DEFAULTS = { percentile: 99.5, pixelSize: 4 } as const;

const FN = 'imageAttributionPlot';

/**
 * Attribution maps on a diverging maroon–white–aqua scale symmetric around 0 and saturating at a
 * robust maximum (the 99.5th percentile of |φ| by default), one shared scale for the whole grid.
 * With `images`, each map is drawn over its image in grey, each pixel's colour as opaque as its
 * |φ| is large. Each panel is one image mark holding a PNG of its pixels (so a 3 × 10 grid of
 * 28 × 28 maps is some 60 kB of spec, not 2 MB); the tooltip names the panel's row and column
 * and gives its Σφ and max |φ|.
 *
 * @param attributions `[rows, columns, height, width]` (or `[..., channels]`, summed over
 * channels), or `[rows, height, width]` for one column.
 */
export function imageAttributionPlot(attributions: NumbersND, options: ImageAttributionPlotOptions = {}): Chart {
  checkOptionKeys('imageAttributionPlot', options);
  const raw = dense(
    attributions,
    'attributions',
    FN,
    [3, 4, 5],
    'a 4-D array [rows, columns, height, width] (or 3-D [rows, height, width], or 5-D with channels)',
  );
  const phi = sumChannels(
    raw.shape.length === 3 ? { values: raw.values, shape: [raw.shape[0], 1, raw.shape[1], raw.shape[2]] } : raw,
  );
  const [rows, cols, h, w] = phi.shape;
  let img: Dense | undefined;
  if (options.images !== undefined) {
    const im = dense(options.images, 'images', FN, [3, 4], 'a 3-D array [rows, height, width] (or 4-D with channels)');
    img = im.shape.length === 4 ? meanChannels(im) : im;
    if (img.shape[0] !== rows || img.shape[1] !== h || img.shape[2] !== w) {
      throw new Error(errors.shapeMismatch('images', FN, [rows, h, w], 'attributions', img.shape));
    }
  }
  const rowLabels =
    options.rowLabels === undefined
      ? Array.from({ length: rows }, (_, i) => `Image ${i}`)
      : labels(options.rowLabels, 'rowLabels', FN, rows, 'one per row');
  const columnLabels =
    options.columnLabels === undefined
      ? Array.from({ length: cols }, (_, i) => String(i))
      : labels(options.columnLabels, 'columnLabels', FN, cols, 'one per column');
  const q = options.percentile ?? DEFAULTS.percentile;
  if (typeof q !== 'number' || !(q > 0 && q <= 100))
    throw new Error(errors.badOption('percentile', FN, 'a number in (0, 100]', q));
  const pixel = positiveNumber(options.pixelSize ?? fittingPixelSize(cols, w, rowLabels), 'pixelSize', FN);
  const bound = robustMax(phi.values, q);

  let imgLo = 0;
  let imgHi = 1;
  if (img) {
    imgLo = Math.min(...img.values);
    imgHi = Math.max(...img.values);
    if (imgHi === imgLo) imgHi = imgLo + 1;
  }
  // One raster per panel, coloured here exactly as the scales below would colour one mark per
  // pixel: a few kB of PNG instead of a data row and two SVG rects for every pixel.
  const data = [];
  const rgb = new Uint8Array(h * w * 3);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      let peak = 0;
      for (let p = 0; p < h * w; p++) {
        const v = phi.values[(r * cols + c) * h * w + p];
        sum += v;
        peak = Math.max(peak, Math.abs(v));
        const grey = img ? (img.values[r * h * w + p] - imgLo) / (imgHi - imgLo) : 0;
        pixelColour(v, bound, img ? grey : null, rgb, p * 3);
      }
      data.push({
        r,
        c,
        rowLabel: rowLabels[r],
        columnLabel: columnLabels[c],
        sum: round(sum, 4),
        maxAbs: round(peak, 4),
        url: pngDataURL(encodeRgbPNG(rgb, w, h)),
      });
    }
  }
  const width = w * pixel;
  const height = h * pixel;
  const inner = {
    width,
    height,
    // aria off: vega would otherwise describe each image by its fields, the data URL included.
    mark: { type: 'image', width, height, aspect: false, smooth: false, aria: false },
    encoding: {
      url: { field: 'url', type: 'nominal' },
      x: { value: width / 2 },
      y: { value: height / 2 },
      // The image mark draws no fill; the encoding gives the grid its colour legend (below the
      // grid, so that it takes no width from the columns).
      fill: {
        field: 'maxAbs',
        type: 'quantitative',
        title: 'Attribution',
        scale: divergingScale(-bound, bound),
        legend: { orient: 'bottom', direction: 'horizontal' },
      },
      // Which panel this is (row and column labels) and its totals; pixel values are in the PNG.
      tooltip: [
        { field: 'rowLabel', type: 'nominal', title: 'Row' },
        { field: 'columnLabel', type: 'nominal', title: 'Column' },
        { field: 'sum', type: 'quantitative', title: 'Σ attribution' },
        { field: 'maxAbs', type: 'quantitative', title: 'max |attribution|' },
      ],
    },
  };
  const header = (names: string[]) => ({ title: null, labelExpr: labelLookup(names) });
  const body: Record<string, unknown> = {
    data: { values: data },
    facet: {
      row: { field: 'r', type: 'ordinal', header: { ...header(rowLabels), labelAngle: 0, labelAlign: 'right' } },
      column: { field: 'c', type: 'ordinal', header: header(columnLabels) },
    },
    spec: inner,
    spacing: 4,
  };
  if (options.title !== undefined) body.title = options.title;
  return new Chart(
    topLevel(body),
    `${FN}: ${rows} × ${cols} maps of ${h} × ${w} pixels; colour saturates at ±${round(bound, 4)} (${q}th percentile of |attribution|)`,
  );
}

/** Room for the padding and the gap between the row labels and the grid (measured on rendered grids). */
const GRID_MARGIN = 100;
/** Approximate width of one character of a row label (11 px sans-serif). */
const LABEL_CHAR_WIDTH = 7;
/** The facet spacing between panels (see `spacing` above). */
const PANEL_SPACING = 4;

/**
 * The default pixel size: 4, or the largest size (in steps of 0.25 px, at least 1) with which
 * `cols` panels of `w` pixels, the row labels and the spacing fit {@link OUTPUT_WIDTH}.
 */
export function fittingPixelSize(cols: number, w: number, rowLabels: readonly string[]): number {
  const labelWidth = Math.max(0, ...rowLabels.map((l) => l.length)) * LABEL_CHAR_WIDTH + 10;
  const perPanel = (OUTPUT_WIDTH - GRID_MARGIN - labelWidth) / cols - PANEL_SPACING;
  return Math.max(1, Math.min(DEFAULTS.pixelSize, Math.floor((perPanel / w) * 4) / 4));
}

/** The q-th percentile of |values|, falling back to the maximum when that is 0 (sparse maps). */
export function robustMax(values: ArrayLike<number>, q: number): number {
  const abs = sortedCopy(Array.from(values, Math.abs));
  const p = percentile(abs, q);
  return p > 0 ? p : abs[abs.length - 1];
}

const WHITE = [255, 255, 255];
const IMAGE_DARK = [0x4d, 0x4d, 0x4d];
const NEGATIVE = hexRGB(DIVERGING[0]);
const POSITIVE = hexRGB(DIVERGING[2]);

function hexRGB(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/**
 * The colour of one pixel, written to `out[at..at+2]`: the diverging scale (white at 0, linear in
 * RGB to maroon at −bound and aqua at +bound, clamped), and with an image (grey from white at 0
 * to #4d4d4d at 1) that colour laid over it with opacity |v| / bound.
 */
export function pixelColour(v: number, bound: number, grey: number | null, out: Uint8Array, at: number): void {
  const a = Math.abs(v) / bound;
  // NaN draws as 0 (white, or the bare image).
  const t = bound > 0 && a === a ? Math.min(1, a) : 0;
  const end = v < 0 ? NEGATIVE : POSITIVE;
  for (let k = 0; k < 3; k++) {
    const colour = WHITE[k] + (end[k] - WHITE[k]) * t;
    const under = grey === null ? colour : WHITE[k] + (IMAGE_DARK[k] - WHITE[k]) * grey;
    out[at + k] = Math.round(grey === null ? colour : under + (colour - under) * t);
  }
}

function sumChannels(d: Dense): Dense {
  if (d.shape.length === 4) return d;
  const [r, c, h, w, ch] = d.shape;
  const values = new Float64Array(r * c * h * w);
  for (let i = 0; i < values.length; i++) for (let k = 0; k < ch; k++) values[i] += d.values[i * ch + k];
  return { values, shape: [r, c, h, w] };
}

function meanChannels(d: Dense): Dense {
  const [r, h, w, ch] = d.shape;
  const values = new Float64Array(r * h * w);
  for (let i = 0; i < values.length; i++) for (let k = 0; k < ch; k++) values[i] += d.values[i * ch + k] / ch;
  return { values, shape: [r, h, w] };
}
