/**
 * The pathlab Jupyter kernel: ZeroMQ sockets and the message handlers around the cell executor.
 * Adds to tslab: preload before the first cell, one display bundle per chart, execute_result,
 * real error messages, cooperative interrupt of explain/training loops and progress bars.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { clearCancel, requestCancel, setProgressHandler } from '../explain/progress';
import { createCellExecutor, type CellExecutor } from './cellExecutor';
import { setDisplaySink, type DisplaySink } from './display';
import { toDisplayBundle, type MimeBundle } from './displayBundle';
import type { ErrorContent } from './formatError';
import { forwardRequire } from './moduleForwarding';
import { packageDir } from '../core';
import { packageRoot, pathlabVersion, preload, type PreloadResult } from './preload';
import { createProgressHandler, type ProgressSend } from './progressDisplay';
import { routeWarnings, warningBundle, withoutShownWarnings, WARNING_METADATA_KEY } from './warningDisplay';
import {
  PROTOCOL_VERSION,
  createMessage,
  decodeMessage,
  encodeMessage,
  readConnectionFile,
  socketAddress,
  type ConnectionInfo,
  type JupyterMessage,
} from './wire';

/** Messages ZeroMQ queues per iopub subscriber: 0 is no limit, so none is ever dropped. */
const IOPUB_HIGH_WATER_MARK = 0;

/** Characters of stream output sent as one message at most (a larger write is sent as it is). */
const STREAM_CHUNK_CHARS = 64 * 1024;

/** How long an interrupted asynchronous cell may take to stop at its next checkpoint before it is cut off. */
const INTERRUPT_GRACE_MS = 1500;

/** A running kernel. */
export interface KernelServer {
  /** Resolves once the preload has finished (or failed). */
  preloaded: Promise<PreloadResult | Error>;
  close(): Promise<void>;
}

interface Running {
  msg: JupyterMessage;
  interruptTimer: NodeJS.Timeout | null;
  /** Unhandled rejections and uncaught exceptions raised while this cell ran. */
  asyncErrors: ErrorContent[];
}

/** What an error raised outside any awaited code says, so that tests can match it exactly. */
export const asyncErrorText = {
  rejection: 'Unhandled promise rejection (a promise rejected with nothing awaiting or catching it)',
  exception: 'Uncaught exception (thrown in a callback such as setTimeout)',
  noStdin:
    'A notebook cell cannot read standard input: the kernel has none (Jupyter sends no input to it). Give values as parameters (pathlab run -p name=value) or read them from a file.',
  afterCell: (count: number) =>
    `It was raised after cell In [${count}] had finished, so it is reported here and this cell was not run; run it again.`,
  /** The same, reported to an empty request (what `pathlab run` sends after the last cell). */
  afterCellEnded: (count: number) => `It was raised after cell In [${count}] had finished.`,
} as const;

/** The names a cell may give the kernel's standard input by. */
const STDIN_PATHS = new Set(['/dev/stdin', '/proc/self/fd/0', '/dev/fd/0']);

function isStdin(target: unknown): boolean {
  if (target === 0) return true;
  if (typeof target === 'string') return STDIN_PATHS.has(target);
  if (target instanceof URL) return target.protocol === 'file:' && STDIN_PATHS.has(target.pathname);
  if (Buffer.isBuffer(target)) return STDIN_PATHS.has(target.toString());
  return false;
}

function stdinError(): Error {
  const e = new Error(asyncErrorText.noStdin);
  e.name = 'StdinError';
  return e;
}

/**
 * The kernel's standard input is /dev/null under `pathlab run` (a read returns nothing) and a
 * pipe nobody writes under Jupyter (a read waits for ever). So that no cell reads silently empty
 * input or hangs: fd 0 becomes a directory, on which every read fails at once (EISDIR, also in a
 * child process that inherits it), and the fs calls that name fd 0 or /dev/stdin throw
 * StdinError with {@link asyncErrorText.noStdin}.
 */
