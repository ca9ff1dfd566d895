/**
 * Interaction workloads (issue 4): Expected Hessians of 20 inputs × 200 draws through a softplus
 * MLP d-64-32-1, d = 30 and d = 100, full d × d matrices with all diagnostics. Target: faster than
 * the PyTorch reference (bench/reference/interaction.py, the batched double backward) on the
 * tensorflow backend, with peak RSS reported. Measured twice: the default engine (closed-form
 * Hessians for a dense stack) and the generic autodiff engine (replicated double backward, the
 * same algorithm as the reference).
 */
import { ready } from '../../explain/engine';
import { expectedHessians } from '../../explain/interaction/expectedHessians';
import { mlpPathSetup } from '../support';
import type { Workload } from '../types';

const reference = { script: 'interaction.py' };

/** Peak resident set size seen while the workload ran, sampled between passes. */
function rssTracker() {
  let peak = process.memoryUsage().rss;
  let timer: NodeJS.Timeout | null = null;
  return {
    start() {
      timer ??= setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    },
    stop() {
      peak = Math.max(peak, process.memoryUsage().rss);
      if (timer) clearInterval(timer);
      timer = null;
    },
    peakMB: () => peak / (1024 * 1024),
  };
}

function ehWorkload(d: number, engine: 'auto' | 'autodiff'): Workload {
  const rss = rssTracker();
  return {
    // No commas: the runner joins names with ',' for the reference's --only.
    name: `interaction: expected Hessians${engine === 'autodiff' ? ' (autodiff engine)' : ''} 20 inputs × 200 samples MLP ${d}-64-32-1`,
    reference,
    async setup() {
      await ready();
      const { model, x, bg, dispose } = mlpPathSetup(20, d);
      return {
        async run() {
          rss.start();
          try {
            await expectedHessians(model, x, { baseline: bg, numSamples: 200, engine });
          } finally {
            rss.stop();
          }
        },
        dispose,
      };
    },
    extra: () => ({ peakRssMB: rss.peakMB() }),
  };
}

export const workloads: Workload[] = [
  ehWorkload(30, 'auto'),
  ehWorkload(100, 'auto'),
  ehWorkload(30, 'autodiff'),
  ehWorkload(100, 'autodiff'),
];
