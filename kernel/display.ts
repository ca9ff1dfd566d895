/**
 * `display`, the global a cell calls to show a value: `display(chart)` sends the chart's whole
 * MIME bundle as one output; `display.html(s)`, `display.markdown(s)`, ... send one MIME type,
 * as tslab's `display` does.
 */
import { toDisplayBundle, type MimeBundle } from './displayBundle';

/** Where displayed outputs go; the kernel installs one per execution. */
export interface DisplaySink {
  /** Sends a display_data (or, with `update`, an update_display_data) message. */
  send(data: MimeBundle, metadata: Record<string, unknown>, displayId: string | undefined, update: boolean): void;
  /** Registers pending work the kernel must wait for before it ends the execution. */
  track(work: Promise<unknown>): void;
}

/** The `display` global: a function for any value, plus one method per single MIME type. */
export interface PathlabDisplay {
  /** Shows `value`: a chart as its full bundle, a result as its text table, a tensor as text. */
  (value: unknown): Promise<void>;
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

function displayValue(value: unknown): Promise<void> {
  const target = currentSink();
  // The bundle is built asynchronously (charts render SVG/PNG), so the kernel must know to wait
  // for it even when the cell does not await display().
  const work = toDisplayBundle(value).then((bundle) => target.send(bundle, {}, undefined, false));
  target.track(work);
  return work;
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
