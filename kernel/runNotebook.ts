/**
 * `pathlab run`'s engine: executes a notebook on a fresh pathlab kernel and writes the executed
 * notebook (nbformat 4.5) with outputs, per-cell timing and status, and on failure a marker
 * cell at the top linking the failing cell.
 */
import * as path from 'node:path';
import { escapeHtml } from '../core';
import { DeadKernelError, KernelClient, KernelTimeoutError, type KernelStartOptions } from './kernelClient';
import {
  cellTags,
  newCellId,
  readNotebook,
  sourceText,
  toLines,
  writeNotebook,
  type Notebook,
  type NotebookCell,
  type NotebookOutput,
} from './notebook';
import { checkOptionKeys } from './optionKeys';
import { INJECTED_TAG, PARAMETERS_TAG, injectedParametersSource, parseParameterDecls } from './parameters';
import { PROGRESS_METADATA_KEY } from './progressDisplay';
import type { JupyterMessage } from './wire';

/** A cell's outcome, stored in `metadata.pathlab.status`. */
export const CELL_STATUS = {
  ok: 'ran without error',
  error: 'raised an error',
  timeout: 'exceeded the timeout and was interrupted',
  'kernel-died': 'the kernel died while it ran',
  skipped: 'not run because an earlier cell failed',
} as const;

/** A value of {@link CELL_STATUS}'s keys. */
export type CellStatus = keyof typeof CELL_STATUS;

/** Whether `s` is a cell status. */
export function isCellStatus(s: string): s is CellStatus {
  return Object.prototype.hasOwnProperty.call(CELL_STATUS, s);
}

/** The tag of the marker cell put at the top of a failed notebook. */
export const ERROR_MARKER_TAG = 'pathlab-error-marker';
/** The HTML id of the anchor placed just before the failing cell. */
export const ERROR_ANCHOR_ID = 'pathlab-error-cell';

/**
 * How long `pathlab run` waits after the last cell before asking the kernel for errors raised
 * since (a promise rejected in a timer, an exception in a callback), so they are not lost when
 * the kernel is closed: they become an error output of the last cell, which then counts as failed.
 */
export const LATE_ERROR_SETTLE_MS = 250;

/** Options of {@link runNotebook}. */
export interface RunNotebookOptions {
  /** Parameter values as given on the command line (`name` → raw text). Default: none. */
  parameters?: Record<string, string>;
  /** Where to write the executed notebook. Default: `<name>.out.ipynb` beside the input. */
  output?: string;
  /** Seconds a cell may run before it is interrupted; 0 for no limit. Default: 0. */
  timeout?: number;
  /** Go on after a failing cell (and exit 0). Default: false. */
  allowErrors?: boolean;
  /** Kernel process options (environment, command). Default: this package's kernel. */
  kernel?: KernelStartOptions;
  /** Called with one line per finished cell and for progress bars. Default: none. */
  log?: (line: string) => void;
  /**
   * `'pathlab'` runs the notebook on pathlab whatever kernel its kernelspec names. Default: none
   * (a notebook whose kernelspec names another kernel is an error; one without a kernelspec runs).
   */
  kernelName?: 'pathlab' | string;
}

/** Messages of notebooks `pathlab run` refuses, so that tests can match them exactly. */
export const runErrors = {
  otherKernel: (name: string, kernel: string, language: string | undefined) =>
    `${name} is a notebook for the kernel '${kernel}'${language ? ` (${language})` : ''}, not pathlab; pathlab run executes TypeScript on the pathlab kernel only. Give --kernel pathlab to run it on pathlab anyway.`,
  overwritesInput: (file: string) => `the executed notebook of ${file} would overwrite it; give another output path.`,
};

/** The kernel a notebook's kernelspec names, when it is not pathlab's; null when it is pathlab or absent. */
export function foreignKernel(nb: Notebook): { name: string; language?: string } | null {
  const spec = nb.metadata.kernelspec;
  if (typeof spec !== 'object' || spec === null) return null;
  const { name, language } = spec as { name?: unknown; language?: unknown };
  if (typeof name !== 'string' || name === 'pathlab') return null;
  return { name, language: typeof language === 'string' ? language : undefined };
}

/** The result of {@link runNotebook}. */
export interface RunNotebookResult {
  notebook: string;
  output: string;
  ok: boolean;
  /** The failing cell: its 1-based index among the cells of the notebook as run (input plus any injected-parameters cell), and its id. */
  failed?: { index: number; id: string; executionCount: number | null; ename: string; evalue: string; status: CellStatus };
  durationMs: number;
}

interface DisplayRef {
  output: NotebookOutput;
}

function errorOutput(ename: string, evalue: string, traceback: string[]): NotebookOutput {
  return { output_type: 'error', ename, evalue, traceback };
}

