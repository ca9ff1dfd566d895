/**
 * Turns a value a cell shows into one Jupyter MIME bundle: charts (anything with
 * `toMimeBundle()`) keep every MIME type they offer in one output, results with `toText()` and
 * tensors become readable text, everything else prints as Node's `util.inspect` shows it.
 */
import { inspect } from 'node:util';
import { isRecordArray, numericSummary, recordsTable, tensorHtml, textTableHtml } from './richDisplay';

/** A Jupyter MIME bundle: MIME type → data (strings, base64 for binary, JSON for `+json`). */
export type MimeBundle = Record<string, unknown>;

/** A value that renders itself for Jupyter, as viz charts do. */
export interface MimeBundleProvider {
  toMimeBundle(): Promise<Record<string, unknown>>;
}

/** A value with a readable text form, as explain results have. */
export interface TextProvider {
  toText(): string;
}

interface TensorLike {
  shape: number[];
  dtype: string;
  isDisposed: boolean;
  toString(verbose?: boolean): string;
  arraySync(): unknown;
}

/** Whether `v` offers `toMimeBundle()`. */
export function hasMimeBundle(v: unknown): v is MimeBundleProvider {
  return typeof v === 'object' && v !== null && typeof (v as { toMimeBundle?: unknown }).toMimeBundle === 'function';
}

/** Whether `v` offers `toText()`. */
export function hasText(v: unknown): v is TextProvider {
  return typeof v === 'object' && v !== null && typeof (v as { toText?: unknown }).toText === 'function';
}

/** Whether `v` is a tfjs tensor (checked by shape, not by class: a cell may load another copy). */
export function isTensorLike(v: unknown): v is TensorLike {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Partial<TensorLike> & { dataId?: unknown };
  return Array.isArray(t.shape) && typeof t.dtype === 'string' && t.dataId !== undefined && typeof t.toString === 'function';
}

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json');
}

/** Jupyter wants binary data base64-encoded and JSON types as JSON objects, not strings. */
function normaliseBundle(raw: Record<string, unknown>, fallbackText: () => string): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, data] of Object.entries(raw)) {
    if (data === undefined || data === null) continue;
    if (data instanceof Uint8Array) {
      out[mime] = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
    } else if (isJsonMime(mime) && typeof data === 'string') {
      out[mime] = JSON.parse(data) as unknown;
    } else {
      out[mime] = data;
    }
  }
  if (typeof out['text/plain'] !== 'string') out['text/plain'] = fallbackText();
  return out;
}

/** The text a tensor prints as: dtype, shape and values. */
export function tensorText(t: TensorLike): string {
  if (t.isDisposed) return `Tensor (disposed) ${t.dtype} [${t.shape.join(', ')}]`;
  return t.toString(true).trimEnd();
}

/** The plain-text form of any value, as a cell result prints it. */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (hasText(value)) return value.toText();
  if (isTensorLike(value)) return tensorText(value);
  if (isRecordArray(value)) return recordsTable(value).text;
  const summary = numericSummary(value);
  if (summary) return summary.text;
  return inspect(value, { depth: 4, maxArrayLength: 50, breakLength: 100 });
}

/** Options of {@link toDisplayBundle}. */
export interface DisplayBundleOptions {
  /** Rewrites a result's `toText()` before it is shown (the kernel drops warnings already shown). Default: none. */
  editText?: (text: string) => string;
}

/** The MIME bundle for `value`. */
export async function toDisplayBundle(value: unknown, options: DisplayBundleOptions = {}): Promise<MimeBundle> {
  if (hasMimeBundle(value)) {
    const raw = await value.toMimeBundle();
    return normaliseBundle(raw, () => (hasText(value) ? value.toText() : inspect(value, { depth: 0 })));
  }
  // Tables as HTML, with the aligned text as the fallback (for nbconvert's text exports, e-mail).
  if (isRecordArray(value)) {
    const t = recordsTable(value);
    return { 'text/html': t.html, 'text/plain': t.text };
  }
  if (hasText(value)) {
    const text = options.editText ? options.editText(value.toText()) : value.toText();
    const html = textTableHtml(text);
    return html ? { 'text/html': html, 'text/plain': text } : { 'text/plain': text };
  }
  if (isTensorLike(value)) {
    const html = tensorHtml(value);
    return html ? { 'text/html': html, 'text/plain': tensorText(value) } : { 'text/plain': tensorText(value) };
  }
  const summary = numericSummary(value);
  if (summary) return { 'text/html': summary.html, 'text/plain': summary.text };
  return { 'text/plain': plainText(value) };
}
