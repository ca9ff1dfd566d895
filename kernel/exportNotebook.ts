/**
 * `pathlab export`'s engine: every chart of an executed notebook to files named by notebook, cell
 * and position, and one self-contained HTML report per notebook (markdown rendered, charts
 * interactive through inlined vega/vega-lite/vega-embed, text outputs kept, code optional).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { readNotebook, sourceText, type NotebookOutput } from './notebook';
import { inlineLibraries } from '../viz';

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

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function specJson(spec: unknown): string {
  // The v5 spec is valid input for the inlined vega-lite 6; dropping $schema avoids its version warning.
  const { $schema: _schema, ...rest } = spec as Record<string, unknown>;
  return JSON.stringify(rest).replace(/</g, '\\u003c');
}

function embedScript(id: string, spec: unknown): string {
  return `<script>vegaEmbed(${JSON.stringify('#' + id)}, ${specJson(spec)}, {mode: 'vega-lite', renderer: 'svg', actions: false}).catch(function (e) { console.error(e); });</script>`;
}

const STYLE = `body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
pre { background: #f6f6f6; padding: .6em; overflow-x: auto; }
pre.error { background: #fdecec; color: #900; }
pre.code { border-left: 3px solid #99c; }
.chart { margin: 1em 0; }
img { max-width: 100%; }`;

function pageHTML(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>${STYLE}</style>
${inlineLibraries()}
</head>
<body>
${body}
</body>
</html>
`;
}

function outputHTML(o: NotebookOutput, chartId: string | null): string {
  if (o.output_type === 'stream') return `<pre>${esc(sourceText(o.text as string[]))}</pre>`;
  if (o.output_type === 'error') return `<pre class="error">${esc(`${String(o.ename)}: ${String(o.evalue)}\n${((o.traceback as string[]) ?? []).join('\n')}`)}</pre>`;
  const data = (o.data ?? {}) as Record<string, unknown>;
  if (chartId && data[VEGALITE_MIME]) return `<div class="chart" id="${chartId}"></div>\n${embedScript(chartId, data[VEGALITE_MIME])}`;
  if (typeof data['text/html'] === 'string') return `<div>${data['text/html']}</div>`;
  if (data['image/svg+xml']) return `<div>${sourceText(data['image/svg+xml'] as string)}</div>`;
  if (data['image/png']) return `<img src="data:image/png;base64,${sourceText(data['image/png'] as string).replace(/\s/g, '')}">`;
  if (data['text/markdown']) return new MarkdownIt({ html: true }).render(sourceText(data['text/markdown'] as string));
  if (data['text/plain'] !== undefined) return `<pre>${esc(sourceText(data['text/plain'] as string))}</pre>`;
  return '';
}

/** The file name of chart `position` (1-based) of cell `cell` (1-based) of `notebook`. */
export function chartFileName(notebook: string, cell: number, position: number, format: ExportFormat): string {
  return `${notebook}_cell${String(cell).padStart(2, '0')}_${position}.${format}`;
}

/** Exports one executed notebook. */
export function exportNotebook(file: string, options: ExportOptions): ExportResult {
  const formats = options.formats ?? (Object.keys(EXPORT_FORMATS) as ExportFormat[]);
  const nb = readNotebook(file);
  const stem = path.basename(file, '.ipynb');
  fs.mkdirSync(options.out, { recursive: true });
  const md = new MarkdownIt({ html: true, linkify: false });
  const files: string[] = [];
  const parts: string[] = [];
  let charts = 0;
  nb.cells.forEach((cell, i) => {
    const cellNo = i + 1;
    if (cell.cell_type === 'markdown') {
      parts.push(`<section class="markdown">${md.render(sourceText(cell.source))}</section>`);
      return;
    }
    if (cell.cell_type !== 'code') return;
    if (options.code) parts.push(`<pre class="code">${esc(sourceText(cell.source))}</pre>`);
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
          else if (f === 'html') content = pageHTML(`${stem} cell ${cellNo} chart ${position}`, `<div id="chart"></div>\n${embedScript('chart', data[VEGALITE_MIME])}`);
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