/**
 * Turns a cell's iopub messages into nbformat outputs (streams merged, displays updatable).
 * Consecutive stream messages are merged in linear time: their texts are kept as parts and
 * split into lines once, when `outputs` is read (re-splitting the merged text on every message
 * made 4,096 one-KB prints take a minute).
 */
export class OutputCollector {
  private readonly list: NotebookOutput[] = [];
  private open: { output: NotebookOutput; parts: string[] } | null = null;
  constructor(private readonly displays: Map<string, DisplayRef[]>) {}

  /** The outputs so far, in nbformat form; the array may be appended to. */
  get outputs(): NotebookOutput[] {
    this.close();
    return this.list;
  }

  private close(): void {
    if (!this.open) return;
    this.open.output.text = toLines(this.open.parts.join(''));
    this.open = null;
  }

  add(msg: JupyterMessage): void {
    const c = msg.content;
    if (msg.header.msg_type !== 'stream') this.close();
    switch (msg.header.msg_type) {
      case 'stream': {
        const text = String(c.text);
        if (this.open && this.open.output.name === c.name) {
          this.open.parts.push(text);
          break;
        }
        const last = this.list[this.list.length - 1];
        if (!this.open && last && last.output_type === 'stream' && last.name === c.name) {
          this.open = { output: last, parts: [sourceText(last.text as string[]), text] };
          break;
        }
        this.close();
        const output: NotebookOutput = { output_type: 'stream', name: c.name, text: [] };
        this.list.push(output);
        this.open = { output, parts: [text] };
        break;
      }
      case 'display_data':
      case 'execute_result': {
        const out: NotebookOutput =
          msg.header.msg_type === 'execute_result'
            ? {
                output_type: 'execute_result',
                execution_count: c.execution_count ?? null,
                data: c.data ?? {},
                metadata: c.metadata ?? {},
              }
            : { output_type: 'display_data', data: c.data ?? {}, metadata: c.metadata ?? {} };
        this.list.push(out);
        const id = (c.transient as { display_id?: string } | undefined)?.display_id;
        if (id) this.displays.set(id, [...(this.displays.get(id) ?? []), { output: out }]);
        break;
      }
      case 'update_display_data': {
        const id = (c.transient as { display_id?: string } | undefined)?.display_id;
        for (const ref of (id && this.displays.get(id)) || []) {
          ref.output.data = c.data ?? {};
          ref.output.metadata = c.metadata ?? {};
        }
        break;
      }
      case 'error':
        this.list.push(errorOutput(String(c.ename), String(c.evalue), (c.traceback as string[]) ?? []));
        break;
      case 'clear_output':
        this.list.length = 0;
        break;
      default:
        break;
    }
  }
}

function progressLine(msg: JupyterMessage): string | null {
  const t = msg.header.msg_type;
  if (t !== 'display_data' && t !== 'update_display_data') return null;
  const meta = (msg.content.metadata ?? {}) as Record<string, unknown>;
  const p = meta[PROGRESS_METADATA_KEY] as { finished?: boolean } | undefined;
  if (!p) return null;
  const text = (msg.content.data as Record<string, unknown> | undefined)?.['text/plain'];
  return typeof text === 'string' ? text : null;
}

function markerCell(cellIndex: number, executionCount: number | null, ename: string, evalue: string): NotebookCell {
  const label = executionCount !== null ? `cell ${cellIndex} (In [${executionCount}])` : `cell ${cellIndex}`;
  return {
    id: newCellId(),
    cell_type: 'markdown',
    metadata: { tags: [ERROR_MARKER_TAG] },
    source: toLines(
      `<span style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;">` +
        `An exception was raised in <a href="#${ERROR_ANCHOR_ID}">${escapeHtml(label)}</a>: ` +
        `<code>${escapeHtml(ename)}: ${escapeHtml(evalue.split('\n')[0])}</code></span>`,
    ),
  };
}

function anchorCell(): NotebookCell {
  return {
    id: newCellId(),
    cell_type: 'markdown',
    metadata: { tags: [`${ERROR_MARKER_TAG}-anchor`] },
    source: toLines(`<span id="${ERROR_ANCHOR_ID}" style="color:red;">pathlab run stopped at the cell below:</span>`),
  };
}

function setStatus(cell: NotebookCell, status: CellStatus, extra: Record<string, unknown> = {}): void {
  cell.metadata.pathlab = { ...((cell.metadata.pathlab as Record<string, unknown>) ?? {}), status, ...extra };
}