function closeStdin(log: (s: string) => void): void {
  // The module object itself (what cells' `import * as fs from "fs"` and `require` see), not an
  // import namespace of getters.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  const mod = fs as unknown as Record<string, unknown>;
  const wrapSync = (name: string) => {
    const orig = mod[name] as (...a: unknown[]) => unknown;
    mod[name] = function (this: unknown, ...a: unknown[]) {
      if (isStdin(a[0])) throw stdinError();
      return orig.apply(this, a);
    };
  };
  const wrapCallback = (name: string) => {
    const orig = mod[name] as (...a: unknown[]) => unknown;
    mod[name] = function (this: unknown, ...a: unknown[]) {
      const cb = a[a.length - 1];
      if (isStdin(a[0]) && typeof cb === 'function') {
        process.nextTick(cb as (e: Error) => void, stdinError());
        return undefined;
      }
      return orig.apply(this, a);
    };
  };
  for (const name of ['readFileSync', 'readSync', 'openSync', 'createReadStream']) wrapSync(name);
  for (const name of ['readFile', 'read', 'open']) wrapCallback(name);
  const promises = fs.promises as unknown as Record<string, unknown>;
  for (const name of ['readFile', 'open']) {
    const orig = promises[name] as (...a: unknown[]) => Promise<unknown>;
    promises[name] = function (this: unknown, ...a: unknown[]) {
      return isStdin(a[0]) ? Promise.reject(stdinError()) : orig.apply(this, a);
    };
  }
  if (process.platform === 'win32') return;
  try {
    try {
      fs.closeSync(0);
    } catch {
      // already closed
    }
    const fd = fs.openSync('/', 'r');
    if (fd !== 0) {
      fs.closeSync(fd);
      log('could not replace standard input (fd 0 was taken); reads of it are not stopped');
    }
  } catch (e) {
    log(`could not replace standard input: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Starts a kernel on the sockets named in `connectionFile`. */
export async function startKernelServer(connectionFile: string): Promise<KernelServer> {
  const conn: ConnectionInfo = readConnectionFile(connectionFile);
  const key = conn.key;
  const session = randomUUID();
  const realStdout = process.stdout.write.bind(process.stdout);
  const realStderr = process.stderr.write.bind(process.stderr);
  const log = (s: string): void => {
    realStderr(`[pathlab kernel] ${s}\n`);
  };

  // PATHLAB_KERNEL_TIMING=1 logs the start-up phases (ms since the process started) to stderr.
  const timing = process.env.PATHLAB_KERNEL_TIMING === '1';
  const mark = (phase: string): void => {
    if (timing) log(`${performance.now().toFixed(0)} ms: ${phase}`);
  };
  mark('kernel modules loaded');
  const forwards = { pathlab: packageRoot(), '@tensorflow/tfjs': packageDir('@tensorflow/tfjs') };
  forwardRequire(forwards);
  // First, so that the compiler thread starts while the sockets open and tfjs loads here.
  const executor: CellExecutor = createCellExecutor(process.cwd(), { forwards });

  // No high-water mark: at the default of 1,000 queued messages a publisher silently drops (a
  // burst of 4,096 prints or 1,000 charts lost messages, the idle status among them, which hung
  // clients). Memory stays bounded by coalescing streams (below) and by the cell's own output.
  const iopub = new zmq.Publisher({ sendHighWaterMark: IOPUB_HIGH_WATER_MARK });
  const shell = new zmq.Router();
  const control = new zmq.Router();
  const stdin = new zmq.Router();
  const hb = new zmq.Reply();
  await Promise.all([
    iopub.bind(socketAddress(conn, conn.iopub_port)),
    shell.bind(socketAddress(conn, conn.shell_port)),
    control.bind(socketAddress(conn, conn.control_port)),
    stdin.bind(socketAddress(conn, conn.stdin_port)),
    hb.bind(socketAddress(conn, conn.hb_port)),
  ]);
  mark('sockets bound');

  // zmq sockets allow one send at a time; queue sends per socket.
  const sendQueues = new Map<zmq.Socket, Promise<void>>();
  const send = (sock: zmq.Router | zmq.Publisher, msg: JupyterMessage): Promise<void> => {
    const frames = encodeMessage(key, msg);
    const prev = sendQueues.get(sock) ?? Promise.resolve();
    const next = prev.then(async () => void (await sock.send(frames))).catch((e: unknown) => log(`send failed: ${String(e)}`));
    sendQueues.set(sock, next);
    return next;
  };
  const publishNow = (
    type: string,
    content: Record<string, unknown>,
    parent?: JupyterMessage,
    metadata: Record<string, unknown> = {},
  ) => send(iopub, createMessage(type, content, parent, parent?.header.session ?? session, metadata));

  // Stream output is coalesced as ipykernel does: consecutive writes to one stream become one
  // message, sent when another kind of output follows, when it reaches STREAM_CHUNK_CHARS, on the
  // next turn of the event loop, or when the cell ends. 4,096 one-line prints are then a few
  // messages instead of 4,096, in the same order relative to displays.
  let streamBuf: { name: 'stdout' | 'stderr'; parent: JupyterMessage; parts: string[]; size: number } | null = null;
  let streamTimer: NodeJS.Immediate | null = null;
  const flushStream = (): Promise<void> => {
    if (streamTimer) {
      clearImmediate(streamTimer);
      streamTimer = null;
    }
    const b = streamBuf;
    streamBuf = null;
    if (!b) return sendQueues.get(iopub) ?? Promise.resolve();
    return publishNow('stream', { name: b.name, text: b.parts.join('') }, b.parent);
  };
  const writeStream = (name: 'stdout' | 'stderr', text: string, parent: JupyterMessage): void => {
    if (streamBuf && (streamBuf.name !== name || streamBuf.parent !== parent)) void flushStream();
    streamBuf ??= { name, parent, parts: [], size: 0 };
    streamBuf.parts.push(text);
    streamBuf.size += text.length;
    if (streamBuf.size >= STREAM_CHUNK_CHARS) void flushStream();
    else streamTimer ??= setImmediate(() => void flushStream());
  };
  const publish = (
    type: string,
    content: Record<string, unknown>,
    parent?: JupyterMessage,
    metadata: Record<string, unknown> = {},
  ) => {
    if (streamBuf) void flushStream();
    return publishNow(type, content, parent, metadata);
  };
  /** Resolves once every iopub message so far has been handed to ZeroMQ (none dropped: no high-water mark). */
  const flushIopub = async (): Promise<void> => {
    await flushStream();
    await (sendQueues.get(iopub) ?? Promise.resolve());
  };
  const reply = (sock: zmq.Router, parent: JupyterMessage, type: string, content: Record<string, unknown>) =>
    send(sock, createMessage(type, content, parent, parent.header.session));
  const status = (state: 'busy' | 'idle' | 'starting', parent?: JupyterMessage) =>
    publish('status', { execution_state: state }, parent);

  const preloaded: Promise<PreloadResult | Error> = preload({
    onDeclarations: (spec) => {
      mark('tfjs and pathlab loaded, declarations written');
      executor.setAmbientModule(spec);
      // Queued in the compiler thread: the types load there while the backend loads here.
      executor.warmUp();
    },
  }).then(
    (r) => {
      mark(`backend ready (${r.info.backend})`);
      return r;
    },
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );

  let executionCount = 0;
  let receivedSeq = 0;
  let abortThroughSeq = 0;
  let queue: Promise<void> = Promise.resolve();
  let running: Running | null = null;
  let currentParent: JupyterMessage | null = null;
  /** Errors raised while no cell ran, reported by the next execute request; with the count of the cell before. */
  const lateErrors: ErrorContent[] = [];
  let lateAfter = 0;

  // Node would end the process on an unhandled rejection; a kernel reports it as an error of
  // the cell that is running, or else of the next cell (before running it): it is never lost.
  const onAsyncError = (kind: 'rejection' | 'exception') => (reason: unknown) => {
    const e = executor.describeError(reason);
    const content: ErrorContent = {
      ename: e.ename,
      evalue: e.evalue,
      traceback: [`${asyncErrorText[kind]}:`, ...e.traceback],
    };
    log(`${asyncErrorText[kind]}: ${e.ename}: ${e.evalue}`);
    if (running) running.asyncErrors.push(content);
    else {
      if (lateErrors.length === 0) lateAfter = executionCount;
      lateErrors.push(content);
    }
  };
  const onRejection = onAsyncError('rejection');
  process.on('unhandledRejection', onRejection);
  // A cell waiting for stdin would wait for ever (until --timeout): reading it fails at once.
  Object.defineProperty(process, 'stdin', {
    configurable: true,
    get() {
      const e = new Error(asyncErrorText.noStdin);
      e.name = 'StdinError';
      throw e;
    },
  });
  closeStdin(log);
  const onException = onAsyncError('exception');
  process.on('uncaughtException', onException);
  // The kernel owns these two events. A library that adds its own listener would decide for the
  // kernel: tfjs's wasm backend (Emscripten) adds listeners that rethrow, which ends the process
  // on the first unhandled rejection. Such listeners are removed as soon as they are added.
  const ours = new Set<unknown>([onRejection, onException]);
  for (const l of process.listeners('unhandledRejection')) if (!ours.has(l)) process.removeListener('unhandledRejection', l);
  for (const l of process.listeners('uncaughtException')) if (!ours.has(l)) process.removeListener('uncaughtException', l);
  process.on('newListener', (event: string | symbol, listener: unknown) => {
    if ((event === 'unhandledRejection' || event === 'uncaughtException') && !ours.has(listener)) {
      queueMicrotask(() => process.removeListener(event, listener as (...args: unknown[]) => void));
    }
  });

  // Output written after a cell ends still belongs to it (as in ipykernel), so streams follow
  // the last execute request rather than being restored.
  const streamTo = (name: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (currentParent) writeStream(name, text, currentParent);
      else (name === 'stdout' ? realStdout : realStderr)(text);
      const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
      if (typeof done === 'function') (done as () => void)();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = streamTo('stdout');
  process.stderr.write = streamTo('stderr');

  const displaySend =
    (parent: JupyterMessage): ProgressSend & DisplaySink['send'] =>
    (data: MimeBundle, metadata: Record<string, unknown>, displayId: string | undefined, update: boolean) => {
      void publish(
        update ? 'update_display_data' : 'display_data',
        { data, metadata, transient: displayId ? { display_id: displayId } : {} },
        parent,
      );
    };
  setProgressHandler(createProgressHandler(() => (currentParent ? displaySend(currentParent) : null)));
  // pathlab's warnings: once per cell, as a note rather than in the red stderr box.
  let shownWarnings = new Set<string>();
  routeWarnings(() =>
    currentParent
      ? (message: string) => {
          if (shownWarnings.has(message)) return;
          shownWarnings.add(message);
          void publish(
            'display_data',
            { data: warningBundle(message), metadata: { [WARNING_METADATA_KEY]: true }, transient: {} },
            currentParent ?? undefined,
          );
        }
      : null,
  );

  // tslab's own `display` (import { display } from "tslab") writes through this hook.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tslabJupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };

  const interrupt = () => {
    requestCancel();
    const r = running;
    if (r && !r.interruptTimer) {
      // Loops that check for cancellation stop by themselves with a CancelledError; anything
      // still running after the grace period is cut off.
      r.interruptTimer = setTimeout(() => {
        if (running === r) executor.interrupt();
      }, INTERRUPT_GRACE_MS);
    }
  };
  process.on('SIGINT', interrupt);

  const kernelInfo = async (): Promise<Record<string, unknown>> => {
    const pre = await preloaded;
    return {
      status: 'ok',
      protocol_version: PROTOCOL_VERSION,
      implementation: 'pathlab',
      implementation_version: pathlabVersion(),
      language_info: {
        name: 'typescript',
        version: '5.0',
        mimetype: 'text/typescript',
        file_extension: '.ts',
        codemirror_mode: { name: 'javascript', typescript: true, mode: 'typescript' },
      },
      banner: pre instanceof Error ? `pathlab ${pathlabVersion()}: preload failed: ${pre.message}` : pre.banner,
      help_links: [],
      // Which tfjs backend runs (pathlab run records it in the executed notebook's metadata).
      ...(pre instanceof Error ? {} : { pathlab: { backend: pre.info } }),
    };
  };

  const execute = async (msg: JupyterMessage, seq: number): Promise<void> => {
    const c = msg.content as { code?: string; silent?: boolean; store_history?: boolean; stop_on_error?: boolean };
    const code = c.code ?? '';
    const silent = c.silent === true;
    const storeHistory = c.store_history !== false && !silent;
    await status('busy', msg);
    try {
      if (seq <= abortThroughSeq) {
        await reply(shell, msg, 'execute_reply', { status: 'aborted', execution_count: executionCount });
        return;
      }
      if (storeHistory) executionCount++;
      const count = executionCount;
      if (!silent) await publish('execute_input', { code, execution_count: count }, msg);
      currentParent = msg;
      shownWarnings = new Set<string>();
      const pending: Promise<unknown>[] = [];
      setDisplaySink({ send: displaySend(msg), track: (w) => void pending.push(w.catch(() => undefined)) });
      tslabJupyter.lastWriteDisplayData = (
        data: { data: MimeBundle; metadata?: Record<string, unknown>; transient?: { display_id?: string } },
        update: boolean,
      ) =>
        void publish(
          update ? 'update_display_data' : 'display_data',
          { data: data.data, metadata: data.metadata ?? {}, transient: data.transient ?? {} },
          msg,
        );
      const run: Running = { msg, interruptTimer: null, asyncErrors: [] };
      running = run;
      clearCancel();
      let error: ErrorContent | undefined;
      try {
        const pre = await preloaded;
        const late = lateErrors.splice(0);
        if (late.length > 0) {
          for (const e of late.slice(1)) await publish('error', { ...e }, msg);
          const after = code.trim() === '' ? asyncErrorText.afterCellEnded(lateAfter) : asyncErrorText.afterCell(lateAfter);
          error = { ...late[0], traceback: [...late[0].traceback, '', after] };
        } else if (pre instanceof Error) {
          error = {
            ename: 'PreloadError',
            evalue: pre.message,
            traceback: [`PreloadError: the pathlab kernel could not load: ${pre.message}`],
          };
        } else if (code.trim() !== '') {
          const result = await executor.execute(code, count);
          mark(`cell ${count} ran`);
          await Promise.all(pending);
          // One turn of the event loop: Node reports a promise rejected without a handler only
          // once the microtasks have run, which for a synchronous cell is after it has returned.
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (!result.ok) {
            error = result.error;
          } else if (result.hasValue && !silent) {
            try {
              const shown = shownWarnings;
              const data = await toDisplayBundle(result.value, { editText: (t) => withoutShownWarnings(t, shown) });
              await publish('execute_result', { execution_count: count, data, metadata: {} }, msg);
            } catch (e) {
              const err = e instanceof Error ? e : new Error(String(e));
              error = {
                ename: err.name,
                evalue: err.message,
                traceback: [`${err.name}: could not display the cell's value: ${err.message}`],
              };
            }
          }
        }
      } finally {
        if (run.interruptTimer) clearTimeout(run.interruptTimer);
        running = null;
        setDisplaySink(null);
      }
      // The cell's own error (if any) is the reply's; its unhandled rejections are outputs before it.
      const asyncErrors = run.asyncErrors.splice(0);
      if (!error && asyncErrors.length > 0) error = asyncErrors.pop();
      for (const e of asyncErrors) await publish('error', { ...e }, msg);
      // Every output of the cell is queued before its reply, so a client that has the reply and
      // the idle status that follows it on iopub has every output.
      await flushIopub();
      if (error) {
        await publish('error', { ...error }, msg);
        await reply(shell, msg, 'execute_reply', { status: 'error', execution_count: count, ...error });
        if (c.stop_on_error !== false) abortThroughSeq = receivedSeq;
      } else {
        await reply(shell, msg, 'execute_reply', { status: 'ok', execution_count: count, user_expressions: {}, payload: [] });
      }
    } finally {
      await status('idle', msg);
    }
  };

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await flushStream();
    await Promise.all([...sendQueues.values()]);
    for (const s of [iopub, shell, control, stdin, hb]) s.close();
    executor.close();
    process.off('SIGINT', interrupt);
  };

  const handle = async (sock: zmq.Router, frames: Buffer[]): Promise<void> => {
    let msg: JupyterMessage;
    try {
      msg = decodeMessage(key, frames);
    } catch (e) {
      log(`dropped a message: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const type = msg.header.msg_type;
    if (type === 'execute_request') {
      const seq = ++receivedSeq;
      queue = queue.then(() => execute(msg, seq)).catch((e: unknown) => log(`execute failed: ${String(e)}`));
      return;
    }
    await status('busy', msg);
    try {
      switch (type) {
        case 'kernel_info_request':
          await reply(sock, msg, 'kernel_info_reply', await kernelInfo());
          break;
        case 'is_complete_request': {
          const r = executor.isComplete(String(msg.content.code ?? ''));
          await reply(
            sock,
            msg,
            'is_complete_reply',
            r.complete ? { status: 'complete' } : { status: 'incomplete', indent: r.indent ?? '' },
          );
          break;
        }
        case 'complete_request': {
          await preloaded;
          const r = executor.complete(String(msg.content.code ?? ''), Number(msg.content.cursor_pos ?? 0));
          await reply(sock, msg, 'complete_reply', {
            status: 'ok',
            matches: r.candidates,
            cursor_start: r.start,
            cursor_end: r.end,
            metadata: { _jupyter_types_experimental: r.items },
          });
          break;
        }
        case 'inspect_request': {
          await preloaded;
          const text = executor.inspect(String(msg.content.code ?? ''), Number(msg.content.cursor_pos ?? 0));
          await reply(sock, msg, 'inspect_reply', {
            status: 'ok',
            found: text !== null,
            data: text ? { 'text/plain': text } : {},
            metadata: {},
          });
          break;
        }
        case 'history_request':
          await reply(sock, msg, 'history_reply', { status: 'ok', history: [] });
          break;
        case 'comm_info_request':
          await reply(sock, msg, 'comm_info_reply', { status: 'ok', comms: {} });
          break;
        case 'interrupt_request':
          interrupt();
          await reply(sock, msg, 'interrupt_reply', { status: 'ok' });
          break;
        case 'shutdown_request': {
          const restart = msg.content.restart === true;
          await reply(sock, msg, 'shutdown_reply', { status: 'ok', restart });
          await status('idle', msg);
          await close();
          // A restart is a new process started by the client; this one ends either way.
          setImmediate(() => process.exit(0));
          return;
        }
        default:
          // Unknown requests (comm_open, debug_request, ...) are ignored, as tslab does.
          break;
      }
    } finally {
      if (!closing) await status('idle', msg);
    }
  };

  const serve = async (sock: zmq.Router) => {
    try {
      for await (const frames of sock) void handle(sock, frames);
    } catch (e) {
      if (!closing) log(`socket loop ended: ${String(e)}`);
    }
  };
  void serve(shell);
  void serve(control);
  void (async () => {
    try {
      for await (const frames of hb) await hb.send(frames);
    } catch {
      // closed
    }
  })();
  void status('starting');
  log(`started in ${process.cwd()} (${path.basename(connectionFile)})`);
  return { preloaded, close };
}
