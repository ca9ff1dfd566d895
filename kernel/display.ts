/**
 * `display`, the global a cell calls to show a value: `display(chart)` sends the chart's whole
 * MIME bundle as one output and returns a handle whose `update(y)` replaces that output in place
 * (update_display_data); `display(bundle, { raw: true })` sends a ready MIME bundle as IPython's
 * `display(..., raw=True)` does; `display.html(s)`, `display.markdown(s)`, ... send one MIME
 * type, as tslab's `display` does.
 */
import { randomUUID } from 'node:crypto';
import { toDisplayBundle, type MimeBundle } from './displayBundle';

/** Where displayed outputs go; the kernel installs one per execution. */
export interface DisplaySink {
  /** Sends a display_data (or, with `update`, an update_display_data) message. */
  send(data: MimeBundle, metadata: Record<string, unknown>, displayId: string | undefined, update: boolean): void;
  /** Registers pending work the kernel must wait for before it ends the execution. */
  track(work: Promise<unknown>): void;
}

/** Options of `display(value, options)`. */
export interface DisplayOptions {
  /**
   * `value` is already a MIME bundle (`{ 'text/html': '<b>hi</b>', 'text/plain': 'hi' }`) and is
   * sent as it is. Default: false.
   */
  raw?: boolean;
  /** Sends `metadata` with the output (e.g. `{ 'image/png': { width: 200 } }`). Default: none. */
  metadata?: Record<string, unknown>;
}

/** An output shown by `display`, which can be replaced in place. */
export interface DisplayHandle {
  /** The output's display_id. */
  readonly displayId: string;
  /** Replaces the output with `value` (same options as `display`). */
  update(value: unknown, options?: DisplayOptions): DisplayHandle;
  /** Settles once the latest bundle has been sent (charts render asynchronously). */
  readonly done: Promise<void>;
}

/** The `display` global: a function for any value, plus one method per single MIME type. */
export interface PathlabDisplay {
  /**
   * Shows `value`: a chart as its full bundle, a table, result or tensor as HTML with a text
   * fallback; returns a handle whose `update(y)` replaces the output in place.
   */
  (value: unknown, options?: DisplayOptions): DisplayHandle;
  html(s: string): void;
  markdown(s: string): void;
  latex(s: string): void;
  svg(s: string): void;
  png(b: Uint8Array): void;
  jpeg(b: Uint8Array): void;
  text(s: string): void;
  /** Sends `data` under one MIME type. */
  raw(mime: string, data: string | Uint8Array): void;
}

let sink: DisplaySink | null = null;

/** Installs (or, with `null`, removes) where `display` sends outputs. */
export function setDisplaySink(s: DisplaySink | null): void {
  sink = s;
}

function currentSink(): DisplaySink {
  if (!sink) throw new Error('display() works only inside the pathlab kernel, while a cell runs.');
  return sink;
}

function raw(mime: string, data: string | Uint8Array): void {
  const value = typeof data === 'string' ? data : Buffer.from(data).toString('base64');
  currentSink().send({ [mime]: value }, {}, undefined, false);
}

function bundleOf(value: unknown, options: DisplayOptions): Promise<MimeBundle> {
  if (!options.raw) return toDisplayBundle(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return Promise.reject(
      new TypeError(
        `display(value, { raw: true }) needs a MIME bundle object such as { 'text/plain': 'hi' } as value; received ${typeof value}.`,
      ),
    );
  }
  return Promise.resolve({ ...(value as MimeBundle) });
}

// Outputs are sent in the order display() was called, though a chart takes longer to render.
let queue: Promise<void> = Promise.resolve();

function show(value: unknown, options: DisplayOptions, displayId: string, update: boolean): Promise<void> {
  const target = currentSink();
  const bundle = bundleOf(value, options);
  // The bundle is built asynchronously, so the kernel must know to wait for it even when the
  // cell does not await display().
  const work = queue.then(() => bundle).then((b) => target.send(b, options.metadata ?? {}, displayId, update));
  queue = work.catch(() => undefined);
  target.track(work);
  return work;
}

function displayValue(value: unknown, options: DisplayOptions = {}): DisplayHandle {
  const displayId = randomUUID();
  const handle = {
    displayId,
    done: show(value, options, displayId, false),
    update(next: unknown, nextOptions: DisplayOptions = {}): DisplayHandle {
      handle.done = show(next, nextOptions, displayId, true);
      return handle;
    },
  };
  // An unawaited failure is reported through the kernel (track), not as an unhandled rejection.
  handle.done.catch(() => undefined);
  return handle;
}

/** See {@link PathlabDisplay}. */
export const display: PathlabDisplay = Object.assign(displayValue, {
  html: (s: string) => raw('text/html', s),
  markdown: (s: string) => raw('text/markdown', s),
  latex: (s: string) => raw('text/latex', s),
  svg: (s: string) => raw('image/svg+xml', s),
  png: (b: Uint8Array) => raw('image/png', b),
  jpeg: (b: Uint8Array) => raw('image/jpeg', b),
  text: (s: string) => raw('text/plain', s),
  raw,
});
