/**
 * Options shared by the explanation methods, documented once. Every method's options interface
 * extends the ones it understands, so a name means the same thing everywhere:
 *
 * | option | meaning |
 * |---|---|
 * | `output` | which output is explained (index, per-row indices, weights) |
 * | `numSamples` | draws, grid points or permutations per input (the method says which) |
 * | `batchSize` | attribution, layer and neuron methods: rows per model pass (memory only) |
 * | `batchSize` | interaction methods: path points per pass, each differentiated over its Hessian rows |
 * | `engine` | how second derivatives are computed (interaction methods) |
 * | `seed` | the seed of every random draw |
 *
 * Older names (`samples`, `hessian`, `labels`/`outputIndex`, `explainOutput`) still work and
 * warn once.
 */
import type { OutputSelection } from './types';

/** Which output is explained. */
export interface OutputOption {
  /**
   * Which output to explain: one index for every row, one index per row (an array, or a 1-D
   * integer tensor of N ids as captum's `target`), or `{ weights }` over the outputs (the
   * explained scalar is Σₖ wₖ fₖ). Default: the only output, or every output (an extra axis
   * after N) of a multi-output model.
   */
  output?: OutputSelection;
}

/** Rows per model pass, for the attribution, layer and neuron methods. */
export interface BatchSizeOption {
  /**
   * Rows per model pass — inputs, path points or perturbed copies, whichever the method feeds
   * the model; bounds memory, never changes results. Default: about 8M floats per pass.
   */
  batchSize?: number;
}
