/**
 * `pathlab export`'s engine: every chart of an executed notebook to files named by notebook, cell
 * and position, and one self-contained HTML report per notebook (markdown rendered, charts
 * interactive through inlined vega/vega-lite/vega-embed, text outputs kept, code optional).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { createHash } from 'node:crypto';
import { escapeHtml, scriptJson, unescapeHtml } from '../core';
import { cellTags, readNotebook, sourceText, type Notebook, type NotebookCell, type NotebookOutput } from './notebook';
import { PARAMETERS_TAG } from './parameters';
import { ERROR_ANCHOR_ID, ERROR_MARKER_TAG } from './runNotebook';
import { inlineLibraries } from '../viz';
import { checkOptionKeys } from './optionKeys';

/** The chart file formats. */
export const EXPORT_FORMATS = {
  svg: 'the SVG image from the chart output',
  png: 'the PNG image from the chart output',
  html: 'a standalone interactive page (vega inlined)',
  json: 'the vega-lite v5 spec',
} as const;

/** One of {@link EXPORT_FORMATS}'s keys. */
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** Whether `s` is an export format. */
export function isExportFormat(s: string): s is ExportFormat {
  return Object.prototype.hasOwnProperty.call(EXPORT_FORMATS, s);
}

const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** Options of {@link exportNotebook}. */
export interface ExportOptions {
  /** The folder to write into. */
  out: string;
  /** Chart file formats. Default: every format. */
  formats?: ExportFormat[];
  /** Include code cells in the report. Default: false. */
  code?: boolean;
}

/** What {@link exportNotebook} wrote. */
export interface ExportResult {
  report: string;
  files: string[];
  charts: number;
}

// Markdown from the notebook is rendered with raw HTML off: `<script>` or `<img onerror>` in a
// markdown cell shows as text. markdown-it's link check already refuses javascript: URLs.
const markdown = () => new MarkdownIt({ html: false, linkify: false });

/**
 * HTML from a notebook output, in an iframe sandboxed without `allow-scripts` (and without
 * `allow-same-origin`): it is shown, but nothing in it runs or reaches the report.
 */
function sandboxedHTML(html: string): string {
  const lines = html.split('\n').length;
  const height = Math.min(600, 40 + 22 * lines);
  return `<iframe class="output-html" sandbox="" referrerpolicy="no-referrer" style="width:100%;height:${height}px;border:0" srcdoc="${escapeHtml(html)}"></iframe>`;
}

/** Base64 text as it may stand in a data: URL, or null when it holds anything else. */
function base64(s: string): string | null {
  const b = s.replace(/\s/g, '');
  return /^[A-Za-z0-9+/]*={0,2}$/.test(b) ? b : null;
}

/** The marker cells `pathlab run` adds, rendered from their text: their HTML is not trusted either. */
function markerHTML(tags: string[], source: string): string | null {
  if (tags.includes(`${ERROR_MARKER_TAG}-anchor`)) {
    return `<p id="${ERROR_ANCHOR_ID}" class="error-marker">pathlab run stopped at the cell below:</p>`;
  }
  if (!tags.includes(ERROR_MARKER_TAG)) return null;
  const text = unescapeHtml(source.replace(/<[^>]*>/g, ''));
  return `<p class="error-marker"><a href="#${ERROR_ANCHOR_ID}">${escapeHtml(text)}</a></p>`;
}

function specJson(spec: unknown): string {
  // The v5 spec is valid input for the inlined vega-lite 6; dropping $schema avoids its version warning.
  // usermeta.embedOptions would let the notebook choose vega-embed's options (loader, patch): dropped.
  const { $schema: _schema, usermeta: _usermeta, ...rest } = spec as Record<string, unknown>;
  return scriptJson(rest);
}

function embedScript(id: string, spec: unknown): string {
  return `<script>vegaEmbed(${JSON.stringify('#' + id)}, ${specJson(spec)}, {mode: 'vega-lite', renderer: 'svg', actions: false}).catch(function (e) { console.error(e); });</script>`;
}

