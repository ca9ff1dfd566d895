/**
 * Progress reporting and cancellation for long explain and training calls.
 *
 * explain/ does not know where it runs: a notebook kernel, a terminal or a test installs a
 * {@link ProgressHandler} and calls {@link requestCancel} on interrupt; the loops of explain call
 * {@link Checkpoint.step} between chunks (or training steps), which reports progress, yields to the
 * event loop (so an interrupt message can be received while an async loop runs) and throws
 * {@link CancelledError} once cancellation has been requested.
 */

/** One progress report: `done` of `total` units of the named task. */
export interface ProgressEvent {
  /** What is running, e.g. `expectedGradients`. */
  label: string;
  /** Units finished so far (chunks, samples or steps). */
  done: number;
  /** Units in all. */
  total: number;
  /** Milliseconds since the call began (for a method: since its entry, before input checks and f(x)). */
  elapsedMs: number;
}

/** A per-call progress callback, as in every method's `onProgress` option. */
export type ProgressCallback = (event: ProgressEvent) => void;

/** What a host (kernel, terminal) shows for one running task. */
export interface ProgressReporter {
  update(done: number, total: number): void;
  /** Called once when the task ends, successfully or not. */
  end(): void;
}

/**
 * Creates a reporter when a task starts; installed by the host with {@link setProgressHandler}.
 * `startedAt` (a `Date.now()` value) is when the call began, so the host's clock includes the
 * work done before the first checkpoint.
 */
export type ProgressHandler = (label: string, total: number, startedAt?: number) => ProgressReporter;

/** Thrown by a running explain or training call once cancellation was requested. */
export class CancelledError extends Error {
  constructor(label: string) {
    super(`'${label}' was cancelled.`);
    this.name = 'CancelledError';
  }
}

let handler: ProgressHandler | null = null;
let cancelRequested = false;

/** Installs (or, with `null`, removes) the host's progress display for long calls. */
export function setProgressHandler(h: ProgressHandler | null): void {
  handler = h;
}

/** Asks every running explain or training loop to stop at its next checkpoint. */
export function requestCancel(): void {
  cancelRequested = true;
}

/** Clears a cancellation request; hosts call this before running new code. */
export function clearCancel(): void {
  cancelRequested = false;
}

/** Whether cancellation has been requested and not cleared. */
export function isCancelRequested(): boolean {
  return cancelRequested;
}

/** Options every long-running call accepts. */
export interface ProgressOptions {
  /** Called after every chunk or step. Default: none. */
  onProgress?: ProgressCallback;
  /** Stops the call at the next checkpoint when aborted. Default: none. */
  signal?: AbortSignal;
}

/**
 * What a {@link Checkpoint} reads: the caller's {@link ProgressOptions} and, set by a method's
 * prelude, when the call began.
 */
export interface CheckpointOptions extends ProgressOptions {
  /** When the call began, as a `Date.now()` value. Default: when the Checkpoint is made. */
  startedAt?: number;
}

/**
 * The caller's progress options with the call's start time, for a method whose Checkpoint is
 * made after its prelude (input checks, f(x)): its clock then starts at the method's entry.
 */
export function progressFrom(options: ProgressOptions, startedAt: number): CheckpointOptions {
  return { onProgress: options.onProgress, signal: options.signal, startedAt };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Tracks one long call. Create it at the start, call `step()` after each unit of work and
 * `end()` in a `finally`.
 */
export class Checkpoint {
  private done = 0;
  private readonly reporter: ProgressReporter | null;
  /** When the call began (`Date.now()`): `options.startedAt`, or when this was made. */
  readonly startedAt: number;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly options: CheckpointOptions = {},
  ) {
    this.startedAt = options.startedAt ?? Date.now();
    // A cancel requested before this point (during the prelude or f(x)) stops the call here.
    this.throwIfCancelled();
    this.reporter = handler && total > 1 ? handler(label, total, this.startedAt) : null;
  }

  /** Records `units` more done, reports, yields to the event loop and honours cancellation. */
  async step(units = 1): Promise<void> {
    this.done = Math.min(this.total, this.done + units);
    const event = { label: this.label, done: this.done, total: this.total, elapsedMs: Date.now() - this.startedAt };
    this.options.onProgress?.(event);
    this.reporter?.update(this.done, this.total);
    await yieldToEventLoop();
    this.throwIfCancelled();
  }

  /** Throws {@link CancelledError} if cancellation was requested. */
  throwIfCancelled(): void {
    if (cancelRequested || this.options.signal?.aborted) {
      throw new CancelledError(this.label);
    }
  }

  /** Ends the progress display; safe to call more than once. */
  end(): void {
    this.reporter?.end();
  }
}
