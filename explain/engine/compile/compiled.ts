/**
 * Compiled execution on the native (`tensorflow`) backend: a function of tensors is recorded
 * twice while it runs eagerly (its first two calls with a given input signature), and when both
 * records are the same graph, later calls with that signature run as ONE TensorFlow session call
 * instead of one eager op per kernel. A record that reads data back to JavaScript, meets an op
 * with no graph form, uploads values that change between calls or changes shape falls back to
 * eager execution for that signature, once, with one line saying why (`PATHLAB_QUIET` silences
 * it). Cached per (function, input signature). Off with `PATHLAB_COMPILE=0` or
 * {@link setCompileEnabled}; on the wasm and cpu backends it never records.
 *
 * The technique is graph capture by tracing, as TensorFlow's `tf.function` (Agrawal et al.,
 * "TensorFlow Eager: a multi-stage, Python-embedded DSL for machine learning", SysML 2019).
 */
import * as tf from '@tensorflow/tfjs';
import { isQuiet } from '../../../core';
import { GraphSession } from './graphSession';
import { toSavedModel } from './graphDef';
import { isRecording, nativeBackend, record, traceDifference, type Trace } from './recorder';

let enabledSetting: boolean | null = null;

/**
 * Turns compiled execution on or off for the whole process (null: back to the environment,
 * `PATHLAB_COMPILE=0` meaning off). Compiled and eager results agree to float32 rounding; turning
 * it off is for debugging and for measuring the eager path.
 */
export function setCompileEnabled(on: boolean | null): void {
  enabledSetting = on;
}

/** Whether compiled execution is on (it still only ever runs on the tensorflow backend). */
export function compileEnabled(): boolean {
  if (enabledSetting !== null) return enabledSetting;
  return typeof process === 'undefined' || process.env?.PATHLAB_COMPILE !== '0';
}

type Result = tf.Tensor | tf.Tensor[];

interface Entry {
  phase: 'recorded' | 'ready' | 'eager';
  trace?: Trace;
  session?: GraphSession;
  reason?: string;
}

function signatureOf(args: readonly tf.Tensor[]): string {
  return args.map((t) => `${t.dtype}[${t.shape.join(',')}]`).join(';');
}