const STYLE = `body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
pre { background: #f6f6f6; padding: .6em; overflow-x: auto; }
pre.error { background: #fdecec; color: #900; }
pre.code { border-left: 3px solid #99c; }
.chart { margin: 1em 0; }
img { max-width: 100%; }
.error-marker { color: #b00; font-size: 1.4em; }
.run-info { border-bottom: 1px solid #ddd; margin-bottom: 1.5em; padding-bottom: .5em; font-size: .9em; }
.run-info table { border-collapse: collapse; }
.run-info th, .run-info td { text-align: left; padding: .15em .8em .15em 0; vertical-align: top; }
.run-info td.num { text-align: right; }
@media print { .chart { break-inside: avoid; } }`;

/** The SHA-256 CSP source of every inline script of `html`. */
function scriptHashes(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<script>([\s\S]*?)<\/script>/g))
    out.add(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  return [...out];
}

/**
 * The report's Content-Security-Policy: only the page's own inline scripts (vega, vega-lite,
 * vega-embed and the embed calls, by hash) run; vega compiles its expressions with Function,
 * hence 'unsafe-eval'. No network: images only from data: URLs, no connections, no plugins.
 */
function contentSecurityPolicy(head: string, body: string): string {
  const scripts = scriptHashes(head + body).join(' ');
  return `default-src 'none'; script-src ${scripts} 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; frame-src 'self' data:; base-uri 'none'; form-action 'none'`;
}

function pageHTML(title: string, body: string): string {
  const libs = inlineLibraries();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(libs, body))}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${libs}