/** Prepares the notebook: clears outputs and inserts the injected-parameters cell. */
export function prepareNotebook(nb: Notebook, parameters: Record<string, string>, name: string): void {
  nb.cells = nb.cells.filter(
    (c) => !cellTags(c).includes(INJECTED_TAG) && !cellTags(c).some((t) => t.startsWith(ERROR_MARKER_TAG)),
  );
  for (const c of nb.cells) {
    if (c.cell_type === 'code') {
      c.outputs = [];
      c.execution_count = null;
      delete c.metadata.execution;
      delete c.metadata.pathlab;
    }
  }
  const given = Object.keys(parameters);
  const at = nb.cells.findIndex((c) => c.cell_type === 'code' && cellTags(c).includes(PARAMETERS_TAG));
  if (at < 0) {
    if (given.length > 0)
      throw new Error(
        `${name} has no cell tagged '${PARAMETERS_TAG}', so it takes no parameters (got ${given.map((g) => `'${g}'`).join(', ')}).`,
      );
    return;
  }
  const decls = parseParameterDecls(sourceText(nb.cells[at].source));
  const source = injectedParametersSource(decls, parameters, name);
  if (given.length === 0) return;
  nb.cells.splice(at + 1, 0, {
    id: newCellId(),
    cell_type: 'code',
    metadata: { tags: [INJECTED_TAG] },
    source: toLines(source),
    outputs: [],
    execution_count: null,
  });
}

