/**
 * A benchmark workload. Each file in bench/workloads/ exports `workloads: Workload[]`; the runner
 * (bench/run.ts) measures each on every available backend, in a separate process per backend,
 * and runs the matching PyTorch reference (bench/reference/<reference.script>) with one thread
 * and with two.
 */
import type { BackendName } from '../explain/engine';

export interface Workload {
  /** Unique name, also the key the reference script reports under. */
  name: string;
  /** Backends to measure on. Default: tensorflow and wasm (the cpu backend is for the engine table only). */
  backends?: BackendName[];
  /** Timed repetitions after one warm-up; the median is reported. Default: 5. */
  repeats?: number;
  /** Builds the model and data; the returned `run` is one timed iteration. */
  setup(): Promise<{ run(): Promise<void>; dispose(): void }>;
  /** PyTorch reference of the same math: a script in bench/reference/ that accepts
   * `--threads N --only NAME[,NAME]` and prints one JSON line `{"workload": NAME, "ms": median}`
   * per workload. Omit when no reference makes sense (plots, kernel start). */
  reference?: { script: string };
  /** Extra numbers to report beside the time (e.g. peak RSS in MB). */
  extra?: () => Record<string, number>;
}
