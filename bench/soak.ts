/**
 * The soak test (opt-in, never in CI's unit tests): bounded memory over many renders and
 * explanations, and no output lost under bursts.
 *
 *   node --expose-gc dist/bench/soak.js [--renders 2000] [--eg 500] [--lines 4096] [--charts 1000] [--no-nbclient]
 *
 * 1. `--renders` PNG renders of a chart: RSS after the last one minus RSS after a warm-up must
 *    stay under 50 MB (resvg's synchronous API kept ≈ 0.5 MB per call).
 * 2. `--eg` Expected Gradients calls on a softplus MLP: RSS growth under 50 MB and
 *    tf.memory().numTensors unchanged.
 * 3. One burst cell printing `--lines` one-KB lines and displaying `--charts` charts, counted at
 *    three clients: pathlab's KernelClient (raw iopub), `pathlab run` (the executed notebook) and
 *    nbclient (Jupyter's own, through a temporary kernelspec; skipped when python3 lacks it).
 * Prints one JSON object with every number and `"ok": true|false`; exits 1 unless all pass.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../explain/engine';
import { expectedGradients } from '../explain/attribution/expectedGradients';
import { KernelClient } from '../kernel/kernelClient';
import { installKernelspec, kernelspecFor } from '../kernel/kernelspec';
import { linePlot, summaryPlot } from '../viz';
import { softplusMlp } from './support';

const CLI = path.resolve(__dirname, '..', 'kernel', 'cli.js');
const MB = 1024 * 1024;
/** Largest RSS growth allowed over a soak phase. */
const MAX_GROWTH_MB = 50;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().rss / MB;
}

async function pngSoak(renders: number): Promise<Record<string, number>> {
  let s = 3;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const phi = Array.from({ length: 300 }, () => Array.from({ length: 5 }, () => r() - 0.5));
  const x = Array.from({ length: 300 }, () => Array.from({ length: 5 }, () => r()));
  const charts = [linePlot({ a: [1, 3, 2, 4], b: [2, 1, 3, 3] }), summaryPlot(phi, x)];
  for (let i = 0; i < 50; i++) await charts[i % 2].toPNG();
  const before = settledRss();
  const started = Date.now();
  for (let i = 0; i < renders; i++) await charts[i % 2].toPNG();
  const after = settledRss();
  return {
    renders,
    rssBeforeMB: before,
    rssAfterMB: after,
    growthMB: after - before,
    msPerRender: (Date.now() - started) / renders,
  };
}

async function egSoak(calls: number): Promise<Record<string, number>> {
  await ready();
  const model = softplusMlp(30);
  const x = tf.randomNormal([16, 30], 0, 1, 'float32', 1);
  const bg = tf.randomNormal([100, 30], 0, 1, 'float32', 2);
  const one = async (seed: number) => {
    const eg = await expectedGradients(model, x, { baseline: bg, numSamples: 64, seed });
    if (eg.attributions.length === 0) throw new Error('no attributions');
  };
  for (let i = 0; i < 20; i++) await one(i);
  const tensors = tf.memory().numTensors;
  const before = settledRss();
  const started = Date.now();
  for (let i = 0; i < calls; i++) await one(i);
  const after = settledRss();
  const leaked = tf.memory().numTensors - tensors;
  tf.dispose([x, bg]);
  model.dispose();
  return {
    calls,
    rssBeforeMB: before,
    rssAfterMB: after,
    growthMB: after - before,
    tensorsLeaked: leaked,
    msPerCall: (Date.now() - started) / calls,
  };
}

/** The burst cell: numbered one-KB lines, then numbered charts. */
function burstSource(lines: number, charts: number): string {
  return [
    `for (let i = 0; i < ${lines}; i++) console.log(String(i).padStart(6, '0') + 'x'.repeat(1017));`,
    `for (let i = 0; i < ${charts}; i++) display(linePlot({ ['chart ' + i]: [1, 2, i % 5] }));`,
  ].join('\n');
}

function countNotebook(nb: {
  cells: { outputs?: { output_type: string; text?: string | string[]; data?: Record<string, unknown> }[] }[];
}) {
  let lines = 0;
  let charts = 0;
  for (const c of nb.cells)
    for (const o of c.outputs ?? []) {
      if (o.output_type === 'stream') {
        const text = Array.isArray(o.text) ? o.text.join('') : (o.text ?? '');
        lines += text.split('\n').filter((l) => /^\d{6}x{1017}$/.test(l)).length;
      }
      if (o.output_type === 'display_data' && o.data?.['application/vnd.vegalite.v5+json']) charts++;
    }
  return { lines, charts };
}