/** Executes `file`. Throws only for problems before any cell runs (bad parameters, no kernel). */
export async function runNotebook(file: string, options: RunNotebookOptions = {}): Promise<RunNotebookResult> {
  checkOptionKeys('runNotebook', options);
  checkOptionKeys('runNotebook kernel', options.kernel, 'options.kernel', 'runNotebook');
  const started = Date.now();
  const name = path.basename(file);
  const log = options.log ?? (() => undefined);
  // Outputs are cleared before the run, and metadata that is not an object is replaced (with a
  // warning, kept in the executed notebook), so neither stops it.
  const warnings: string[] = [];
  const nb = readNotebook(file, {
    ignoreOutputs: true,
    onReplacedMetadata: (w) => {
      warnings.push(w);
      log(`[${name}] warning: ${w}`);
    },
  });
  const foreign = foreignKernel(nb);
  if (foreign && options.kernelName !== 'pathlab') throw new Error(runErrors.otherKernel(name, foreign.name, foreign.language));
  prepareNotebook(nb, options.parameters ?? {}, name);
  const output = options.output ?? path.join(path.dirname(file), `${path.basename(file, '.ipynb')}.out.ipynb`);
  if (path.resolve(output) === path.resolve(file)) throw new Error(runErrors.overwritesInput(file));
  const kernel = await KernelClient.start({ cwd: path.dirname(path.resolve(file)), ...options.kernel });
  // The backend, for the report's header; kernel_info answers once the kernel has loaded tfjs.
  const backend = kernel.kernelInfo().then(
    (c) => (c.pathlab as { backend?: Record<string, unknown> } | undefined)?.backend,
    () => undefined,
  );
  const displays = new Map<string, DisplayRef[]>();
  const codeCells = nb.cells.filter((c) => c.cell_type === 'code');
  let failed: RunNotebookResult['failed'];
  let failedCell: NotebookCell | null = null;
  let kernelDead = false;
  let backendInfo: Record<string, unknown> | undefined;
  let lastRan: { cell: NotebookCell; index: number } | null = null;
  try {
    let n = 0;
    for (const cell of codeCells) {
      n++;
      const index = nb.cells.indexOf(cell) + 1;
      if ((failed && !options.allowErrors) || kernelDead) {
        setStatus(cell, 'skipped');
        continue;
      }
      const source = sourceText(cell.source);
      const collector = new OutputCollector(displays);
      const busy = new Date();
      let status: CellStatus = 'ok';
      let lastProgress = 0;
      let err: { ename: string; evalue: string } | null = null;
      try {
        const r = await kernel.execute(source, {
          timeout: options.timeout ?? 0,
          onIopub: (m) => {
            collector.add(m);
            const line = progressLine(m);
            // Headless logs get the bar as a plain line, at most every few seconds.
            if (line && (Date.now() - lastProgress > 3000 || / (done|stopped)$/.test(line))) {
              lastProgress = Date.now();
              log(`  ${name} cell ${index}: ${line}`);
            }
          },
        });
        const c = r.reply.content;
        cell.execution_count = typeof c.execution_count === 'number' ? c.execution_count : null;
        for (const o of collector.outputs) if (o.output_type === 'execute_result') o.execution_count = cell.execution_count;
        if (c.status !== 'ok') {
          status = r.timedOut ? 'timeout' : 'error';
          err = { ename: String(c.ename ?? 'Error'), evalue: String(c.evalue ?? '') };
          if (r.timedOut) {
            err = {
              ename: 'TimeoutError',
              evalue: `Cell ${index} exceeded the ${options.timeout} s timeout and was interrupted (${err.ename}: ${err.evalue}).`,
            };
            collector.outputs.push(errorOutput(err.ename, err.evalue, [`${err.ename}: ${err.evalue}`]));
          }
        }
      } catch (e) {
        kernelDead = kernel.isDead;
        if (e instanceof KernelTimeoutError) {
          status = 'timeout';
          err = { ename: 'TimeoutError', evalue: e.message };
        } else if (e instanceof DeadKernelError) {
          status = 'kernel-died';
          err = {
            ename: 'DeadKernelError',
            evalue:
              `${e.message} It was running cell ${index}.` +
              (e.stderrLines.length ? ` Its last stderr lines:\n${e.stderrLines.map((l) => `  ${l}`).join('\n')}` : ''),
          };
        } else {
          // Anything else is still this cell's failure: the notebook is written either way.
          const er = e instanceof Error ? e : new Error(String(e));
          status = 'error';
          err = { ename: er.name, evalue: `pathlab run could not run cell ${index}: ${er.message}` };
        }
        collector.outputs.push(errorOutput(err.ename, err.evalue, [`${err.ename}: ${err.evalue}`]));
      }
      const end = new Date();
      lastRan = { cell, index };
      cell.outputs = collector.outputs;
      cell.metadata.execution = { 'iopub.status.busy': busy.toISOString(), 'shell.execute_reply': end.toISOString() };
      setStatus(cell, status, { duration_ms: end.getTime() - busy.getTime() });
      log(
        `[${name}] cell ${index} (${n}/${codeCells.length}) ${status} ${((end.getTime() - busy.getTime()) / 1000).toFixed(2)} s${err ? `: ${err.ename}: ${err.evalue.split('\n')[0]}` : ''}`,
      );
      if (err && !failed) {
        failed = {
          index,
          id: cell.id as string,
          executionCount: cell.execution_count ?? null,
          ename: err.ename,
          evalue: err.evalue,
          status,
        };
        failedCell = cell;
      }
    }
    // Errors raised after the last cell had finished are held by the kernel until its next
    // request: one empty request, after a short settle, collects them before it is closed.
    if (lastRan && !kernelDead && !(failed && !options.allowErrors)) {
      const { cell, index } = lastRan;
      await new Promise((resolve) => setTimeout(resolve, LATE_ERROR_SETTLE_MS));
      const collector = new OutputCollector(displays);
      let err: { ename: string; evalue: string } | null = null;
      try {
        const r = await kernel.execute('', { timeout: 10, onIopub: (m) => collector.add(m) });
        const c = r.reply.content;
        if (c.status !== 'ok') err = { ename: String(c.ename ?? 'Error'), evalue: String(c.evalue ?? '') };
      } catch (e) {
        kernelDead = kernel.isDead;
        const er = e instanceof Error ? e : new Error(String(e));
        err = { ename: er.name, evalue: `after cell ${index} had finished: ${er.message}` };
        collector.outputs.push(errorOutput(err.ename, err.evalue, [`${err.ename}: ${err.evalue}`]));
      }
      const late = collector.outputs.filter((o) => o.output_type !== 'execute_result');
      cell.outputs = [...(cell.outputs ?? []), ...late];
      if (err) {
        setStatus(cell, 'error');
        log(`[${name}] cell ${index} raised an error after it had finished: ${err.ename}: ${err.evalue.split('\n')[0]}`);
        if (!failed) {
          failed = { index, id: cell.id as string, executionCount: cell.execution_count ?? null, ...err, status: 'error' };
          failedCell = cell;
        }
      }
    }
  } finally {
    backendInfo = kernelDead
      ? undefined
      : await Promise.race([backend, new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000).unref())]);
    await kernel.close();
  }
  if (failed && failedCell && !options.allowErrors) {
    const at = nb.cells.indexOf(failedCell);
    nb.cells.splice(at, 0, anchorCell());
    nb.cells.unshift(markerCell(at + 1, failed.executionCount, failed.ename, failed.evalue));
  }
  const previous = nb.metadata.pathlab;
  nb.metadata.pathlab = {
    ...(typeof previous === 'object' && previous !== null && !Array.isArray(previous) ? previous : {}),
    run: {
      started: new Date(started).toISOString(),
      duration_ms: Date.now() - started,
      status: failed ? 'failed' : 'ok',
      parameters: options.parameters ?? {},
      ...(foreign ? { kernel: 'pathlab', kernelspec_was: foreign.name } : {}),
      ...(backendInfo ? { backend: backendInfo } : {}),
      ...(warnings.length ? { warnings } : {}),
    },
  };
  writeNotebook(output, nb);
  return { notebook: file, output, ok: !failed || options.allowErrors === true, failed, durationMs: Date.now() - started };
}
