/**
 * Rendering vega-lite specs in Node without a browser or node-canvas: vega-lite compiles the spec,
 * vega's headless View draws it to SVG, and resvg rasterises the SVG with the bundled DejaVu Sans
 * so that the output is identical on every machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageDir, scriptText } from '../../core';
import { errors, warnings, warnOnce } from './errors';
import { viewToSVG, type HeadlessView, type VegaScenegraphModule } from './svgString';

/** The parts of vega's API used here; declared locally so that viz/'s .d.ts files do not
 * reference vega's types, which tslab's TypeScript (moduleResolution node10) cannot resolve. */
interface VegaView {
  toSVG(scaleFactor?: number): Promise<string>;
  finalize(): void;
}
interface VegaModule extends VegaScenegraphModule {
  parse(spec: unknown, config?: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none'; logLevel?: number }) => VegaView & HeadlessView;
  Warn: number;
  Error: number;
}
interface VegaLiteModule {
  compile(spec: unknown, options?: { logger?: unknown }): { spec: unknown };
}

let modules: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | undefined;

/**
 * Loads vega and vega-lite once. Both are ESM (vega with top-level await), so CommonJS code must
 * use a real dynamic import(), which TypeScript keeps as-is under module node16.
 */
export function loadVega(): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({
    vega: vega as unknown as VegaModule,
    vl: vl as unknown as VegaLiteModule,
  }));
  return modules;
}

/** A vega-lite logger that collects warnings instead of printing them to the notebook. */
function quietLogger(): Record<string, unknown> {
  let lvl = 0;
  const logger: Record<string, unknown> = {
    level(l?: number) {
      if (l === undefined) return lvl;
      lvl = l;
      return logger;
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
    error(...args: unknown[]) {
      throw new Error(args.map(String).join(' '));
    },
  };
  return logger;
}

/** vega-lite's mark types (primitive and composite); anything else makes its compiler fail obscurely. */
export const MARK_TYPES = [
  'arc',
  'area',
  'bar',
  'boxplot',
  'circle',
  'errorband',
  'errorbar',
  'geoshape',
  'image',
  'line',
  'point',
  'rect',
  'rule',
  'square',
  'text',
  'tick',
  'trail',
] as const;

/** The first mark anywhere in the spec whose type is not a vega-lite mark, as a sentence, or null. */
export function badMark(node: unknown, at = 'spec'): string | null {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const found = badMark(node[i], `${at}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof node !== 'object' || node === null) return null;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'mark') {
      const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : value;
      if (!(MARK_TYPES as readonly unknown[]).includes(type))
        return `${at}.mark has type ${JSON.stringify(type) ?? 'undefined'}, which is not one of ${MARK_TYPES.join(', ')}`;
    } else if (key !== 'data' && key !== 'datasets' && key !== 'config' && key !== 'usermeta') {
      const found = badMark(value, `${at}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Compiles a vega-lite (v5) spec with the installed vega-lite 6 to a vega spec. An invalid spec
 * is an error naming `fn` and what is wrong (vega-lite's own message for a bad mark type is a
 * TypeError about an internal property).
 */
export async function compileToVega(spec: unknown, fn = 'Chart.toSVG'): Promise<unknown> {
  const { vl } = await loadVega();
  const mark = badMark(spec);
  if (mark) throw new Error(errors.invalidSpec(fn, mark));
  try {
    return vl.compile(spec, { logger: quietLogger() }).spec;
  } catch (e) {
    throw new Error(errors.invalidSpec(fn, e instanceof Error ? e.message.replace(/\.$/, '') : String(e)));
  }
}

/**
 * Removes the tooltip encodings of every mark: a static image never shows them, and at 150,000
 * dots formatting each dot's tooltip object was a fifth of the dataflow's time.
 */
export function withoutTooltips(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) withoutTooltips(child);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const encode = record.encode;
  if (typeof encode === 'object' && encode !== null) {
    for (const set of Object.values(encode as Record<string, unknown>)) {
      if (typeof set === 'object' && set !== null) delete (set as Record<string, unknown>).tooltip;
    }
  }
  if (record.marks !== undefined) withoutTooltips(record.marks);
}

/** What {@link render} produces; each part only when asked for. */
export interface Rendered {
  svg?: string;
  png?: Buffer;
}

/**
 * Renders a vega-lite spec to an SVG document and/or PNG bytes at `pngScale`, running vega's
 * dataflow once for both. The PNG is rasterised from an SVG of its own in which large circle
 * marks are already pixels (see dotRaster.ts); the SVG returned keeps every dot as a path.
 */
export async function render(
  spec: unknown,
  want: { svg?: boolean; pngScale?: number; pngFn?: string; fn?: string },
): Promise<Rendered> {
  const { vega } = await loadVega();
  const vgSpec = await compileToVega(spec, want.fn ?? want.pngFn ?? 'Chart.toSVG');
  withoutTooltips((vgSpec as { marks?: unknown }).marks);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logLevel: vega.Error });
  try {
    const out: Rendered = {};
    if (want.svg) {
      // Above SVG_RASTER_DOTS dots a circle mark is one embedded image (the interactive spec
      // keeps every dot): 100,000 × 5 summary dots were an 88 MB SVG in every display bundle.
      out.svg = await viewToSVG(vega, view, {
        rasterScale: SVG_RASTER_SCALE,
        rasterFrom: SVG_RASTER_DOTS,
        onRaster: (dots) => warnOnce(warnings.svgRaster(want.fn ?? 'Chart.toSVG', dots, SVG_RASTER_DOTS)),
      });
    }
    if (want.pngScale !== undefined) {
      // The pixel count is checked before anything is rasterised (the dot layer is an image too).
      await view.runAsync();
      const p = view.padding();
      const w = Math.ceil(Math.max(0, view._viewWidth + p.left + p.right) * want.pngScale);
      const h = Math.ceil(Math.max(0, view._viewHeight + p.top + p.bottom) * want.pngScale);
      if (w * h > MAX_PNG_PIXELS)
        throw new Error(errors.pngTooLarge(want.pngFn ?? 'Chart.toPNG', want.pngScale, w, h, MAX_PNG_PIXELS));
      out.png = await svgToPNG(await viewToSVG(vega, view, { rasterScale: want.pngScale }), want.pngScale);
    }
    return out;
  } finally {
    view.finalize();
  }
}