function tapeActive(): boolean {
  return (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;
}

/** Everything a compiled function keeps: one entry per input signature. */
export class CompileCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** Named in the fallback line. */
    readonly label: string,
    /**
     * Whether tensors the function reads that are neither arguments nor variables become
     * constants of the graph (their values read at record time). Only for a cache that lives
     * while those tensors stay fixed, such as one training run. Default: false (fall back).
     */
    readonly embedConstants = false,
  ) {}

  /** Entries held (one per input signature and key seen). */
  get size(): number {
    return this.entries.size;
  }

  /** The phase of every entry, in the order they were made. */
  phases(): Array<Entry['phase']> {
    return [...this.entries.values()].map((e) => e.phase);
  }

  /** How the entry for `key` and `args` runs now: 'recorded' (once), 'ready', 'eager', or null. */
  phase(args: readonly tf.Tensor[], key = ''): Entry['phase'] | null {
    return this.entries.get(`${key}|${signatureOf(args)}`)?.phase ?? null;
  }

  /**
   * Runs `fn(...args)`: eagerly while recording (first two calls per signature), as one session
   * call once compiled, eagerly after a fallback. `key` separates calls whose JavaScript
   * constants differ (a chunk index, an option) under one cache.
   */
  run<R extends Result>(fn: (...args: tf.Tensor[]) => R, args: tf.Tensor[], key = ''): R {
    const be = nativeBackend();
    if (be === null || !compileEnabled() || isRecording() || tapeActive()) return fn(...args);
    const k = `${key}|${signatureOf(args)}`;
    const entry = this.entries.get(k);
    if (entry?.phase === 'eager') return fn(...args);
    if (entry?.phase === 'ready') {
      const out = this.replay(entry, args);
      if (out !== null) return out as R;
      return fn(...args);
    }
    const { result, trace } = record(be, fn, args, this.embedConstants);
    if (trace.reasons.length > 0) {
      this.fallBack(k, trace.reasons[0]);
      return result;
    }
    if (entry === undefined) {
      this.entries.set(k, { phase: 'recorded', trace });
      return result;
    }
    const difference = traceDifference(entry.trace!, trace);
    if (difference !== null) {
      this.fallBack(k, difference);
      return result;
    }
    const saved = toSavedModel(trace, be.binding);
    if (typeof saved === 'string') {
      this.fallBack(k, saved);
      return result;
    }
    try {
      const session = GraphSession.load(be, saved.bytes, saved.signature);
      this.entries.set(k, { phase: 'ready', trace: { ...trace, nodes: [] }, session });
    } catch (e) {
      this.fallBack(k, `TensorFlow did not load the graph: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    }
    return result;
  }

  private replay(entry: Entry, args: tf.Tensor[]): Result | null {
    const trace = entry.trace!;
    const feeds: tf.Tensor[] = [];
    for (const input of trace.inputs) {
      const t = 'arg' in input.source ? args[input.source.arg] : input.source.variable;
      if (t.isDisposed || t.shape.length !== input.shape.length || t.shape.some((d, i) => d !== input.shape[i])) {
        // A variable was replaced or reshaped since the record: record anew.
        entry.session?.dispose();
        this.entries.delete([...this.entries].find(([, e]) => e === entry)![0]);
        return null;
      }
      feeds.push(t);
    }
    const outs = entry.session!.run(feeds);
    const single = trace.single;
    const shapesOk = outs.every(
      (o, j) => o.shape.length === trace.outputShapes[j].length && o.shape.every((d, i) => d === trace.outputShapes[j][i]),
    );
    if (!shapesOk) {
      tf.dispose(outs);
      const k = [...this.entries].find(([, e]) => e === entry)![0];
      this.fallBack(k, 'a result changed shape between calls with the same input shapes');
      return null;
    }
    return single ? outs[0] : outs;
  }

  private fallBack(k: string, reason: string): void {
    this.entries.get(k)?.session?.dispose();
    this.entries.set(k, { phase: 'eager', reason });
    // One line per function and signature (the entry stays eager), unless PATHLAB_QUIET.
    if (!isQuiet()) console.warn(`pathlab: compile: ${this.label}: ${reason}; running it eagerly.`);
  }

  /** Releases every session; later calls record anew. */
  dispose(): void {
    for (const e of this.entries.values()) e.session?.dispose();
    this.entries.clear();
  }
}

/** A function compiled by {@link compiled}: call it like the original. */
export interface CompiledFunction<A extends tf.Tensor[], R extends Result> {
  (...args: A): R;
  /** Its cache (entries per input signature). */
  readonly cache: CompileCache;
}

/**
 * `fn` as a function that runs compiled on the tensorflow backend once it has been recorded
 * twice with the same input signature (see the module description). Every tensor `fn` uses must
 * be an argument or a variable (variables are read at each call); random draws and numbers
 * computed from the data belong in the arguments. Results equal eager ones to float32 rounding.
 *
 * @param label names the function in the fallback line.
 */
export function compiled<A extends tf.Tensor[], R extends Result>(
  fn: (...args: A) => R,
  label = fn.name || 'function',
): CompiledFunction<A, R> {
  const cache = new CompileCache(label);
  const f = ((...args: A) => cache.run(fn as (...a: tf.Tensor[]) => R, args)) as CompiledFunction<A, R>;
  Object.defineProperty(f, 'cache', { value: cache });
  return f;
}

const owned = new WeakMap<object, Map<string, CompileCache>>();

/**
 * The cache of `label` for `owner` (a model, say): functions that are recreated on every call (a
 * closure over the call's tensors) share one cache by owner and label, so that repeated calls
 * with the same shapes reuse the compiled graph.
 */
export function cacheFor(owner: object, label: string): CompileCache {
  let m = owned.get(owner);
  if (m === undefined) {
    m = new Map();
    owned.set(owner, m);
  }
  let c = m.get(label);
  if (c === undefined) {
    c = new CompileCache(label);
    m.set(label, c);
  }
  return c;
}
