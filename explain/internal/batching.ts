/**
 * Splitting path points into model passes of at most `batchSize` rows. Results never depend on
 * the split: chunks only decide how many rows go through the model at once.
 */

/** One model pass: points `start` (inclusive) to `end` (exclusive) of the flattened draw list. */
export interface Chunk {
  start: number;
  end: number;
}

/** Consecutive chunks of at most `batchSize` (≥ 1) covering `0..total`. */
export function chunks(total: number, batchSize: number): Chunk[] {
  const size = Math.max(1, Math.floor(batchSize));
  const out: Chunk[] = [];
  for (let s = 0; s < total; s += size) out.push({ start: s, end: Math.min(total, s + size) });
  return out;
}

/**
 * Chunks of points laid out input-major (`perInput` points per input) that never mix a part of
 * one input with another input: either several whole inputs per chunk (perInput ≤ batchSize),
 * or several chunks within one input. Either way a chunk reshapes to
 * [inputsInChunk, pointsPerInputInChunk, ...], which lets the integrator sum over points with a
 * reshape instead of a segment sum.
 */
export interface AlignedChunk extends Chunk {
  /** First input in the chunk. */
  firstInput: number;
  /** Inputs in the chunk (1 when an input is split). */
  inputs: number;
  /** Points per input in the chunk. */
  points: number;
}

/** Input-aligned chunks (see {@link AlignedChunk}). */
export function alignedChunks(numInputs: number, perInput: number, batchSize: number): AlignedChunk[] {
  const size = Math.max(1, Math.floor(batchSize));
  const out: AlignedChunk[] = [];
  if (perInput <= size) {
    const per = Math.max(1, Math.floor(size / perInput));
    for (let i = 0; i < numInputs; i += per) {
      const n = Math.min(per, numInputs - i);
      out.push({ start: i * perInput, end: (i + n) * perInput, firstInput: i, inputs: n, points: perInput });
    }
  } else {
    for (let i = 0; i < numInputs; i++) {
      for (let s = 0; s < perInput; s += size) {
        const e = Math.min(perInput, s + size);
        out.push({ start: i * perInput + s, end: i * perInput + e, firstInput: i, inputs: 1, points: e - s });
      }
    }
  }
  return out;
}

/**
 * The default number of rows per pass for inputs of `features` features: large passes are
 * fastest (few kernel launches), bounded so one [rows, features] float32 tensor stays ≈ 32 MB.
 */
export function defaultBatchSize(features: number): number {
  return Math.max(1, Math.min(100000, Math.floor((8 * 1024 * 1024) / Math.max(1, features))));
}
