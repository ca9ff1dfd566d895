/** The parts of nbformat 4.5 pathlab reads and writes. https://nbformat.readthedocs.io */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';

/** Multiline strings may be stored as one string or a list of lines. */
export type MultilineString = string | string[];

/** One output of a code cell. */
export interface NotebookOutput {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
  [key: string]: unknown;
}

/** A cell. */
export interface NotebookCell {
  id?: string;
  cell_type: 'code' | 'markdown' | 'raw';
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
}

/** A notebook. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** Joins a multiline string. */
export function sourceText(s: MultilineString | undefined): string {
  return Array.isArray(s) ? s.join('') : (s ?? '');
}

/** Splits text into nbformat's list-of-lines form (each line keeps its newline). */
export function toLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== '');
}

/** A fresh cell id (nbformat 4.5: 1-64 of [a-zA-Z0-9-_]). */
export function newCellId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 16);
}

/** Reads a notebook and brings it to nbformat 4.5 (every cell gets an id). */
export function readNotebook(file: string): Notebook {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  if (nb.nbformat !== 4) throw new Error(`${file}: nbformat ${nb.nbformat} is not supported (only 4).`);
  nb.nbformat_minor = Math.max(nb.nbformat_minor ?? 0, 5);
  const seen = new Set<string>();
  for (const c of nb.cells) {
    c.metadata ??= {};
    if (!c.id || !/^[a-zA-Z0-9-_]{1,64}$/.test(c.id) || seen.has(c.id)) c.id = newCellId();
    seen.add(c.id);
  }
  return nb;
}

/** The cell's tags. */
export function cellTags(c: NotebookCell): string[] {
  const t = c.metadata.tags;
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

/** Writes a notebook as Jupyter does (1-space indent, trailing newline). */
export function writeNotebook(file: string, nb: Notebook): void {
  fs.writeFileSync(file, JSON.stringify(nb, null, 1) + '\n');
}
