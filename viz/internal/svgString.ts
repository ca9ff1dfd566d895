/**
 * A faster headless SVG writer for vega views. It produces the same document as vega's own
 * `View.toSVG()` (a test compares them byte for byte), but a summary plot of 150,000 dots spent
 * most of its time in two places of vega's string renderer: escaping every attribute value with
 * seven regular-expression passes, and recomputing the same symbol outline for every dot. Here
 * values are escaped only when they contain a character that needs it, and symbol outlines are
 * computed once per shape and size.
 */

import { parseColor, rasterizeDots, type Dot } from './dotRaster';

/** The parts of a vega mark item the writer reads. */
interface SceneItem {
  [key: string]: unknown;
  x?: number;
  y?: number;
  angle?: number;
  aria?: boolean;
  href?: unknown;
  description?: unknown;
  zindex?: number;
  blend?: unknown;
  fill?: unknown;
  stroke?: unknown;
  strokeWidth?: number;
  opacity?: unknown;
  fillOpacity?: unknown;
  shape?: string;
  size?: number;
}

/** An attribute emitter as vega's mark definitions use them. */
type Emit = (name: string, value: unknown, ns?: string, prefixed?: string) => void;
type AttrFn = (emit: Emit, item: SceneItem, renderer: unknown) => void;

/** What this file needs from vega's SVGStringRenderer, which it extends. */
interface StringRendererBase {
  _width: number;
  _height: number;
  _scale: number;
  _origin: [number, number];
  _bgcolor: unknown;
  _text: string | null;
  rasterScale?: number;
  rasterFrom?: number;
  onRaster?: (dots: number) => void;
  mark(m: Markup, scene: unknown): unknown;
  defs(m: Markup): void;
  attr(scene: { marktype: string }, item: SceneItem, attrs: AttrFn | AttrFn[], tag: string | null): Record<string, unknown>;
  initialize(el: null, width: number, height: number, origin: [number, number], scaleFactor: number): StringRendererBase;
  background(color: unknown): StringRendererBase;
  renderAsync(scene: unknown): Promise<StringRendererBase>;
  svg(): string;
}
type StringRendererClass = new (loader: unknown) => StringRendererBase;

/** A symbol mark with the scenegraph links used to place it on the canvas. */
interface SymbolMark {
  items: SceneItem[];
  group?: { x?: number; y?: number; angle?: number; mark?: { group?: SymbolMark['group'] } };
}

/** The vega exports used here. */
export interface VegaScenegraphModule {
  SVGStringRenderer: unknown;
  Marks: Record<string, { attr: AttrFn }>;
}

/** The private View state vega's own headless render reads (vega-view's width/height/offset helpers). */
export interface HeadlessView {
  runAsync(): Promise<unknown>;
  loader(): unknown;
  background(): unknown;
  padding(): { left: number; right: number; top: number; bottom: number };
  scenegraph(): { root: unknown };
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
}

/** The markup builder interface vega's renderer methods call (`open`, `close`, `attr`, `text`). */
interface Markup {
  open(tag: string, ...attrs: (Record<string, unknown> | null | undefined)[]): Markup;
  close(): Markup;
  attr(name: string, value: unknown): Markup;
  text(t: unknown): Markup;
  /** Appends already escaped markup as content of the open element. */
  raw(s: string): Markup;
  toString(): string;
}

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes like vega's attribute writer; numbers, the bulk of the values, never need it. */
function attrText(value: unknown): string {
  if (typeof value === 'number') return '' + value;
  const s = '' + value;
  if (!ATTR_SPECIAL.test(s)) return s;
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');
}

