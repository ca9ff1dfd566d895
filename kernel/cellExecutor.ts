/**
 * Runs cells with tslab's executor and TypeScript converter, and adds what tslab lacks: the
 * cell's last value handed back (not printed), errors as structured Jupyter errors with the
 * cell's line numbers, ambient declarations of the preloaded globals, and a cooperative
 * interrupt for asynchronous code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { ConverterSet, Executor } from 'tslab/dist/executor';
import type { Converter, Diagnostic } from 'tslab/dist/converter';
import type { ConverterReply, ConverterRequest, ConverterWorkerData } from './converterWorker';
import { completionKinds, inspectAt, jupyterCompletionType, type JupyterCompletionItem, type QuickInfoLike } from './inspectCall';
import { alignLines } from './lineMap';
import { forwardTypeScriptFiles } from './moduleForwarding';
import { cellScriptName, formatCompileError, formatRuntimeError, type CellRecord, type ErrorContent } from './formatError';

/** What running one cell gave. */
export interface CellResult {
  ok: boolean;
  /** Set when `ok` is false. */
  error?: ErrorContent;
  /** Whether the cell ended with an expression whose value is not null or undefined. */
  hasValue: boolean;
  value?: unknown;
}

/** Runs cells one at a time; the state (variables, declarations) carries from cell to cell. */
export interface CellExecutor {
  /** Compiles and runs `code`; `number` is the execution count shown in tracebacks. */
  execute(code: string, number: number): Promise<CellResult>;
  /** Ends a running asynchronous cell at once (its code may go on in the background). */
  interrupt(): void;
  /** An error raised outside a cell's run (an unhandled rejection), with the cells' line numbers. */
  describeError(err: unknown): ErrorContent;
  /** Completion names, and Jupyter's typed items (`_jupyter_types_experimental`). */
  complete(code: string, cursor: number): { start: number; end: number; candidates: string[]; items: JupyterCompletionItem[] };
  /** Inside a call: the callee's signature, TSDoc and option fields; elsewhere the quick info at the cursor. */
  inspect(code: string, cursor: number): string | null;
  isComplete(code: string): { complete: boolean; indent?: string };
  /**
   * Compiles a cell that uses the globals, so the first real cell does not pay for loading their
   * types; with the worker this returns at once and the compile runs there.
   */
  warmUp(): void;
  /** Makes cells see the globals declared in `moduleSpecifier` (a .d.ts path without extension). */
  setAmbientModule(moduleSpecifier: string): void;
  close(): void;
}

const DIAGNOSTIC_FORMAT = '%s%d:%d - %s';

/** How many completion items get a signature (one type-checker query each). */
const COMPLETION_SIGNATURES = 12;

interface RunState {
  diagnostics: Diagnostic[] | null;
  errors: unknown[];
  hasValue: boolean;
  value?: unknown;
  source: string;
}

/** Options of {@link createCellExecutor}. */
export interface CellExecutorOptions {
  /**
   * Packages the type checker resolves from the given folders when `rootDir` cannot (see
   * moduleForwarding). Default: none.
   */
  forwards?: Record<string, string>;
  /**
   * Whether the TypeScript converters run in a worker thread, so that creating them overlaps the
   * main thread's start-up work. Default: true when the compiled worker script exists.
   */
  worker?: boolean;
}

/** How long a synchronous call waits for the converter worker before giving up. */
const WORKER_TIMEOUT_MS = 300_000;

/** Synchronous access to tslab's converters, in a worker thread or in this one. */
interface ConverterHost {
  /** Runs `method` and returns its result. */
  call(kind: ConverterRequest['kind'], method: ConverterRequest['method'], args: unknown[]): unknown;
  /** Runs `method` when the host is free, for its side effects (loading types ahead of time). */
  post(kind: ConverterRequest['kind'], method: ConverterRequest['method'], args: unknown[]): void;
  close(): void;
}

function workerHost(script: string, data: Omit<ConverterWorkerData, 'port' | 'flag'>): ConverterHost {
  const { port1, port2 } = new MessageChannel();
  const flagBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(flagBuffer);
  const workerData: ConverterWorkerData & { converterWorker: true } = {
    ...data,
    port: port2,
    flag: flagBuffer,
    converterWorker: true,
  };
  const worker = new Worker(script, { workerData, transferList: [port2] });
  worker.unref();
  port1.unref();
  return {
    call(kind, method, args) {
      Atomics.store(flag, 0, 0);
      const req: ConverterRequest = { kind, method, args, sync: true };
      port1.postMessage(req);
      if (Atomics.wait(flag, 0, 0, WORKER_TIMEOUT_MS) === 'timed-out') {
        throw new Error(`The TypeScript compiler did not answer within ${WORKER_TIMEOUT_MS / 1000} s.`);
      }
      const got = receiveMessageOnPort(port1);
      if (!got) throw new Error('The TypeScript compiler answered without a message.');
      const reply = got.message as ConverterReply;
      if ('error' in reply) {
        const err = new Error(reply.error);
        if (reply.stack) err.stack = reply.stack;
        throw err;
      }
      return reply.value;
    },
    post(kind, method, args) {
      const req: ConverterRequest = { kind, method, args, sync: false };
      port1.postMessage(req);
    },
    close() {
      port1.close();
      void worker.terminate();
    },
  };
}

