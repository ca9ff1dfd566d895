/**
 * Turns a value a cell shows into one Jupyter MIME bundle: charts (anything with
 * `toMimeBundle()`) keep every MIME type they offer in one output, results with `toText()` and
 * tensors become readable text, everything else prints as Node's `util.inspect` shows it.
 */
import { inspect } from 'node:util';

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
  return inspect(value, { depth: 4, maxArrayLength: 50, breakLength: 100 });
}

/** The MIME bundle for `value`. */
export async function toDisplayBundle(value: unknown): Promise<MimeBundle> {
  if (hasMimeBundle(value)) {
    const raw = await value.toMimeBundle();
    return normaliseBundle(raw, () => (hasText(value) ? value.toText() : inspect(value, { depth: 0 })));
  }
  return { 'text/plain': plainText(value) };
}