/** An XML writer with the output format of vega's (self-closing empty tags, same attribute order). */
function markup(): Markup {
  let buf = '';
  let outer = '';
  let inner = '';
  const stack: string[] = [];
  const m: Markup = {
    open(tag, ...attrs) {
      if (outer) {
        buf += outer + '>' + inner;
        outer = inner = '';
      }
      stack.push(tag);
      outer = '<' + tag;
      for (const set of attrs) {
        for (const key in set) {
          const value = set[key];
          if (value != null) outer += ' ' + key + '="' + attrText(value) + '"';
        }
      }
      return m;
    },
    close() {
      const tag = stack.pop();
      if (outer) buf += outer + (inner ? '>' + inner + '</' + tag + '>' : '/>');
      else buf += '</' + tag + '>';
      outer = inner = '';
      return m;
    },
    attr(name, value) {
      if (value != null) outer += ' ' + name + '="' + attrText(value) + '"';
      return m;
    },
    text(t) {
      const s = '' + t;
      inner += TEXT_SPECIAL.test(s) ? escapeText(s) : s;
      return m;
    },
    raw(s) {
      if (outer) {
        buf += outer + '>' + inner;
        outer = inner = '';
      }
      buf += s;
      return m;
    },
    toString: () => buf,
  };
  return m;
}

/** vega's presentation attributes, in the order its SVG renderer writes them. */
const STYLE_ATTRS: [string, string][] = [
  ['fill', 'fill'],
  ['fillOpacity', 'fill-opacity'],
  ['stroke', 'stroke'],
  ['strokeOpacity', 'stroke-opacity'],
  ['strokeWidth', 'stroke-width'],
  ['strokeCap', 'stroke-linecap'],
  ['strokeJoin', 'stroke-linejoin'],
  ['strokeDash', 'stroke-dasharray'],
  ['strokeDashOffset', 'stroke-dashoffset'],
  ['strokeMiterLimit', 'stroke-miterlimit'],
  ['opacity', 'opacity'],
];

/**
 * Whether every symbol of a mark can be written by the direct path: nothing that vega writes
 * differently per item beyond position, outline and plain presentation attributes (no links,
 * ARIA labels, gradients, z-order or blending).
 */
function plainSymbols(items: SceneItem[]): boolean {
  for (const item of items) {
    if (item.href || item.description != null || item.zindex || item.blend != null) return false;
    const fill = item.fill as { gradient?: unknown } | null | undefined;
    const stroke = item.stroke as { gradient?: unknown } | null | undefined;
    if ((fill && fill.gradient) || (stroke && stroke.gradient)) return false;
  }
  return true;
}

/** Below this many items a symbol mark goes through vega's generic item writer. */
const DIRECT_SYMBOLS = 1000;
/** From this many dots a PNG draws a circle mark itself (resvg: about 8 µs per element). */
export const RASTER_SYMBOLS = 10000;

let rendererClass: StringRendererClass | undefined;

