/**
 * Rich forms of the values a notebook shows most: arrays of records (what `console.table` was used
 * for), explain results, tensors and diagnostics objects, each as an HTML table (text/html) with
 * an aligned text table as the text/plain fallback, numbers to four significant digits.
 */
import { escapeHtml, type NestedNumbers } from '../core';

/** A cell value of a table: what a record's fields may hold. */
export type Cell = string | number | boolean | null | undefined | bigint;

/** A table as text and HTML. */
export interface RichTable {
  text: string;
  html: string;
}

/** Four significant digits; integers in full; exponent form below 1e-3 and from 1e6. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}

function formatCell(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  if (v === undefined) return '';
  if (v === null) return 'null';
  return String(v);
}

const isCell = (v: unknown): v is Cell =>
  v === null || v === undefined || ['string', 'number', 'boolean', 'bigint'].includes(typeof v);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether `v` is a non-empty array of plain objects whose fields are all numbers, strings, … */
export function isRecordArray(v: unknown): v is Record<string, Cell>[] {
  return Array.isArray(v) && v.length > 0 && v.every((r) => isPlainObject(r) && Object.values(r).every(isCell));
}

/** Text (right-aligned numbers, two spaces apart) and HTML forms of `rows` under `header`. */
export function renderTable(
  header: string[],
  rows: string[][],
  options: { caption?: string; footer?: string; numeric?: boolean[] } = {},
): RichTable {
  const numeric =
    options.numeric ??
    header.map((_, c) => rows.every((r) => r[c] === '' || /^[-+]?[\d.]+(e[-+]?\d+)?$|^(NaN|-?Infinity|…)$/.test(r[c])));
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (numeric[c] ? (cell ?? '').padStart(widths[c]) : (cell ?? '').padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const text = [
    ...(options.caption ? [options.caption] : []),
    ...all.map(line),
    ...(options.footer ? [options.footer] : []),
  ].join('\n');
  const th = header.map((h, c) => `<th style="text-align:${numeric[c] ? 'right' : 'left'}">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((cell, c) => `<td style="text-align:${numeric[c] ? 'right' : 'left'}">${escapeHtml(cell ?? '')}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const html =
    `<table class="pathlab-table">` +
    (options.caption ? `<caption style="text-align:left">${escapeHtml(options.caption)}</caption>` : '') +
    `<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody></table>` +
    (options.footer ? `\n<p class="pathlab-table-footer">${escapeHtml(options.footer)}</p>` : '');
  return { text, html };
}

/** At most this many rows of a long table are shown, with a count of the rest. */
export const MAX_ROWS = 50;

/** An array of records as a table: one column per field (in first-seen order), one row each. */
export function recordsTable(records: Record<string, Cell>[]): RichTable {
  const keys: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  const shown = records.slice(0, MAX_ROWS);
  const rows = shown.map((r) => keys.map((k) => formatCell(r[k])));
  const footer =
    records.length > shown.length ? `… ${records.length - shown.length} more rows (${records.length} in all)` : undefined;
  return renderTable(keys, rows, { footer });
}

interface TensorLike {
  shape: number[];
  dtype: string;
  isDisposed: boolean;
  arraySync(): unknown;
}

/** Rows and columns of a tensor shown in its table. */
const TENSOR_EDGE = 20;

/** A rank-0, 1 or 2 tensor as an HTML table (at most 20 × 20 values, with ellipses); null for higher ranks. */
export function tensorHtml(t: TensorLike): string | null {
  if (t.isDisposed || t.shape.length > 2) return null;
  const caption = `Tensor ${t.dtype} [${t.shape.join(', ')}]`;
  const value = t.arraySync();
  const m: unknown[][] = t.shape.length === 0 ? [[value]] : t.shape.length === 1 ? [value as unknown[]] : (value as unknown[][]);
  const cols = m[0]?.length ?? 0;
  const showC = Math.min(cols, TENSOR_EDGE);
  const header = Array.from({ length: showC }, (_, j) => String(j));
  if (cols > showC) header.push('…');
  const rows = m.slice(0, TENSOR_EDGE).map((r, i) => {
    const cells = r.slice(0, showC).map(formatCell);
    if (cols > showC) cells.push('…');
    return t.shape.length === 2 ? [String(i), ...cells] : cells;
  });
  if (m.length > TENSOR_EDGE) rows.push([...(t.shape.length === 2 ? ['…'] : []), ...header.map(() => '…')]);
  return renderTable(t.shape.length === 2 ? ['', ...header] : header, rows, { caption }).html;
}

/**
 * The HTML form of a result's `toText()`: its first line as the caption, the aligned table
 * below it (columns two or more spaces apart) as rows, trailing lines as a footer. Null when the
 * text holds no such table.
 */
export function textTableHtml(text: string): string | null {
  const lines = text.split('\n');
  if (lines.length < 3) return null;
  const split = (l: string) => l.trim().split(/\s{2,}/);
  const header = split(lines[1]);
  if (header.length < 2) return null;
  let end = 2;
  while (end < lines.length && split(lines[end]).length === header.length) end++;
  if (end === 2) return null;
  const footer = lines.slice(end).join('\n').trim();
  return renderTable(header, lines.slice(2, end).map(split), { caption: lines[0], footer: footer || undefined }).html;
}

function flatNumbers(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  const out: number[] = [];
  const walk = (x: unknown): boolean => {
    if (typeof x === 'number') {
      out.push(x);
      return true;
    }
    return Array.isArray(x) && (x as NestedNumbers[]).every(walk);
  };
  return walk(v) ? out : null;
}

function shapeOf(v: unknown): number[] {
  const s: number[] = [];
  let x = v;
  while (Array.isArray(x)) {
    s.push(x.length);
    x = x[0];
  }
  return s;
}

/** Arrays longer than this make an object print as a summary. */
const SUMMARY_THRESHOLD = 10;

/**
 * A summary of an object of numbers and numeric arrays, as a result's `diagnostics` is: one row
 * per field (its shape, mean, mean |·| and max |·|, or its value); null when `v` is not such an
 * object or has no long array.
 */
export function numericSummary(v: unknown): RichTable | null {
  if (!isPlainObject(v)) return null;
  const entries = Object.entries(v);
  if (entries.length === 0) return null;
  let long = false;
  const rows: string[][] = [];
  const arrays: string[] = [];
  for (const [k, x] of entries) {
    if (isCell(x)) {
      rows.push([k, '', formatCell(x), '', '']);
      continue;
    }
    const flat = flatNumbers(x);
    if (!flat) return null;
    if (flat.length > SUMMARY_THRESHOLD) long = true;
    arrays.push(k);
    const finite = flat.filter(Number.isFinite);
    const mean = finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length);
    const meanAbs = finite.reduce((a, b) => a + Math.abs(b), 0) / Math.max(1, finite.length);
    const maxAbs = finite.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
    rows.push([
      k,
      `[${shapeOf(x).join(', ')}]`,
      flat.length ? formatNumber(mean) : '',
      flat.length ? formatNumber(meanAbs) : '',
      flat.length ? formatNumber(maxAbs) : '',
    ]);
  }
  if (!long) return null;
  const footer = `The full arrays are the properties themselves, e.g. .${arrays[0]}.`;
  return renderTable(['field', 'shape', 'mean (or value)', 'mean |·|', 'max |·|'], rows, {
    footer,
    numeric: [false, false, true, true, true],
  });
}
