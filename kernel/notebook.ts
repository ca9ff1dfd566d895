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

/** How {@link readNotebook} and {@link checkNotebook} treat the parts `pathlab run` can repair. */
export interface ReadNotebookOptions {
  /** Drop the cells' outputs (malformed ones included) instead of checking them. Default: false. */
  ignoreOutputs?: boolean;
  /**
   * Replace a top-level or cell `metadata` that is not an object with `{}` and call this with a
   * warning ({@link notebookErrors.metadataReplaced}), instead of throwing. Default: none (throw).
   */
  onReplacedMetadata?: (warning: string) => void;
}

/**
 * Reads a notebook and brings it to nbformat 4.5 (every cell gets an id, missing metadata
 * becomes `{}`). A file that is not a notebook is an error naming the file and what is wrong.
 */
export function readNotebook(file: string, options: ReadNotebookOptions = {}): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  } catch (e) {
    if (e instanceof SyntaxError) throw new Error(notebookErrors.notJson(file, e.message));
    throw e;
  }
  checkNotebook(nb, file, options);
  nb.metadata ??= {};
  nb.nbformat_minor = Math.max(nb.nbformat_minor ?? 0, 5);
  const seen = new Set<string>();
  for (const c of nb.cells) {
    c.metadata ??= {};
    if (!c.id || !/^[a-zA-Z0-9-_]{1,64}$/.test(c.id) || seen.has(c.id)) c.id = newCellId();
    seen.add(c.id);
  }
  return nb;
}

/** Messages of malformed notebooks, so that tests can match them exactly. */
export const notebookErrors = {
  notJson: (file: string, why: string) => `${file} is not a notebook: it is not valid JSON (${why}).`,
  notObject: (file: string) => `${file} is not a notebook: its top level is not a JSON object.`,
  nbformat: (file: string, got: unknown) => `${file}: nbformat ${JSON.stringify(got)} is not supported (only 4).`,
  field: (file: string, where: string, expected: string, got: unknown) =>
    `${file} is not a valid notebook: ${where} must be ${expected}, but got ${kindOf(got)}.`,
  metadataReplaced: (file: string, where: string, got: unknown) =>
    `${file}: ${where} must be an object, but got ${kindOf(got)}; it was replaced with an empty object.`,
};

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isMultiline = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && v.every((l) => typeof l === 'string'));

/**
 * Throws the first structural problem of `nb` (the parts pathlab reads), naming where it is.
 * With `ignoreOutputs` (pathlab run, which clears them) malformed outputs are dropped instead.
 */
export function checkNotebook(nb: unknown, file: string, options: ReadNotebookOptions = {}): asserts nb is Notebook {
  if (!isObject(nb)) throw new Error(notebookErrors.notObject(file));
  if (nb.nbformat !== 4) throw new Error(notebookErrors.nbformat(file, nb.nbformat));
  const checkMetadata = (owner: Record<string, unknown>, where: string): void => {
    const m = owner.metadata;
    if (m === undefined || isObject(m)) return;
    if (!options.onReplacedMetadata) throw new Error(notebookErrors.field(file, where, 'an object', m));
    owner.metadata = {};
    options.onReplacedMetadata(notebookErrors.metadataReplaced(file, where, m));
  };
  checkMetadata(nb, "'metadata'");
  if (!Array.isArray(nb.cells)) throw new Error(notebookErrors.field(file, "'cells'", 'a list', nb.cells));
  nb.cells.forEach((c: unknown, i: number) => {
    const at = `cell ${i + 1}`;
    if (!isObject(c)) throw new Error(notebookErrors.field(file, at, 'an object', c));
    if (c.cell_type !== 'code' && c.cell_type !== 'markdown' && c.cell_type !== 'raw') {
      throw new Error(notebookErrors.field(file, `${at}'s cell_type`, "'code', 'markdown' or 'raw'", c.cell_type));
    }
    checkMetadata(c, `${at}'s metadata`);
    if (!isMultiline(c.source))
      throw new Error(notebookErrors.field(file, `${at}'s source`, 'a string or a list of strings', c.source));
    if (c.cell_type !== 'code') return;
    if (options.ignoreOutputs) {
      c.outputs = [];
      return;
    }
    if (c.outputs === undefined) return;
    if (!Array.isArray(c.outputs)) throw new Error(notebookErrors.field(file, `${at}'s outputs`, 'a list', c.outputs));
    c.outputs.forEach((o: unknown, j: number) => {
      const oat = `${at}'s output ${j + 1}`;
      if (!isObject(o) || typeof o.output_type !== 'string')
        throw new Error(notebookErrors.field(file, oat, 'an object with an output_type', o));
      if (o.data !== undefined) {
        if (!isObject(o.data)) throw new Error(notebookErrors.field(file, `${oat}'s data`, 'an object', o.data));
        for (const [mime, v] of Object.entries(o.data)) {
          if (/json$/.test(mime)) continue;
          if (!isMultiline(v))
            throw new Error(notebookErrors.field(file, `${oat}'s ${mime}`, 'a string or a list of strings', v));
        }
      }
      if (o.output_type === 'stream' && !isMultiline(o.text))
        throw new Error(notebookErrors.field(file, `${oat}'s text`, 'a string or a list of strings', o.text));
    });
  });
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