function inProcessHost(rootDir: string, forwards: Record<string, string>): ConverterHost {
  forwardTypeScriptFiles(rootDir, forwards);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tslab = require('tslab/dist/converter') as typeof import('tslab/dist/converter');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { expandShorthand } = require('./expandShorthand') as typeof import('./expandShorthand');
  const convs: Partial<Record<ConverterRequest['kind'], Converter>> = {};
  const get = (kind: ConverterRequest['kind']) =>
    (convs[kind] ??= tslab.createConverter({ isJS: false, isBrowser: kind === 'browser' }));
  get('node');
  const call: ConverterHost['call'] = (kind, method, args) => {
    const a = args as [string, string, number];
    switch (method) {
      case 'isComplete':
        return tslab.isCompleteCode(a[0]);
      case 'convert':
        return get(kind).convert(a[0], expandShorthand(a[1]));
      case 'inspect':
        return get(kind).inspect(a[0], a[1], a[2]);
      case 'complete':
        return get(kind).complete(a[0], a[1], a[2]);
      case 'addModule':
        return get(kind).addModule(a[0], a[1], args[2] as Parameters<Converter['addModule']>[2]);
    }
  };
  return {
    call,
    post: (kind, method, args) => void call(kind, method, args),
    close: () => {
      for (const c of Object.values(convs)) c.close();
    },
  };
}

