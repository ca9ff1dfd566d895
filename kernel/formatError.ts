/**
 * Jupyter `error` contents (ename, evalue, traceback) for what goes wrong in a cell: TypeScript
 * diagnostics and runtime exceptions, with line numbers of the cell as the user wrote it, and
 * library frames at the TypeScript sources (through tsc's source maps).
 */

import * as fs from 'node:fs';
import { SourceMap, type SourceMapPayload, type SourceMapping } from 'node:module';
import * as path from 'node:path';

/** The fields of a Jupyter error reply and `error` message. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** A TypeScript diagnostic as tslab reports it (0-based line and character, within the cell). */
export interface CellDiagnostic {
  start: { line: number; character: number };
  messageText: string;
  code: number;
  category: number;
  fileName?: string;
}

/** What is known about one executed cell, to map stack frames back into it. */
export interface CellRecord {
  /** 1-based execution number shown in the traceback. */
  number: number;
  source: string;
  /** 0-based generated line → 0-based cell line. */
  lineMap: number[];
}

/** The script name given to cell `n`'s compiled code; stack frames carry it. */
export function cellScriptName(n: number): string {
  return `pathlab-cell-${n}`;
}

const CELL_FRAME = /pathlab-cell-(\d+):(\d+):(\d+)/;

/** A few lines of `source` around 1-based `line`, the line itself marked, with a caret at `column`. */
export function sourceExcerpt(source: string, line: number, column?: number): string[] {
  const lines = source.split('\n');
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 2);
  const width = String(to).length;
  const out: string[] = [];
  for (let l = from; l <= to; l++) {
    const mark = l === line ? '-->' : '   ';
    out.push(`${mark} ${String(l).padStart(width)} | ${lines[l - 1]}`);
    if (l === line && column !== undefined && column >= 1) {
      out.push(`    ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
    }
  }
  return out;
}

/**
 * The error for a cell that does not compile: every diagnostic, each with its cell line, named
 * as runtime errors name it (`Cell [5], line 2`) when the execution count is given.
 */
export function formatCompileError(diagnostics: CellDiagnostic[], source: string, cellNumber?: number): ErrorContent {
  const errorsOnly = diagnostics.filter((d) => d.category === 1);
  const list = errorsOnly.length > 0 ? errorsOnly : diagnostics;
  const traceback: string[] = [];
  for (const d of list) {
    const line = d.start.line + 1;
    const col = d.start.character + 1;
    if (d.fileName) {
      traceback.push(`${d.fileName}:${line}:${col} - error TS${d.code}: ${d.messageText}`);
      continue;
    }
    const cell = cellNumber === undefined ? 'Cell line' : `Cell [${cellNumber}], line`;
    traceback.push(`${cell} ${line}, column ${col} - error TS${d.code}: ${d.messageText}`);
    traceback.push(...sourceExcerpt(source, line, col));
  }
  const first = list[0];
  const where = first && !first.fileName ? ` (line ${first.start.line + 1})` : '';
  return {
    ename: 'TypeScriptError',
    evalue: first ? `${first.messageText}${where}` : 'The cell does not compile.',
    traceback,
  };
}

/** Frames of the kernel's own machinery, which say nothing about the user's code. */
function isMachineryFrame(frame: string): boolean {
  return (
    /\((node:|internal\/)/.test(frame) ||
    /at (node:|internal\/)/.test(frame) ||
    /[\\/]tslab[\\/]dist[\\/]/.test(frame) ||
    /[\\/]dist[\\/]kernel[\\/]/.test(frame) ||
    /[\\/]kernel[\\/]cellExecutor\.ts/.test(frame) ||
    /evalmachine\.<anonymous>/.test(frame)
  );
}

const sourceMaps = new Map<string, { map: SourceMap; dir: string; root: string } | null>();

/** The source map next to a compiled file (`x.js.map`), read once; null when there is none. */
function sourceMapOf(file: string): { map: SourceMap; dir: string; root: string } | null {
  let entry = sourceMaps.get(file);
  if (entry === undefined) {
    entry = null;
    try {
      const mapFile = `${file}.map`;
      if (fs.existsSync(mapFile)) {
        const payload = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as SourceMapPayload;
        entry = { map: new SourceMap(payload), dir: path.dirname(file), root: payload.sourceRoot ?? '' };
      }
    } catch {
      entry = null;
    }
    sourceMaps.set(file, entry);
  }
  return entry;
}

const FILE_POSITION = /(\(|at )((?:\/|[A-Za-z]:[\\/])[^()]*?\.js):(\d+):(\d+)(\)?)$/;

/**
 * A stack frame in a compiled library file (dist/…/x.js) rewritten to the TypeScript source it
 * came from (…/x.ts, line and column), through the source map tsc writes next to each file.
 * Frames without a map, or whose source is not on disk, are returned as they are.
 */
export function mapLibraryFrame(frame: string): string {
  const m = FILE_POSITION.exec(frame);
  if (!m) return frame;
  const sm = sourceMapOf(m[2]);
  if (!sm) return frame;
  // An empty object when the position has no mapping.
  const hit = sm.map.findEntry(Number(m[3]) - 1, Number(m[4]) - 1) as Partial<SourceMapping>;
  if (!hit.originalSource || hit.originalLine === undefined) return frame;
  const source = hit.originalSource.startsWith('file://')
    ? decodeURIComponent(new URL(hit.originalSource).pathname)
    : path.resolve(sm.dir, sm.root, hit.originalSource);
  if (!fs.existsSync(source)) return frame;
  const at = `${source}:${hit.originalLine + 1}:${(hit.originalColumn ?? 0) + 1}`;
  return frame.slice(0, m.index) + m[1] + at + m[5];
}

/** The error for an exception thrown while a cell ran, its frames mapped to cell lines. */
export function formatRuntimeError(err: unknown, cells: ReadonlyMap<number, CellRecord>): ErrorContent {
  let ename = 'Error';
  let evalue: string;
  let stack = '';
  if (err instanceof Error) {
    ename = err.name || err.constructor?.name || 'Error';
    evalue = err.message;
    stack = err.stack ?? '';
  } else {
    ename = 'Thrown';
    evalue = typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
  }
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l));
  const traceback = [`${ename}: ${evalue}`];
  let excerpt: string[] | null = null;
  for (const frame of frames) {
    const m = CELL_FRAME.exec(frame);
    if (m) {
      const cell = cells.get(Number(m[1]));
      const genLine = Number(m[2]) - 1;
      if (!cell) {
        traceback.push(frame.replace(CELL_FRAME, `cell [${m[1]}]`));
        continue;
      }
      // The last frame is tslab's wrapper calling the cell, below the cell's own lines.
      if (genLine >= cell.lineMap.length) continue;
      const line = cell.lineMap[genLine] + 1;
      const fn = /^\s+at (.+?) \(/.exec(frame)?.[1];
      const fnName = fn && !fn.startsWith('pathlab-cell') && fn !== 'Object.<anonymous>' ? `${fn}, ` : '';
      traceback.push(`    at ${fnName}cell [${cell.number}] line ${line}`);
      if (!excerpt) excerpt = [`Cell [${cell.number}], line ${line}:`, ...sourceExcerpt(cell.source, line)];
      continue;
    }
    if (!isMachineryFrame(frame)) traceback.push(mapLibraryFrame(frame));
  }
  if (excerpt) traceback.push('', ...excerpt);
  return { ename, evalue, traceback };
}
