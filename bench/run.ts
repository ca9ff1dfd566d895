/**
 * `npm run bench`: measures every workload of bench/workloads/ on every backend that loads, beside
 * its PyTorch reference (one thread and two), writes bench/results.json and prints a table.
 *
 * Each backend runs in a child process of its own because tfjs picks one backend per process and
 * because timings of different backends must not share a warmed-up heap. Options:
 *   --only NAME[,NAME]        workloads whose name contains one of these
 *   --backends B[,B]          default: tensorflow,wasm,cpu (those that load)
 *   --no-reference            skip PyTorch
 *   --out FILE                default: bench/results.json
 *   --markdown                measure nothing: print the results file as a markdown table (for the README)
 *   --compare                 measure nothing: print the compiled / eager / wasm / PyTorch table of the
 *                             results file (issue 17; also printed after every run for its rows)
 *
 * Compiled and eager rows of one workload are paired by name: `X` and `X [eager]` (X runs compiled,
 * as pathlab does by default on the tensorflow backend), or `X` and `X [compiled]` (X is the eager
 * baseline, as in the engine rows).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Workload } from './types';

/** One row of bench/results.json. */
export interface BenchRow {
  workload: string;
  backend: string;
  /** Median of the timed repetitions, ms. */
  pathlabMs: number;
  /** PyTorch reference with one thread, ms (null when the workload has none). */
  referenceMs: number | null;
  /** pathlabMs / referenceMs (one thread). */
  ratio: number | null;
  /** PyTorch reference with two threads, ms. */
  referenceMs2Threads: number | null;
  /** pathlabMs / referenceMs2Threads. */
  ratio2Threads: number | null;
  /** Further numbers a workload reports (e.g. peak RSS in MB). */
  extra?: Record<string, number>;
}

