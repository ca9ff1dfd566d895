/**
 * Memory estimates made before a method starts its work, so that a request that cannot fit
 * (numSamples: 1e9) fails at once with the argument to change and a value that fits, instead of
 * growing until the process is killed.
 */
import { errors } from './errors';
import { checkPositiveNumber } from './validate';

/** Memory a sampling method may plan for (draws, per-point sums, one chunk's tensors), in MB. */
export const DEFAULT_MEMORY_BUDGET_MB = 1024;

const MB = 1024 * 1024;

/** How a method's need grows with the argument a user would lower. */
export interface MemoryPlan {
  /** Name of the method, for the message. */
  fn: string;
  /** The argument that drives the size, e.g. `numSamples`. */
  arg: string;
  /** Its value. */
  value: number;
  /** Bytes needed that do not depend on `arg` (one chunk's tensors, the results). */
  fixedBytes: number;
  /** Bytes per unit of `arg` (per sample of every input). */
  bytesPerUnit: number;
  /** The budget option as given (undefined: the default). */
  budgetMB: unknown;
}

/**
 * Throws when `fixedBytes + value · bytesPerUnit` exceeds the budget; the message names the
 * argument, the estimate and the largest value that fits. Returns the estimate in bytes.
 */
export function checkMemory(p: MemoryPlan): number {
  const budget = p.budgetMB === undefined ? DEFAULT_MEMORY_BUDGET_MB : checkPositiveNumber(p.budgetMB, 'memoryBudgetMB', p.fn);
  const need = p.fixedBytes + p.value * p.bytesPerUnit;
  if (need <= budget * MB) return need;
  const fits = Math.floor((budget * MB - p.fixedBytes) / Math.max(1, p.bytesPerUnit));
  throw new Error(errors.memoryEstimate(p.fn, p.arg, p.value, need / MB, budget, fits));
}

/**
 * Bytes of the tensors of one chunk of `rows` path points of `width` floats: the points, Δ,
 * α broadcast, the gradient, the contributions and their squares, with room for the model's
 * own activations (counted as `modelWidth` floats per row, three times for the backward pass).
 */
export function chunkBytes(rows: number, width: number, modelWidth = 0): number {
  return rows * (8 * width + 3 * modelWidth) * 4;
}