async function burstAtKernelClient(lines: number, charts: number): Promise<Record<string, number | string>> {
  const k = await KernelClient.start({
    argv: [process.execPath, CLI, 'kernel', '--connection-file', '{connection_file}'],
    startTimeout: 120,
  });
  try {
    const started = Date.now();
    const r = await k.execute(burstSource(lines, charts));
    let got = 0;
    let shown = 0;
    for (const m of r.iopub) {
      if (m.header.msg_type === 'stream')
        got += String(m.content.text)
          .split('\n')
          .filter((l) => /^\d{6}x{1017}$/.test(l)).length;
      if (m.header.msg_type === 'display_data' && (m.content.data as Record<string, unknown>)['application/vnd.vegalite.v5+json'])
        shown++;
    }
    return { status: String(r.reply.content.status), lines: got, charts: shown, seconds: (Date.now() - started) / 1000 };
  } finally {
    await k.close();
  }
}

function burstNotebook(dir: string, lines: number, charts: number): string {
  const file = path.join(dir, 'burst.ipynb');
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'pathlab', display_name: 'TypeScript (pathlab)', language: 'typescript' } },
    cells: [
      { id: 'burst', cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: burstSource(lines, charts) },
    ],
  };
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

function burstAtRun(dir: string, lines: number, charts: number): Record<string, number> {
  const file = burstNotebook(dir, lines, charts);
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'run', file, '--out', path.join(dir, 'run-out'), '--timeout', '600'], {
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  const seconds = (Date.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`pathlab run failed: ${r.stderr}`);
  const out = JSON.parse(fs.readFileSync(path.join(dir, 'run-out', 'burst.ipynb'), 'utf8'));
  return { ...countNotebook(out), seconds };
}

function burstAtNbclient(dir: string, lines: number, charts: number): Record<string, number> | { skipped: string } {
  const probe = spawnSync('python3', ['-c', 'import nbclient, nbformat'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'python3 has no nbclient' };
  const jupyter = path.join(dir, 'jupyter');
  installKernelspec(path.join(jupyter, 'kernels'), kernelspecFor(CLI));
  const file = burstNotebook(dir, lines, charts);
  const out = path.join(dir, 'nbclient-out.ipynb');
  const script = [
    'import sys, nbformat',
    'from nbclient import NotebookClient',
    'nb = nbformat.read(sys.argv[1], as_version=4)',
    "NotebookClient(nb, timeout=600, kernel_name='pathlab').execute()",
    'nbformat.write(nb, sys.argv[2])',
  ].join('\n');
  const started = Date.now();
  const r = spawnSync('python3', ['-c', script, file, out], {
    encoding: 'utf8',
    env: { ...process.env, JUPYTER_PATH: jupyter },
    maxBuffer: 64 * MB,
  });
  const seconds = (Date.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`nbclient failed: ${r.stderr.slice(-2000)}`);
  return { ...countNotebook(JSON.parse(fs.readFileSync(out, 'utf8'))), seconds };
}

async function main(): Promise<number> {
  const renders = arg('renders', 2000);
  const calls = arg('eg', 500);
  const lines = arg('lines', 4096);
  const charts = arg('charts', 1000);
  if (!(globalThis as { gc?: unknown }).gc) process.stderr.write('soak: run with node --expose-gc for settled RSS readings\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-soak-'));
  try {
    const png = await pngSoak(renders);
    const eg = await egSoak(calls);
    const kernelClient = await burstAtKernelClient(lines, charts);
    const run = burstAtRun(dir, lines, charts);
    const nbclient = process.argv.includes('--no-nbclient') ? { skipped: '--no-nbclient' } : burstAtNbclient(dir, lines, charts);
    const whole = (c: Record<string, unknown>) => 'skipped' in c || (c.lines === lines && c.charts === charts);
    const ok =
      png.growthMB < MAX_GROWTH_MB &&
      eg.growthMB < MAX_GROWTH_MB &&
      eg.tensorsLeaked === 0 &&
      kernelClient.status === 'ok' &&
      whole(kernelClient) &&
      whole(run) &&
      whole(nbclient);
    const round = (o: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 100) / 100 : v]));
    process.stdout.write(
      JSON.stringify(
        {
          backend: tf.getBackend(),
          png: round(png),
          eg: round(eg),
          burst: {
            expected: { lines, charts },
            kernelClient: round(kernelClient),
            pathlabRun: round(run),
            nbclient: round(nbclient),
          },
          ok,
        },
        null,
        1,
      ) + '\n',
    );
    return ok ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`soak: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