/** The renderer class, built once on top of the loaded vega's SVGStringRenderer. */
function fastRenderer(vega: VegaScenegraphModule): StringRendererClass {
  if (rendererClass) return rendererClass;
  const Base = vega.SVGStringRenderer as StringRendererClass;
  const symbolAttr = vega.Marks.symbol.attr;

  class FastSVGStringRenderer extends Base {
    /** Symbol outlines of this render by shape and size; they do not depend on position. */
    private outlines = new Map<string, string>();

    private readonly cachedSymbolAttr: AttrFn = (emit, item, renderer) => {
      const key = `${item.shape}|${item.size}`;
      let d = this.outlines.get(key);
      if (d === undefined) {
        let outline = '';
        symbolAttr(
          (name, value) => {
            if (name === 'd') outline = value as string;
          },
          item,
          renderer,
        );
        this.outlines.set(key, (d = outline));
      }
      // vega's own transform for symbols: translate, then rotate when angled.
      emit(
        'transform',
        'translate(' + (item.x || 0) + ',' + (item.y || 0) + ')' + (item.angle ? ' rotate(' + item.angle + ')' : ''),
      );
      emit('d', d);
    };

    _render(scene: unknown): this {
      const m = markup();
      m.open('svg', {
        xmlns: 'http://www.w3.org/2000/svg',
        'xmlns:xlink': 'http://www.w3.org/1999/xlink',
        version: '1.1',
        class: 'marks',
        width: this._width * this._scale,
        height: this._height * this._scale,
        viewBox: `0 0 ${this._width} ${this._height}`,
      });
      const bg = this._bgcolor;
      if (bg && bg !== 'transparent' && bg !== 'none') {
        m.open('rect', { width: this._width, height: this._height, fill: bg }).close();
      }
      m.open('g', { fill: 'none', 'stroke-miterlimit': 4 }, { transform: 'translate(' + this._origin + ')' });
      this.mark(m, scene);
      m.close();
      this.defs(m);
      this._text = m.close() + '';
      this.outlines = new Map();
      this.last = { d: '' };
      return this;
    }

    /**
     * Symbol marks with many items are written directly: one string per dot with the outline
     * reused, instead of an attribute object and an escape pass per value.
     */
    override mark(m: Markup, scene: unknown): unknown {
      const mark = scene as { marktype: string; items?: SceneItem[] };
      const items = mark.items;
      if (mark.marktype !== 'symbol' || !items || items.length < DIRECT_SYMBOLS || !plainSymbols(items)) {
        return super.mark(m, scene);
      }
      // The group element exactly as vega writes it (class, clip, ARIA, pointer events), from
      // an item-less view of the mark; its self-closed tag is reopened around the dots.
      const empty = Object.create(mark) as { items: SceneItem[] };
      empty.items = [];
      const group = markup();
      super.mark(group, empty);
      const open = group.toString();
      let out = open.slice(0, -2) + '>';
      const image =
        this.rasterScale === undefined || items.length < (this.rasterFrom ?? RASTER_SYMBOLS)
          ? undefined
          : this.dotImage(mark as SymbolMark);
      if (image !== undefined) {
        out += image;
        this.onRaster?.(items.length);
      } else for (const item of items) out += this.symbolItem(item);
      return m.raw(out + '</g>');
    }

    /** Set for PNG output: large plain circle marks become one image at this many pixels per unit. */
    override rasterScale: number | undefined = undefined;
    /** Circle marks of at least this many dots are drawn as an image. */
    override rasterFrom: number | undefined = undefined;
    /** Told the dot count of each mark drawn as an image. */
    override onRaster: ((dots: number) => void) | undefined = undefined;

    /**
     * The dots of a circle mark drawn to an image covering the whole canvas, placed so that its
     * pixels fall on the output's; undefined when some dot is not a plain filled circle.
     */
    private dotImage(mark: SymbolMark): string | undefined {
      const scale = this.rasterScale as number;
      let ox = this._origin[0];
      let oy = this._origin[1];
      for (let g = mark.group; g; g = g.mark?.group) {
        if (g.angle) return undefined;
        ox += g.x || 0;
        oy += g.y || 0;
      }
      const colors = new Map<string, ReturnType<typeof parseColor>>();
      const dots: Dot[] = [];
      for (const item of mark.items) {
        if ((item.shape ?? 'circle') !== 'circle') return undefined;
        const stroke = item.stroke;
        if (stroke != null && stroke !== 'transparent' && stroke !== 'none' && item.strokeWidth !== 0) return undefined;
        const fill = item.fill;
        if (fill == null || fill === 'transparent' || fill === 'none') continue;
        if (typeof fill !== 'string') return undefined;
        let color = colors.get(fill);
        if (color === undefined && !colors.has(fill)) colors.set(fill, (color = parseColor(fill)));
        if (color === undefined) return undefined;
        const opacity =
          (typeof item.opacity === 'number' ? item.opacity : 1) * (typeof item.fillOpacity === 'number' ? item.fillOpacity : 1);
        dots.push({
          x: (ox + (item.x || 0)) * scale,
          y: (oy + (item.y || 0)) * scale,
          // vega's circle symbol: `size` is the area of the bounding square.
          r: (Math.sqrt(item.size ?? 64) / 2) * scale,
          rgb: color.rgb,
          alpha: Math.max(0, Math.min(1, opacity)) * color.alpha,
        });
      }
      const width = Math.ceil(this._width * scale);
      const height = Math.ceil(this._height * scale);
      const png = rasterizeDots(dots, width, height).toString('base64');
      return (
        `<image x="${-ox}" y="${-oy}" width="${width / scale}" height="${height / scale}" preserveAspectRatio="none"` +
        ` image-rendering="optimizeSpeed" xlink:href="data:image/png;base64,${png}"/>`
      );
    }

    private last: { shape?: string; size?: number; d: string } = { d: '' };

    private symbolItem(item: SceneItem): string {
      // Neighbouring dots nearly always share shape and size: skip the key string and lookup.
      let d: string;
      if (this.last.d !== '' && item.shape === this.last.shape && item.size === this.last.size) d = this.last.d;
      else {
        this.cachedSymbolAttr(() => undefined, item, this);
        d = this.outlines.get(`${item.shape}|${item.size}`) as string;
        this.last = { shape: item.shape, size: item.size, d };
      }
      let s = '<path';
      if (item.aria === false) s += ' aria-hidden="true"';
      s +=
        ' transform="translate(' +
        (item.x || 0) +
        ',' +
        (item.y || 0) +
        ')' +
        (item.angle ? ' rotate(' + attrText(item.angle) + ')' : '') +
        '"';
      s += ' d="' + attrText(d) + '"';
      for (const [prop, name] of STYLE_ATTRS) {
        const value = item[prop];
        if (value == null || (value === 'transparent' && (name === 'fill' || name === 'stroke'))) continue;
        s += ' ' + name + '="' + attrText(value) + '"';
      }
      return s + '/>';
    }

    override attr(
      scene: { marktype: string },
      item: SceneItem,
      attrs: AttrFn | AttrFn[],
      tag: string | null,
    ): Record<string, unknown> {
      if (scene.marktype === 'symbol' && Array.isArray(attrs) && attrs.length === 2 && attrs[1] === symbolAttr) {
        return super.attr(scene, item, [attrs[0], this.cachedSymbolAttr], tag);
      }
      return super.attr(scene, item, attrs, tag);
    }
  }
  rendererClass = FastSVGStringRenderer;
  return rendererClass;
}

