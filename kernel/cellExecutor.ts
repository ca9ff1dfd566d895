/**
 * Runs cells with tslab's executor and TypeScript converter, and adds what tslab lacks: the
 * cell's last value handed back (not printed), errors as structured Jupyter errors with the
 * cell's line numbers, ambient declarations of the preloaded globals, and a cooperative
 * interrupt for asynchronous code.
 */
import { format } from 'node:util';
import { createExecutor, type ConverterSet, type Executor } from 'tslab/dist/executor';
import { createConverter, isCompleteCode, type Converter, type Diagnostic } from 'tslab/dist/converter';
import { alignLines } from './lineMap';
import { expandShorthand } from './expandShorthand';
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
  complete(code: string, cursor: number): { start: number; end: number; candidates: string[] };
  inspect(code: string, cursor: number): string | null;
  isComplete(code: string): { complete: boolean; indent?: string };
  /** Compiles a cell that uses the globals, so the first real cell does not pay for loading their types. */
  warmUp(): void;
  /** Makes cells see the globals declared in `moduleSpecifier` (a .d.ts path without extension). */
  setAmbientModule(moduleSpecifier: string): void;
  close(): void;
}

const DIAGNOSTIC_FORMAT = '%s%d:%d - %s';

interface RunState {
  diagnostics: Diagnostic[] | null;
  errors: unknown[];
  hasValue: boolean;
  value?: unknown;
  source: string;
}

/** Creates the executor; `rootDir` is where cells' relative imports and requires resolve from. */
export function createCellExecutor(rootDir: string): CellExecutor {
  let prelude = '';
  let scriptCounter = 0;
  let number = 0;
  let state: RunState | null = null;
  const scripts = new Map<number, CellRecord>();

  const node = createConverter({ isJS: false, isBrowser: false });
  let browser: Converter | null = null;
  const wrapped: Converter = {
    close: () => node.close(),
    addModule: (...args) => node.addModule(...args),
    inspect: (prevDecl, src, pos) => node.inspect(prelude + prevDecl, src, pos),
    complete: (prevDecl, src, pos) => node.complete(prelude + prevDecl, src, pos),
    convert: (prevDecl, src) => {
      const result = node.convert(prelude + prevDecl, expandShorthand(src));
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
      browser ??= createConverter({ isJS: false, isBrowser: true });
      return browser;
    },
    close: () => {
      node.close();
      browser?.close();
    },
  };
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
        return { ok, hasValue: false, error: formatCompileError(run.diagnostics, code) };
      }
      const err = run.errors.length > 0 ? run.errors[run.errors.length - 1] : new Error('The cell failed.');
      return { ok, hasValue: false, error: formatRuntimeError(err, scripts) };
    },
    interrupt: () => executor.interrupt(),
    complete: (code, cursor) => {
      const info = executor.complete(code, cursor);
      return { start: info.start, end: info.end, candidates: info.candidates };
    },
    inspect: (code, cursor) => {
      const info = executor.inspect(code, cursor);
      if (!info) return null;
      const text = (info.displayParts ?? []).map((p) => p.text).join('');
      const doc = (info.documentation ?? []).map((p) => p.text).join('');
      return doc ? `${text}\n\n${doc}` : text;
    },
    isComplete: (code) => {
      const r = isCompleteCode(code);
      return { complete: r.completed, indent: r.indent };
    },
    warmUp: () => {
      node.convert(prelude, 'tf');
    },
    setAmbientModule: (spec: string) => {
      prelude = `import ${JSON.stringify(spec)};\n`;
    },
    close: () => executor.close(),
  };
}
