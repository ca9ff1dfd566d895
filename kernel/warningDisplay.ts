/**
 * pathlab's warnings (`console.warn('pathlab: …')` from explain/ and viz/) as a distinct,
 * non-error output: a styled note (text/html) with a plainly prefixed text/plain fallback,
 * instead of the red stderr box that Jupyter front ends use for errors. Each warning is shown
 * once per cell; a result's own `warning: …` lines for warnings already shown are dropped from
 * its display.
 */
import { format } from 'node:util';
import type { MimeBundle } from './displayBundle';
import { escapeHtml } from '../core';

/** The prefix pathlab's warnings start with. */
export const WARNING_PREFIX = 'pathlab: ';

/** Metadata marking an output as a pathlab warning (for `pathlab run` and the report). */
export const WARNING_METADATA_KEY = 'pathlab_warning';

/** The note for one warning message (without the prefix). */
export function warningBundle(message: string): MimeBundle {
  return {
    'text/plain': `⚠ pathlab warning: ${message}`,
    'text/html':
      '<div class="pathlab-warning" style="border-left:4px solid #d4a017;background:rgba(212,160,23,0.12);padding:4px 8px;margin:2px 0">' +
      `⚠ <b>pathlab warning</b>: ${escapeHtml(message)}</div>`,
  };
}

/**
 * Replaces `console.warn`: messages starting with {@link WARNING_PREFIX} go to `send` (when it
 * gives a target; else, and for every other message, to the original). Returns the uninstaller.
 */
export function routeWarnings(send: () => ((message: string) => void) | null): () => void {
  const original = console.warn;
  console.warn = (...args: unknown[]): void => {
    const text = format(...args);
    const target = text.startsWith(WARNING_PREFIX) ? send() : null;
    if (target) target(text.slice(WARNING_PREFIX.length));
    else original(...args);
  };
  return () => {
    console.warn = original;
  };
}

/** `text` without its `warning: <m>` lines for the messages in `shown`. */
export function withoutShownWarnings(text: string, shown: ReadonlySet<string>): string {
  if (shown.size === 0) return text;
  return text
    .split('\n')
    .filter((l) => !(l.startsWith('warning: ') && shown.has(l.slice('warning: '.length))))
    .join('\n');
}
