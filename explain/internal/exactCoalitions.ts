/**
 * Every coalition of G players evaluated (2^G of them), for the exact Shapley values and
 * Shapley interaction values. Coalition c is the bit mask c (player j present when bit j is set).
 */
import { Checkpoint, type ProgressOptions } from '../progress';
import { errors } from './errors';
import { coalitionPasses, coalitionValues, valueOf, type PerturbationContext } from './perturbation';
import { checkPositiveInteger } from './validate';

/** The hard ceiling of maxFeatures: 2^24 coalitions per input already means minutes of work. */
export const MAX_EXACT_PLAYERS = 24;

/** Checks `maxFeatures` and the number of players against it. */
export function checkExactSize(fn: string, players: number, maxFeatures: unknown): void {
  const limit = Math.min(MAX_EXACT_PLAYERS, checkPositiveInteger(maxFeatures, 'maxFeatures', fn));
  if (players > limit) throw new Error(errors.tooManyPlayers(fn, limit, players));
}

/** v_i,s(S) for every input i, selection s and coalition S: a Float64Array of 2^G per (i, s), input-major. */
export async function allCoalitionValues(ctx: PerturbationContext, progress: ProgressOptions): Promise<Float64Array[]> {
  const G = ctx.players.count;
  const C = 2 ** G;
  const z = new Uint8Array(C * G);
  for (let c = 0; c < C; c++) for (let j = 0; j < G; j++) z[c * G + j] = (c >> j) & 1;
  const cp = new Checkpoint(ctx.fn, coalitionPasses(ctx, C), progress);
  let v: Float32Array;
  try {
    v = await coalitionValues(ctx, z, C, cp);
  } finally {
    cp.end();
  }
  const out: Float64Array[] = [];
  for (let i = 0; i < ctx.n; i++) {
    for (let s = 0; s < ctx.numSel; s++) {
      const row = new Float64Array(C);
      for (let c = 0; c < C; c++) row[c] = valueOf(ctx, v, C, i, c, s);
      out.push(row);
    }
  }
  return out;
}

/** k! for k ≤ 170 in double precision. */
export function factorial(k: number): number {
  let r = 1;
  for (let i = 2; i <= k; i++) r *= i;
  return r;
}

/** Shapley weights s!(G − s − 1)!/G! of a coalition of size s = 0…G−1 not containing the player. */
export function shapleyWeights(G: number): number[] {
  return Array.from({ length: G }, (_, s) => (factorial(s) * factorial(G - s - 1)) / factorial(G));
}

/** Number of set bits. */
export function popcount(c: number): number {
  let s = 0;
  for (let x = c; x; x &= x - 1) s++;
  return s;
}
