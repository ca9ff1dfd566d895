/**
 * Wall time of every paper notebook in quick mode (`pathlab run notebooks/*.ipynb -p quick=true`),
 * on the backend this worker process was started for. The notebooks run in a kernel process of
 * their own, which inherits PATHLAB_BACKEND from here. Targets (issue 8): under 10 minutes on
 * tensorflow and under 30 on wasm for all seven together.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Workload } from '../types';

// dist/bench/workloads → the package root.
const ROOT = path.resolve(__dirname, '..', '..', '..');

function notebookFiles(): string[] {
  const dir = path.join(ROOT, 'notebooks');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => path.join(dir, f));
}

const perNotebookSeconds: Record<string, number> = {};

function runAll(): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-bench-notebooks-'));
  try {
    for (const nb of notebookFiles()) {
      const started = process.hrtime.bigint();
      const r = spawnSync(
        process.execPath,
        [path.join(ROOT, 'dist', 'kernel', 'cli.js'), 'run', nb, '-p', 'quick=true', '--out', out],
        {
          cwd: ROOT,
          env: process.env,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      if (r.status !== 0) {
        throw new Error(`notebook ${path.basename(nb)} failed in quick mode (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
      }
      perNotebookSeconds[path.basename(nb, '.ipynb')] = Number(process.hrtime.bigint() - started) / 1e9;
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

export const workloads: Workload[] = [
  {
    name: 'notebooks: all seven in quick mode (wall time)',
    backends: ['tensorflow', 'wasm'],
    // One run is minutes long; a median of several would cost the whole bench budget.
    repeats: 1,
    async setup() {
      let calls = 0;
      return {
        // The runner's warm-up call is skipped: each run starts fresh kernel processes, so there
        // is nothing to warm, and a second pass would double a many-minute measurement.
        run: async () => {
          if (calls++ > 0) runAll();
        },
        dispose: () => {},
      };
    },
    extra: () => ({
      ...Object.fromEntries(Object.entries(perNotebookSeconds).map(([k, v]) => [`${k} s`, Math.round(v * 10) / 10])),
    }),
  },
];
