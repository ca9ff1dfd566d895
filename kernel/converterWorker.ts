/**
 * tslab's TypeScript converters, run in a worker thread so that the kernel's slowest start-up
 * work (loading the compiler, parsing lib and @types/node, then the tfjs and pathlab types) runs
 * on the second core while the main thread loads tfjs, its backend and the library.
 *
 * The main thread calls in synchronously (tslab's executor expects `convert` to return at once):
 * it posts a request, sleeps on a shared flag, and takes the reply with `receiveMessageOnPort`.
 */
import * as fs from 'node:fs';
import { isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import type { Converter } from 'tslab/dist/converter';
import { completionKinds } from './inspectCall';
import { forwardTypeScriptFiles } from './moduleForwarding';

/** What the main thread hands the worker. */
export interface ConverterWorkerData {
  port: MessagePort;
  /** An Int32Array's buffer: slot 0 is set to 1 when a synchronous reply has been posted. */
  flag: SharedArrayBuffer;
  cwd: string;
  forwards: Record<string, string>;
  /** The main thread's `performance.timeOrigin`, for PATHLAB_KERNEL_TIMING's log lines. */
  timeOrigin?: number;
}

/** One call into a converter. `sync` calls get a reply; the others (warm-ups) do not. */
export interface ConverterRequest {
  kind: 'node' | 'browser';
  method: 'convert' | 'inspect' | 'complete' | 'addModule' | 'isComplete';
  args: unknown[];
  sync: boolean;
}

/** The reply to a synchronous request. */
export type ConverterReply = { value: unknown } | { error: string; stack?: string };

/**
 * Serves requests on `port`; the converters are created at once, before any request is read, so
 * the work starts as soon as the worker does.
 */
export function serveConverters(data: ConverterWorkerData): void {
  const mark = (phase: string): void => {
    if (process.env.PATHLAB_KERNEL_TIMING !== '1' || data.timeOrigin === undefined) return;
    const ms = performance.timeOrigin + performance.now() - data.timeOrigin;
    // Straight to the file descriptor: the main thread routes process.stderr into cells' output.
    fs.writeSync(2, `[pathlab kernel] ${ms.toFixed(0)} ms: ${phase} (compiler thread)\n`);
  };
  mark('started');
  forwardTypeScriptFiles(data.cwd, data.forwards);
  // Loaded after the forwarding: tslab's compiler host binds ts.sys's functions when created.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tslab = require('tslab/dist/converter') as typeof import('tslab/dist/converter');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { expandShorthand } = require('./expandShorthand') as typeof import('./expandShorthand');
  let node: Converter | Error;
  try {
    node = tslab.createConverter({ isJS: false, isBrowser: false });
  } catch (e) {
    // Every request then fails with the reason instead of the main thread waiting for ever.
    node = e instanceof Error ? e : new Error(String(e));
  }
  mark('converter created');
  let browser: Converter | null = null;
  const flag = new Int32Array(data.flag);

  const run = (req: ConverterRequest): unknown => {
    if (req.method === 'isComplete') return tslab.isCompleteCode(req.args[0] as string);
    if (node instanceof Error) throw node;
    const conv = req.kind === 'node' ? node : (browser ??= tslab.createConverter({ isJS: false, isBrowser: true }));
    switch (req.method) {
      case 'convert':
        return conv.convert(req.args[0] as string, expandShorthand(req.args[1] as string));
      case 'inspect':
        return conv.inspect(req.args[0] as string, req.args[1] as string, req.args[2] as number);
      case 'complete': {
        // `original` holds the language service's entries, which need not survive a structured clone.
        const { start, end, candidates, original } = conv.complete(
          req.args[0] as string,
          req.args[1] as string,
          req.args[2] as number,
        );
        return { start, end, candidates, kinds: completionKinds(original) };
      }
      case 'addModule':
        return conv.addModule(req.args[0] as string, req.args[1] as string, req.args[2] as Parameters<Converter['addModule']>[2]);
    }
  };

  data.port.on('message', (req: ConverterRequest) => {
    let reply: ConverterReply;
    try {
      reply = { value: run(req) };
    } catch (e) {
      reply = e instanceof Error ? { error: e.message, stack: e.stack } : { error: String(e) };
    }
    if (!req.sync) {
      mark(`${req.method} done`);
      return;
    }
    data.port.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
}

if (!isMainThread && workerData && (workerData as { converterWorker?: boolean }).converterWorker) {
  serveConverters(workerData as ConverterWorkerData);
}
