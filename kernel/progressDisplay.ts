/**
 * The kernel's progress handler: a long explain or training call shows one bar that updates in
 * place (display_data with a display_id, then update_display_data), rate-limited so a loop of
 * thousands of steps does not flood the front end.
 */
import { randomUUID } from 'node:crypto';
import { escapeHtml } from '../core';
import type { ProgressHandler, ProgressReporter } from '../explain/progress';
import type { MimeBundle } from './displayBundle';

/** Metadata that marks an output as a progress bar (so `pathlab run` can log it as text). */
export const PROGRESS_METADATA_KEY = 'pathlab_progress';

/** Where the bar is drawn: the same signature as {@link DisplaySink.send}. */
export type ProgressSend = (data: MimeBundle, metadata: Record<string, unknown>, displayId: string, update: boolean) => void;

const MIN_INTERVAL_MS = 200;
const BAR_WIDTH = 30;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The bar as text, e.g. `expectedGradients [=========>      ] 40/100 1.2 s`. */
export function progressText(label: string, done: number, total: number, elapsedMs: number, finished: boolean): string {
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(frac * BAR_WIDTH);
  const bar = '='.repeat(filled) + (filled < BAR_WIDTH ? '>' : '') + ' '.repeat(Math.max(0, BAR_WIDTH - filled - 1));
  const state = finished ? (done >= total ? ' done' : ' stopped') : '';
  return `${label} [${bar}] ${done}/${total} ${seconds(elapsedMs)}${state}`;
}

function progressHTML(label: string, done: number, total: number, elapsedMs: number): string {
  return `<div><progress value="${done}" max="${total}" style="width:20em"></progress> <code>${escapeHtml(label)} ${done}/${total} ${seconds(elapsedMs)}</code></div>`;
}

/** A {@link ProgressHandler} drawing through `send`; `now` is injectable for tests. */
export function createProgressHandler(send: () => ProgressSend | null, now: () => number = Date.now): ProgressHandler {
  return (label: string, total: number, startedAt?: number): ProgressReporter => {
    const target = send();
    const id = randomUUID();
    // The clock starts when the call began (its prelude and f(x) included), not at the bar.
    const start = startedAt ?? now();
    let last = -Infinity;
    let done = 0;
    let ended = false;
    const draw = (update: boolean, finished: boolean) => {
      if (!target) return;
      const elapsed = now() - start;
      const text = progressText(label, done, total, elapsed, finished);
      target(
        { 'text/plain': text, 'text/html': progressHTML(label, done, total, elapsed) },
        { [PROGRESS_METADATA_KEY]: { label, done, total, finished } },
        id,
        update,
      );
    };
    draw(false, false);
    return {
      update(d: number) {
        done = d;
        const t = now();
        if (t - last < MIN_INTERVAL_MS) return;
        last = t;
        draw(true, false);
      },
      end() {
        if (ended) return;
        ended = true;
        draw(true, true);
      },
    };
  };
}
