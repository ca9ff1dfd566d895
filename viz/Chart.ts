/**
 * A chart: a vega-lite v5 spec and the ways to show it (SVG, PNG, self-contained HTML, a Jupyter
 * MIME bundle). Plots in viz/ are pure functions that return one; charts compose with
 * {@link hconcat} and {@link vconcat}.
 */
import * as fs from 'node:fs';
import { escapeHtml, scriptJson } from '../core';
import { errors } from './internal/errors';
import { checkOptionKeys } from './internal/optionKeys';
import { compileToVega, inlineLibraries, MAX_PNG_SCALE, render, renderPNG, renderSVG } from './internal/render';

/** A vega-lite v5 top-level spec, as plain JSON. */
export type VegaLiteSpec = { [key: string]: unknown };

/** Options of {@link Chart.toPNG}. */
export interface PngOptions {
  /** Pixels per SVG unit: 2 gives a PNG twice as wide and tall as the SVG; at most 32, and the PNG at most 64 megapixels. Default: 1. */
  scale?: number;
}

/** Options of {@link Chart.toHTML}. */
export interface HtmlOptions {
  /** How the browser draws the chart; `canvas` is faster for tens of thousands of marks. Default: `svg` below 20,000 data rows, else `canvas`. */
  renderer?: 'svg' | 'canvas';
}

const PNG_DEFAULTS = { scale: 1 } as const;
const HTML_CANVAS_ROWS = 20000;

/** The MIME types Jupyter gets: the v5 spec for interactive front ends, images for static ones. */
export interface ChartMimeBundle {
  [mime: string]: unknown;
  'application/vnd.vegalite.v5+json': VegaLiteSpec;
  'image/svg+xml': string;
  'image/png': string;
  'text/plain': string;
}

/**
 * A vega-lite chart. `spec` is valid against the vega-lite v5 JSON schema; rendering compiles it
 * with the installed vega-lite and draws it with vega's headless SVG renderer (no browser, no
 * node-canvas), rasterising with resvg and the bundled DejaVu Sans.
 */
export class Chart {
  /** The vega-lite v5 spec, data inlined. */
  readonly spec: VegaLiteSpec;
  /** One line saying what the chart shows; the `text/plain` of the MIME bundle. */
  readonly description: string;

  constructor(spec: VegaLiteSpec, description: string) {
    this.spec = spec;
    this.description = description;
  }

  /** The chart as an SVG document. It takes no options; any given are an error. */
  async toSVG(options?: Record<string, never>): Promise<string> {
    checkOptionKeys('Chart.toSVG', options);
    return renderSVG(this.spec);
  }

  /** The chart as PNG bytes, `scale` times the SVG's size. */
  async toPNG(options: PngOptions = {}): Promise<Buffer> {
    checkOptionKeys('Chart.toPNG', options);
    const scale = options.scale ?? PNG_DEFAULTS.scale;
    if (!(typeof scale === 'number' && Number.isFinite(scale) && scale > 0 && scale <= MAX_PNG_SCALE)) {
      throw new Error(errors.badOption('scale', 'Chart.toPNG', `a number in (0, ${MAX_PNG_SCALE}]`, scale));
    }
    return renderPNG(this.spec, scale);
  }

  /**
   * One self-contained HTML file: vega, vega-lite and vega-embed are inlined, the data is in the
   * spec, so the file opens without network access.
   */
  toHTML(options: HtmlOptions = {}): string {
    checkOptionKeys('Chart.toHTML', options);
    const renderer = options.renderer ?? (countRows(this.spec) >= HTML_CANVAS_ROWS ? 'canvas' : 'svg');
    // vega-embed warns on a console when the spec's major version differs from its vega-lite's;
    // the v5 spec is valid input for vega-lite 6, so the page hands it over without $schema.
    const { $schema: _schema, ...spec } = this.spec;
    const json = scriptJson(spec);
    const title = escapeHtml(this.description);
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>body { margin: 16px; font-family: 'DejaVu Sans', sans-serif; }</style>
${inlineLibraries()}
</head>
<body>
<div id="chart"></div>
<script>
vegaEmbed('#chart', ${json}, {
  mode: 'vega-lite',
  renderer: '${renderer}',
  actions: { export: true, source: false, compiled: false, editor: false }
}).then(function (result) { window.pathlabView = result.view; })
  .catch(function (error) { console.error(error); });
</script>
</body>
</html>
`;
  }

  /** Writes the chart to `path`; the extension picks the format: .svg, .png, .html or .json. */
  async save(path: string, options: PngOptions & HtmlOptions = {}): Promise<void> {
    checkOptionKeys('Chart.save', options);
    const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
    let content: string | Buffer;
    switch (ext) {
      case 'svg':
        content = await this.toSVG();
        break;
      case 'png':
        content = await this.toPNG(options.scale === undefined ? {} : { scale: options.scale });
        break;
      case 'html':
        content = this.toHTML(options.renderer === undefined ? {} : { renderer: options.renderer });
        break;
      case 'json':
        content = JSON.stringify(this.spec, null, 2) + '\n';
        break;
      default:
        throw new Error(errors.badExtension(path));
    }
    await fs.promises.writeFile(path, content);
  }

  /**
   * What a Jupyter kernel displays: the v5 spec (rendered interactively by JupyterLab, Notebook 7
   * and VS Code), SVG and PNG (for static exports such as GitHub and nbconvert) and a text line.
   */
  async toMimeBundle(): Promise<ChartMimeBundle> {
    // One vega dataflow run for both images.
    const { svg, png } = await render(this.spec, { svg: true, pngScale: PNG_DEFAULTS.scale, fn: 'Chart.toMimeBundle' });
    return {
      'application/vnd.vegalite.v5+json': this.spec,
      'image/svg+xml': svg as string,
      'image/png': (png as Buffer).toString('base64'),
      'text/plain': this.description,
    };
  }

  /**
   * Resolves when `spec` is valid vega-lite (it compiles; nothing is drawn), else rejects with an
   * error saying what is wrong, e.g. a mark type that does not exist.
   */
  static async validate(spec: unknown): Promise<void> {
    await compileToVega(spec, 'Chart.validate');
  }

  /** JSON.stringify(chart) gives the spec. */
  toJSON(): VegaLiteSpec {
    return this.spec;
  }
}

/** Number of inline data rows anywhere in the spec (flattened columns counted as rows). */
function countRows(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + countRows(x), 0);
  if (typeof node !== 'object' || node === null) return 0;
  let n = 0;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'values' && Array.isArray(value)) {
      for (const row of value) {
        const cols = typeof row === 'object' && row !== null ? Object.values(row) : [];
        const longest = cols.reduce((m: number, c) => (Array.isArray(c) ? Math.max(m, c.length) : m), 1);
        n += longest;
      }
    } else n += countRows(value);
  }
  return n;
}
