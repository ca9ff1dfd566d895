/**
 * Kernel benchmarks: kernel process start to the first cell's result (target < 3 s), and the
 * overhead of `pathlab run` on an empty notebook (start, run nothing, write, shut down).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KernelClient } from '../../kernel/kernelClient';
import type { Workload } from '../types';

const CLI = path.resolve(__dirname, '..', '..', 'kernel', 'cli.js');

export const workloads: Workload[] = [
  {
    name: 'kernel start to first cell result (tf cell)',
    repeats: 5,
    async setup() {
      return {
        async run() {
          const k = await KernelClient.start({
            argv: [process.execPath, CLI, 'kernel', '--connection-file', '{connection_file}'],
          });
          try {
            const r = await k.execute('tf.scalar(1).add(1).dataSync()[0]');
            if (r.reply.content.status !== 'ok') throw new Error('first cell failed');
          } finally {
            await k.close();
          }
        },
        dispose() {},
      };
    },
  },
  {
    name: 'pathlab run empty notebook',
    repeats: 5,
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-bench-'));
      const nb = path.join(dir, 'empty.ipynb');
      fs.writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
      return {
        async run() {
          const r = spawnSync(process.execPath, [CLI, 'run', nb], { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(r.stderr);
        },
        dispose() {
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