</head>
<body>
${body}
</body>
</html>
`;
}

function outputHTML(o: NotebookOutput, chartId: string | null): string {
  if (o.output_type === 'stream') return `<pre>${escapeHtml(sourceText(o.text as string[]))}</pre>`;
  if (o.output_type === 'error')
    return `<pre class="error">${escapeHtml(`${String(o.ename)}: ${String(o.evalue)}\n${((o.traceback as string[]) ?? []).join('\n')}`)}</pre>`;
  const data = (o.data ?? {}) as Record<string, unknown>;
  if (chartId && data[VEGALITE_MIME])
    return `<div class="chart" id="${chartId}">${staticChart(data)}</div>\n${embedScript(chartId, data[VEGALITE_MIME])}`;
  if (data['text/html'] !== undefined) return sandboxedHTML(sourceText(data['text/html'] as string));
  // An SVG as an image: <img> never runs an SVG's scripts or event handlers.
  if (data['image/svg+xml']) {
    return `<img class="output-svg" alt="" src="data:image/svg+xml;base64,${Buffer.from(sourceText(data['image/svg+xml'] as string), 'utf8').toString('base64')}">`;
  }
  if (data['image/png']) {
    const b = base64(sourceText(data['image/png'] as string));
    return b === null
      ? `<pre class="error">${escapeHtml('image/png output is not base64; not shown.')}</pre>`
      : `<img alt="" src="data:image/png;base64,${b}">`;
  }
  if (data['text/markdown']) return markdown().render(sourceText(data['text/markdown'] as string));
  if (data['text/plain'] !== undefined) return `<pre>${escapeHtml(sourceText(data['text/plain'] as string))}</pre>`;
  return '';
}

/** Data URLs of a chart's images: the PNG (when it is base64) and the SVG. */
function chartImages(data: Record<string, unknown>): { png: string | null; svg: string | null } {
  const b = data['image/png'] ? base64(sourceText(data['image/png'] as string)) : null;
  const svg = data['image/svg+xml'] ? sourceText(data['image/svg+xml'] as string) : null;
  return {
    png: b ? `data:image/png;base64,${b}` : null,
    svg: svg ? `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}` : null,
  };
}

/**
 * The chart as a static image, inside the chart's container: vega-embed empties the container
 * when it draws, so with JavaScript the interactive chart replaces it, and without (JavaScript
 * off, e-mail, a print of the raw file) the image stays. The PNG draws the same everywhere and
 * passes through more mail clients; the SVG is used when there is no PNG or when it is less than
 * half the PNG's size (image grids, whose panels are already small PNGs inside the SVG).
 */
function staticChart(data: Record<string, unknown>): string {
  const { png, svg } = chartImages(data);
  const src = png && svg ? (svg.length * 2 < png.length ? svg : png) : (png ?? svg);
  if (!src) return '';
  const alt = data['text/plain'] !== undefined ? sourceText(data['text/plain'] as string) : 'chart';
  return `<img class="chart-static" alt="${escapeHtml(alt)}" src="${src}">`;
}

/** A duration in milliseconds as `0.42 s`, `12.3 s` or `4 min 05 s`. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 60) return `${s.toFixed(1)} s`;
  const t = Math.round(s);
  return `${Math.floor(t / 60)} min ${String(t % 60).padStart(2, '0')} s`;
}

/** What `pathlab run` records in an executed notebook's metadata (`metadata.pathlab.run`). */
interface RunMetadata {
  started?: string;
  duration_ms?: number;
  status?: string;
  parameters?: Record<string, string>;
  backend?: { backend?: string; device?: string; tensorflowVersion?: string; tfjsVersion?: string; wasmSimd?: boolean };
}

/** The defaults of the cell tagged `parameters`: `const quick = false;` → quick: 'false'. */
function parameterDefaults(cells: NotebookCell[]): [string, string][] {
  const cell = cells.find((c) => c.cell_type === 'code' && cellTags(c).includes(PARAMETERS_TAG));
  if (!cell) return [];
  const out: [string, string][] = [];
  for (const line of sourceText(cell.source).split('\n')) {
    const m = /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(.+?);?\s*(?:\/\/.*)?$/.exec(line);
    if (m) out.push([m[1], m[2].trim()]);
  }
  return out;
}

function backendText(b: NonNullable<RunMetadata['backend']>): string {
  const parts = [b.backend ?? 'unknown'];
  if (b.device) parts.push(b.device);
  if (b.tensorflowVersion) parts.push(`TensorFlow ${b.tensorflowVersion}`);
  if (b.wasmSimd !== undefined) parts.push(b.wasmSimd ? 'SIMD' : 'no SIMD');
  if (b.tfjsVersion) parts.push(`tfjs ${b.tfjsVersion}`);
  return parts.join(', ');
}

/** The first line of a cell's code that says something (not blank, not a comment). */
function firstCodeLine(source: string): string {
  const line = source.split('\n').find((l) => l.trim() !== '' && !/^\s*\/\//.test(l)) ?? '';
  return line.length > 70 ? `${line.slice(0, 69)}…` : line;
}

/**
 * The report's header, from what `pathlab run` wrote: notebook, run date, status, parameters
 * (given with -p, and the defaults of the parameters cell), backend, and each code cell's
 * duration (in a collapsed table, linking to the cell). Plain HTML: it needs no JavaScript.
 */
function runHeader(stem: string, nb: Notebook): string {
  const run = ((nb.metadata.pathlab as { run?: RunMetadata } | undefined)?.run ?? {}) as RunMetadata;
  const rows: [string, string][] = [['Notebook', escapeHtml(`${stem}.ipynb`)]];
  if (run.started) {
    const date = new Date(run.started);
    const when = Number.isNaN(date.getTime()) ? run.started : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
    const took = typeof run.duration_ms === 'number' ? `, ${formatDuration(run.duration_ms)}` : '';
    rows.push(['Run', escapeHtml(`${when}${took}${run.status ? ` (${run.status})` : ''}`)]);
  } else rows.push(['Run', 'not recorded (the notebook was not executed by <code>pathlab run</code>)']);
  const given = run.parameters ?? {};
  const params: string[] = Object.entries(given).map(([k, v]) => `<code>${escapeHtml(`${k} = ${v}`)}</code> (set with -p)`);
  for (const [k, v] of parameterDefaults(nb.cells))
    if (!Object.prototype.hasOwnProperty.call(given, k)) params.push(`<code>${escapeHtml(`${k} = ${v}`)}</code> (default)`);
  rows.push(['Parameters', params.length > 0 ? params.join(', ') : 'none']);
  if (run.backend) rows.push(['Backend', escapeHtml(backendText(run.backend))]);
  const timed: string[] = [];
  let total = 0;
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== 'code') return;
    const meta = cell.metadata.pathlab as { status?: string; duration_ms?: number } | undefined;
    if (!meta) return;
    const ms = typeof meta.duration_ms === 'number' ? meta.duration_ms : null;
    if (ms !== null) total += ms;
    timed.push(
      `<tr><td><a href="#cell-${i + 1}">${i + 1}</a></td><td>${cell.execution_count ?? ''}</td><td><code>${escapeHtml(firstCodeLine(sourceText(cell.source)))}</code></td><td>${escapeHtml(meta.status ?? '')}</td><td class="num">${ms === null ? '' : escapeHtml(formatDuration(ms))}</td></tr>`,
    );
  });
  const table = rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('\n');
  const cells =
    timed.length === 0
      ? ''
      : `\n<details class="cell-times"><summary>Per-cell durations (${timed.length} code cells, ${escapeHtml(formatDuration(total))} in cells)</summary>