const ALL_BACKENDS = ['tensorflow', 'wasm', 'cpu'];
const DEFAULT_BACKENDS: string[] = ['tensorflow', 'wasm'];
const benchDir = __dirname; // dist/bench
const sourceBenchDir = path.resolve(benchDir, '..', '..', 'bench');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function parseArgs(argv: string[]): {
  only: string[];
  backends: string[];
  reference: boolean;
  out: string;
  worker: string | null;
  markdown: boolean;
  compare: boolean;
} {
  const opts = {
    only: [] as string[],
    backends: ALL_BACKENDS,
    reference: true,
    out: path.join(sourceBenchDir, 'results.json'),
    worker: null as string | null,
    markdown: false,
    compare: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench: option '${a}' needs a value`);
      return v;
    };
    if (a === '--only') opts.only = value().split(',');
    else if (a === '--backends') opts.backends = value().split(',');
    else if (a === '--no-reference') opts.reference = false;
    else if (a === '--out') opts.out = path.resolve(value());
    else if (a === '--worker') opts.worker = value();
    else if (a === '--markdown') opts.markdown = true;
    else if (a === '--compare') opts.compare = true;
    else
      throw new Error(`bench: unknown option '${a}' (options: --only, --backends, --no-reference, --out, --markdown, --compare)`);
  }
  return opts;
}

function loadWorkloads(only: string[]): { file: string; workload: Workload }[] {
  const dir = path.join(benchDir, 'workloads');
  const found: { file: string; workload: Workload }[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- workload files found at run time
    const mod = require(path.join(dir, file)) as { workloads?: Workload[] };
    for (const workload of mod.workloads ?? []) {
      if (only.length === 0 || only.some((o) => workload.name.includes(o))) found.push({ file, workload });
    }
  }
  return found;
}

/** Child process: measure every selected workload on the backend PATHLAB_BACKEND names. */
async function worker(only: string[]): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the backend variable is set
  const { ready } = require('../explain/engine') as typeof import('../explain/engine');
  const info = await ready();
  for (const { workload } of loadWorkloads(only)) {
    if (!(workload.backends ?? DEFAULT_BACKENDS).includes(info.backend)) continue;
    const { run, dispose } = await workload.setup();
    try {
      await run(); // warm-up: kernel compilation, weight upload, allocator growth
      const times: number[] = [];
      for (let i = 0; i < (workload.repeats ?? 5); i++) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
      }
      const row = { workload: workload.name, backend: info.backend, pathlabMs: median(times), extra: workload.extra?.() };
      process.stdout.write(`BENCH ${JSON.stringify(row)}\n`);
    } finally {
      dispose();
    }
  }
}

function runReference(script: string, names: string[], threads: number): Map<string, number> {
  const file = path.join(sourceBenchDir, 'reference', script);
  const r = spawnSync('python3', [file, '--threads', String(threads), '--only', names.join(',')], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
    maxBuffer: 16 * 1024 * 1024,
  });
  const out = new Map<string, number>();
  if (r.status !== 0) {
    process.stderr.write(
      `bench: reference ${script} (${threads} thread(s)) failed: ${(r.stderr || '').trim().split('\n').pop()}\n`,
    );
    return out;
  }
  for (const line of r.stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    const { workload, ms } = JSON.parse(line) as { workload: string; ms: number };
    out.set(workload, ms);
  }
  return out;
}

function fmt(x: number | null, digits = 1): string {
  return x === null ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(digits);
}

/** The terminal table of a bench run. */
export function formatTable(rows: BenchRow[]): string {
  const header = ['workload', 'backend', 'pathlab ms', 'torch 1t ms', 'ratio', 'torch 2t ms', 'ratio 2t', 'extra'];
  const body = rows.map((r) => [
    r.workload,
    r.backend,
    fmt(r.pathlabMs),
    fmt(r.referenceMs),
    fmt(r.ratio, 2),
    fmt(r.referenceMs2Threads),
    fmt(r.ratio2Threads, 2),
    r.extra
      ? Object.entries(r.extra)
          .map(([k, v]) => `${k}=${fmt(v)}`)
          .join(' ')
      : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 || i === 7 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n') + '\n';
}

/** The results as a markdown table, one row per workload with a column pair per backend. */
export function formatMarkdown(rows: BenchRow[]): string {
  const backends = ALL_BACKENDS.filter((b) => rows.some((r) => r.backend === b));
  const workloads = [...new Set(rows.map((r) => r.workload))];
  const header = ['workload', 'PyTorch 1 thread', ...backends.flatMap((b) => [`${b} ms`, `${b} ratio`])];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const w of workloads) {
    const of = (b: string) => rows.find((r) => r.workload === w && r.backend === b);
    const ref = rows.find((r) => r.workload === w && r.referenceMs !== null)?.referenceMs ?? null;
    const cells = backends.flatMap((b) => {
      const r = of(b);
      return r ? [fmt(r.pathlabMs), fmt(r.ratio, 2)] : ['', ''];
    });
    lines.push(`| ${[w, fmt(ref), ...cells].join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

const EAGER = ' [eager]';
const COMPILED = ' [compiled]';

/** One row of the comparison table: a workload's compiled, eager and wasm times beside PyTorch's. */
export interface ComparisonRow {
  workload: string;
  compiledMs: number | null;
  eagerMs: number | null;
  wasmMs: number | null;
  torch1Ms: number | null;
  torch2Ms: number | null;
}

/**
 * Pairs the compiled and eager rows of each workload (see the module comment); workloads with no
 * such pair are left out, except a `raw compiled` row (compiled only).
 */
export function comparisonRows(rows: BenchRow[]): ComparisonRow[] {
  const find = (w: string, b: string) => rows.find((r) => r.workload === w && r.backend === b) ?? null;
  const bases = [...new Set(rows.map((r) => r.workload.replace(EAGER, '').replace(COMPILED, '')))];
  const out: ComparisonRow[] = [];
  for (const w of bases) {
    let compiled: BenchRow | null = null;
    let eager: BenchRow | null = null;
    if (rows.some((r) => r.workload === w + COMPILED)) {
      compiled = find(w + COMPILED, 'tensorflow');
      eager = find(w, 'tensorflow');
    } else if (rows.some((r) => r.workload === w + EAGER) || w.includes('raw compiled')) {
      compiled = find(w, 'tensorflow');
      eager = find(w + EAGER, 'tensorflow');
    } else continue;
    const ref = rows.find((r) => r.workload === w && r.referenceMs !== null) ?? null;
    out.push({
      workload: w,
      compiledMs: compiled?.pathlabMs ?? null,
      eagerMs: eager?.pathlabMs ?? null,
      wasmMs: find(w, 'wasm')?.pathlabMs ?? null,
      torch1Ms: ref?.referenceMs ?? null,
      torch2Ms: ref?.referenceMs2Threads ?? null,
    });
  }
  return out;
}

/** The comparison table (markdown): ms per backend and the compiled time's ratio to PyTorch. */
export function formatComparison(rows: BenchRow[]): string {
  const header = [
    'workload',
    'tensorflow compiled ms',
    'tensorflow eager ms',
    'wasm ms',
    'PyTorch 1 thread ms',
    'PyTorch 2 threads ms',
    'compiled / PyTorch 1t',
    'compiled / PyTorch 2t',
  ];
  const ratio = (a: number | null, b: number | null) => (a !== null && b ? fmt(a / b, 2) : '—');
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of comparisonRows(rows)) {
    lines.push(
      `| ${[
        r.workload,
        fmt(r.compiledMs),
        fmt(r.eagerMs),
        fmt(r.wasmMs),
        fmt(r.torch1Ms),
        fmt(r.torch2Ms),
        ratio(r.compiledMs, r.torch1Ms),
        ratio(r.compiledMs, r.torch2Ms),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.markdown) {
    process.stdout.write(formatMarkdown(JSON.parse(fs.readFileSync(opts.out, 'utf8')) as BenchRow[]));
    return;
  }
  if (opts.compare) {
    process.stdout.write(formatComparison(JSON.parse(fs.readFileSync(opts.out, 'utf8')) as BenchRow[]));
    return;
  }
  if (opts.worker) {
    await worker(opts.only);
    return;
  }
  const selected = loadWorkloads(opts.only);
  const measured: Omit<BenchRow, 'referenceMs' | 'ratio' | 'referenceMs2Threads' | 'ratio2Threads'>[] = [];
  for (const backend of opts.backends) {
    process.stderr.write(`bench: ${backend} ...\n`);
    const r = spawnSync(
      process.execPath,
      [__filename, '--worker', backend, ...(opts.only.length ? ['--only', opts.only.join(',')] : [])],
      {
        encoding: 'utf8',
        env: { ...process.env, PATHLAB_BACKEND: backend, PATHLAB_QUIET: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const rows = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('BENCH '))
      .map((l) => JSON.parse(l.slice(6)));
    if (r.status !== 0) {
      const why = r.stderr
        .split('\n')
        .filter((l) => /Error|error/.test(l))
        .slice(0, 2)
        .join(' ');
      process.stderr.write(
        `bench: ${backend} ${rows.length ? 'stopped early' : 'not available'}: ${why || `exit ${r.status}`}\n`,
      );
    }
    measured.push(...rows);
  }
  const refs1 = new Map<string, number>();
  const refs2 = new Map<string, number>();
  if (opts.reference) {
    const byScript = new Map<string, string[]>();
    for (const { workload } of selected) {
      if (!workload.reference) continue;
      byScript.set(workload.reference.script, [...(byScript.get(workload.reference.script) ?? []), workload.name]);
    }
    for (const [script, names] of byScript) {
      process.stderr.write(`bench: PyTorch reference ${script} ...\n`);
      for (const [k, v] of runReference(script, names, 1)) refs1.set(k, v);
      for (const [k, v] of runReference(script, names, 2)) refs2.set(k, v);
    }
  }
  const rows: BenchRow[] = measured.map((m) => {
    const r1 = refs1.get(m.workload) ?? null;
    const r2 = refs2.get(m.workload) ?? null;
    return {
      ...m,
      referenceMs: r1,
      ratio: r1 ? m.pathlabMs / r1 : null,
      referenceMs2Threads: r2,
      ratio2Threads: r2 ? m.pathlabMs / r2 : null,
    };
  });
  // A partial run (--only, --backends) updates its rows and keeps the others.
  let previous: BenchRow[] = [];
  if (fs.existsSync(opts.out)) {
    try {
      previous = JSON.parse(fs.readFileSync(opts.out, 'utf8')) as BenchRow[];
    } catch {
      previous = [];
    }
  }
  const key = (r: BenchRow) => `${r.workload}\u0000${r.backend}`;
  const merged = new Map(previous.map((r) => [key(r), r]));
  for (const r of rows) merged.set(key(r), r);
  const all = [...merged.values()];
  fs.writeFileSync(opts.out, JSON.stringify(all, null, 2) + '\n');
  process.stdout.write(formatTable(rows));
  const touched = new Set(rows.map((r) => r.workload.replace(EAGER, '').replace(COMPILED, '')));
  const compare = formatComparison(all.filter((r) => touched.has(r.workload.replace(EAGER, '').replace(COMPILED, ''))));
  if (compare.split('\n').length > 3) process.stdout.write(`\n${compare}`);
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), opts.out)} (${all.length} rows)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