/** Renders a vega-lite spec to an SVG document. */
export async function renderSVG(spec: unknown): Promise<string> {
  return (await render(spec, { svg: true })).svg as string;
}

/** Renders a vega-lite spec to PNG bytes at `scale` times its SVG size. */
export async function renderPNG(spec: unknown, scale: number): Promise<Buffer> {
  return (await render(spec, { pngScale: scale, fn: 'Chart.toPNG' })).png as Buffer;
}

let fontFile: string | undefined;

/** The bundled regular DejaVu Sans, the one face every chart's config names. */
export function dejaVuSansPath(): string {
  fontFile ??= require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  return fontFile;
}

/** From this many dots in one circle mark, an SVG draws them as one image (see {@link render}). */
export const SVG_RASTER_DOTS = 50_000;

/** Pixels per SVG unit of that image: sharp on a high-density screen and in print at the chart's size. */
export const SVG_RASTER_SCALE = 2;

/** Largest PNG a chart renders to: 64 megapixels (256 MB of RGBA while rasterising). */
export const MAX_PNG_PIXELS = 64_000_000;

/** Largest `scale` of {@link Chart.toPNG}. */
export const MAX_PNG_SCALE = 32;

/**
 * Rasterises an SVG document to PNG bytes at `scale` times its size. resvg's asynchronous
 * render is used: the synchronous `new Resvg(...).render()` keeps ≈ 1 MB of native memory per
 * call that no garbage collection gives back (RSS grew without bound over 2,000 renders), the
 * asynchronous one frees its tree when the task ends — and it runs off the event loop.
 */
export async function svgToPNG(svg: string, scale: number): Promise<Buffer> {
  // Loaded lazily: the native binding is only needed when a PNG is asked for.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderAsync } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: [dejaVuSansPath()], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  return image.asPng();
}

let libraries: string | undefined;

/** The browser builds of vega, vega-lite and vega-embed as inline script tags, read once. */
export function inlineLibraries(): string {
  if (libraries === undefined) {
    const files = [
      ['vega', 'build/vega.min.js'],
      ['vega-lite', 'build/vega-lite.min.js'],
      ['vega-embed', 'build/vega-embed.min.js'],
    ];
    libraries = files
      .map(([pkg, file]) => {
        const code = fs.readFileSync(path.join(packageDir(pkg), file), 'utf8');
        return `<script>/* ${pkg} */\n${scriptText(code)}\n</script>`;
      })
      .join('\n');
  }
  return libraries;
}