/**
 * Runs the view's dataflow and writes its scene as an SVG document, as `view.toSVG()` does
 * (same size, origin and background), with the faster writer.
 */
export async function viewToSVG(vega: VegaScenegraphModule, view: HeadlessView, options: SvgWriteOptions = {}): Promise<string> {
  await view.runAsync();
  const Renderer = fastRenderer(vega);
  const p = view.padding();
  const width = Math.max(0, view._viewWidth + p.left + p.right);
  const height = Math.max(0, view._viewHeight + p.top + p.bottom);
  const origin: [number, number] = [p.left + view._origin[0], p.top + view._origin[1]];
  const renderer = new Renderer(view.loader());
  renderer.rasterScale = options.rasterScale;
  renderer.rasterFrom = options.rasterFrom;
  renderer.onRaster = options.onRaster;
  renderer.initialize(null, width, height, origin, 1).background(view.background());
  return (await renderer.renderAsync(view.scenegraph().root)).svg();
}

/** Options of {@link viewToSVG}. */
export interface SvgWriteOptions {
  /** For an SVG that is only rasterised: draw large circle marks as one image at this many pixels per SVG unit (the PNG's scale). Default: undefined (every dot a path). */
  rasterScale?: number;
  /** With `rasterScale`: the fewest dots of a circle mark drawn as an image. Default: {@link RASTER_SYMBOLS}. */
  rasterFrom?: number;
  /** Called with the dot count of every mark drawn as an image. Default: none. */
  onRaster?: (dots: number) => void;
}