<table><thead><tr><th>cell</th><th>[n]</th><th>code</th><th>status</th><th>duration</th></tr></thead><tbody>
${timed.join('\n')}
</tbody></table></details>`;
  return `<header class="run-info">\n<table>\n${table}\n</table>${cells}\n</header>`;
}

/** The file name of chart `position` (1-based) of cell `cell` (1-based) of `notebook`. */
export function chartFileName(notebook: string, cell: number, position: number, format: ExportFormat): string {
  return `${notebook}_cell${String(cell).padStart(2, '0')}_${position}.${format}`;
}

/** Exports one executed notebook. */
export function exportNotebook(file: string, options: ExportOptions): ExportResult {
  checkOptionKeys('exportNotebook', options);
  const formats = options.formats ?? (Object.keys(EXPORT_FORMATS) as ExportFormat[]);
  const nb = readNotebook(file);
  const stem = path.basename(file, '.ipynb');
  fs.mkdirSync(options.out, { recursive: true });
  const md = markdown();
  const files: string[] = [];
  const parts: string[] = [];
  let charts = 0;
  parts.push(runHeader(stem, nb));
  nb.cells.forEach((cell, i) => {
    const cellNo = i + 1;
    if (cell.cell_type === 'markdown') {
      const marker = markerHTML(cellTags(cell), sourceText(cell.source));
      parts.push(marker ?? `<section class="markdown">${md.render(sourceText(cell.source))}</section>`);
      return;
    }
    if (cell.cell_type !== 'code') return;
    parts.push(`<a id="cell-${cellNo}"></a>`);
    if (options.code) parts.push(`<pre class="code">${escapeHtml(sourceText(cell.source))}</pre>`);
    let position = 0;
    for (const o of cell.outputs ?? []) {
      const data = (o.data ?? {}) as Record<string, unknown>;
      let chartId: string | null = null;
      if ((o.output_type === 'display_data' || o.output_type === 'execute_result') && data[VEGALITE_MIME]) {
        position++;
        charts++;
        chartId = `chart-${cellNo}-${position}`;
        for (const f of formats) {
          const target = path.join(options.out, chartFileName(stem, cellNo, position, f));
          let content: string | Buffer | null = null;
          if (f === 'json') content = JSON.stringify(data[VEGALITE_MIME], null, 2) + '\n';
          else if (f === 'svg' && data['image/svg+xml']) content = sourceText(data['image/svg+xml'] as string);
          else if (f === 'png' && data['image/png']) content = Buffer.from(sourceText(data['image/png'] as string), 'base64');
          else if (f === 'html')
            content = pageHTML(
              `${stem} cell ${cellNo} chart ${position}`,
              `<div id="chart">${staticChart(data)}</div>\n${embedScript('chart', data[VEGALITE_MIME])}`,
            );
          if (content === null) continue;
          fs.writeFileSync(target, content);
          files.push(target);
        }
      }
      parts.push(outputHTML(o, chartId));
    }
  });
  const report = path.join(options.out, `${stem}.html`);
  fs.writeFileSync(report, pageHTML(stem, parts.join('\n')));
  return { report, files, charts };
}