/** Creates the executor; `rootDir` is where cells' relative imports and requires resolve from. */
export function createCellExecutor(rootDir: string, options: CellExecutorOptions = {}): CellExecutor {
  let prelude = '';
  let scriptCounter = 0;
  let number = 0;
  let state: RunState | null = null;
  const scripts = new Map<number, CellRecord>();

  const forwards = options.forwards ?? {};
  const script = path.join(__dirname, 'converterWorker.js');
  const host =
    (options.worker ?? fs.existsSync(script))
      ? workerHost(script, { cwd: rootDir, forwards, timeOrigin: performance.timeOrigin })
      : inProcessHost(rootDir, forwards);
  const converter = (kind: ConverterRequest['kind'], withPrelude: boolean): Converter => ({
    close: () => undefined,
    addModule: (...args) => host.call(kind, 'addModule', args) as ReturnType<Converter['addModule']>,
    inspect: (prevDecl, src, pos) =>
      host.call(kind, 'inspect', [(withPrelude ? prelude : '') + prevDecl, src, pos]) as ReturnType<Converter['inspect']>,
    complete: (prevDecl, src, pos) =>
      host.call(kind, 'complete', [(withPrelude ? prelude : '') + prevDecl, src, pos]) as ReturnType<Converter['complete']>,
    convert: (prevDecl, src) =>
      host.call(kind, 'convert', [(withPrelude ? prelude : '') + prevDecl, src]) as ReturnType<Converter['convert']>,
  });
  const node = converter('node', true);
  let browser: Converter | null = null;
  const wrapped: Converter = {
    ...node,
    convert: (prevDecl, src) => {
      const result = node.convert(prevDecl, src);
      if (state) state.diagnostics = result.diagnostics;
      if (result.output) {
        const id = ++scriptCounter;
        const record: CellRecord = { number, source: src, lineMap: alignLines(src, result.output) };
        scripts.set(id, record);
        // Names the compiled script so stack frames say which cell they are in.
        result.output += `\n//# sourceURL=${cellScriptName(id)}`;
      }
      return result;
    },
  };
  const convs: ConverterSet = {
    node: wrapped,
    get browser(): Converter {
      browser ??= converter('browser', false);
      return browser;
    },
    close: () => host.close(),
  };
  // Required only now: it loads TypeScript (for reading cells' `//@module` headers), which would
  // otherwise delay starting the compiler thread by the time it takes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createExecutor } = require('tslab/dist/executor') as typeof import('tslab/dist/executor');
  const executor: Executor = createExecutor(rootDir, convs, {
    log: (value: unknown) => {
      if (state) {
        state.hasValue = true;
        state.value = value;
      }
    },
    error: (first: unknown, ...rest: unknown[]) => {
      if (first === DIAGNOSTIC_FORMAT) {
        // Diagnostics of a convert() are reported from its result; others (`//@module` cells)
        // are informational and go to the cell's stderr.
        if (!state?.diagnostics?.length) process.stderr.write(format(first, ...rest) + '\n');
        return;
      }
      state?.errors.push(first);
    },
  });

  /**
   * After a cell failed at run time, its imports that did run are declared again for the next
   * cells (tslab keeps a failed cell's declarations from none of them: `import * as fs` then a
   * throw gave "Cannot find name 'fs'" in the next cell). An import ran when every name it binds
   * holds a value; type-only imports are always kept. They are executed once more on their own,
   * which only re-reads Node's module cache.
   */
  const keepImports = async (code: string): Promise<void> => {
    const locals = executor.locals as Record<string, unknown>;
    const kept = topLevelImports(code).filter(
      (d) => d.typeOnly || (d.names.length > 0 && d.names.every((n) => locals[n] !== undefined)),
    );
    if (kept.length === 0) return;
    state = { diagnostics: null, errors: [], hasValue: false, source: '' };
    try {
      await executor.execute(kept.map((d) => d.text).join('\n'));
    } catch {
      // Nothing is kept then; the cell's own error is what the user sees.
    } finally {
      state = null;
    }
  };

  return {
    async execute(code: string, n: number): Promise<CellResult> {
      number = n;
      const run: RunState = { diagnostics: null, errors: [], hasValue: false, source: code };
      state = run;
      let ok: boolean;
      try {
        ok = await executor.execute(code);
      } catch (e) {
        ok = false;
        run.errors.push(e);
      } finally {
        state = null;
      }
      if (ok) return { ok, hasValue: run.hasValue, value: run.value };
      if (run.diagnostics && run.diagnostics.length > 0) {
        return { ok, hasValue: false, error: formatCompileError(run.diagnostics, code, n) };
      }
      const err = run.errors.length > 0 ? run.errors[run.errors.length - 1] : new Error('The cell failed.');
      const error = formatRuntimeError(err, scripts);
      await keepImports(code);
      return { ok, hasValue: false, error };
    },
    interrupt: () => executor.interrupt(),
    describeError: (err) => formatRuntimeError(err, scripts),
    complete: (code, cursor) => {
      const info = executor.complete(code, cursor) as ReturnType<Executor['complete']> & {
        kinds?: Record<string, string>;
        original?: unknown;
      };
      const kinds = info.kinds ?? completionKinds(info.original);
      const items: JupyterCompletionItem[] = info.candidates.map((c, i) => {
        const item: JupyterCompletionItem = { start: info.start, end: info.end, text: c, type: jupyterCompletionType(kinds[c]) };
        if (i < COMPLETION_SIGNATURES) {
          // The type of the first items, as the checker would show it with the name completed.
          const q = executor.inspect(code.slice(0, info.start) + c + code.slice(info.end), info.start) as
            QuickInfoLike | undefined;
          const sig = q ? (q.displayParts ?? []).map((p) => p.text).join('') : '';
          if (sig) item.signature = sig;
          // A preloaded global is a const holding a function (or a class).
          if (item.type === 'instance' && /^(const|let|var) [\w$]+: \(/.test(sig)) item.type = 'function';
          if (item.type === 'instance' && /^(const|let|var) [\w$]+: typeof [\w$]+$/.test(sig)) item.type = 'class';
        }
        return item;
      });
      return { start: info.start, end: info.end, candidates: info.candidates, items };
    },
    inspect: (code, cursor) =>
      inspectAt(
        code,
        cursor,
        (src, pos) => (executor.inspect(src, pos) as QuickInfoLike | undefined) ?? null,
        (src, pos) => executor.complete(src, pos).candidates,
      ),
    isComplete: (code) => {
      const r = host.call('node', 'isComplete', [code]) as { completed: boolean; indent?: string };
      return { complete: r.completed, indent: r.indent };
    },
    warmUp: () => {
      host.post('node', 'convert', [prelude, 'tf']);
    },
    setAmbientModule: (spec: string) => {
      prelude = `import ${JSON.stringify(spec)};\n`;
    },
    close: () => executor.close(),
  };
}

/** A top-level import declaration of a cell: its text and the local names it binds. */
export interface ImportDeclarationText {
  text: string;
  names: string[];
  typeOnly: boolean;
}

/**
 * The top-level `import … from '…'` and `import x = require('…')` declarations of `code`, parsed
 * with tslab's TypeScript (loaded only when a cell has failed, the one time this is needed).
 */
export function topLevelImports(code: string): ImportDeclarationText[] {
  if (!/\bimport\b/.test(code)) return [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab's own TypeScript, which has no ESM entry
  const ts = require('@tslab/typescript-for-tslab') as typeof import('typescript');
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: ImportDeclarationText[] = [];
  for (const st of file.statements) {
    const text = code.slice(st.getStart(file), st.end);
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      if (!clause) continue; // `import 'x'`: binds nothing, its effect has happened
      const names: string[] = [];
      if (clause.name) names.push(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) if (!el.isTypeOnly) names.push(el.name.text);
      }
      const typeOnly =
        clause.isTypeOnly || (names.length === 0 && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0);
      out.push({ text, names, typeOnly });
    } else if (ts.isImportEqualsDeclaration(st)) {
      out.push({ text, names: [st.name.text], typeOnly: st.isTypeOnly });
    }
  }
  return out;
}
