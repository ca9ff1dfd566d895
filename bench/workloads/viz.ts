/**
 * viz benchmarks: the summary plot of 5,000 examples × 30 features rendered to SVG and to PNG
 * (target: under 2 s each). Plots do not use tfjs, so one backend suffices; no PyTorch reference.
 */
import type { Workload } from '../types';
import { summaryPlot } from '../../viz';
import { MinStd } from '../../core';

const EXAMPLES = 5000;
const FEATURES = 30;

function data(): { x: number[][]; phi: number[][] } {
  const g = new MinStd(12345);
  const r = () => g.uniform();
  const x = Array.from({ length: EXAMPLES }, () => Array.from({ length: FEATURES }, () => r() * 4 - 2));
  const phi = x.map((row) => row.map((v, j) => v * (j + 1) * 0.03 + (r() - 0.5) * 0.1));
  return { x, phi };
}

function workload(name: string, format: 'svg' | 'png'): Workload {
  return {
    name,
    backends: ['cpu'],
    repeats: 5,
    async setup() {
      const { x, phi } = data();
      return {
        // Building the spec is part of what a notebook cell pays, so it is timed too.
        async run() {
          const chart = summaryPlot(phi, x);
          if (format === 'svg') await chart.toSVG();
          else await chart.toPNG();
        },
        dispose() {},
      };
    },
  };
}

export const workloads: Workload[] = [workload('viz.summary5000x30.svg', 'svg'), workload('viz.summary5000x30.png', 'png')];
