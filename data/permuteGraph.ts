/**
 * The random-graph control of the attribution-priors graph experiment (Erion et al., Nature
 * Machine Intelligence 2021: a prior over a random graph did not help, the true graph did): the
 * same graph with its node labels shuffled, A'ᵢⱼ = A_{π(i)π(j)}. Every node keeps a degree from the
 * original sequence (feature i gets the degree of π(i)) and the edge count and structure are kept;
 * only which features are connected changes.
 */
import { Mulberry32 } from '../core';
import { dataErrors } from './errors';

/**
 * A symmetric adjacency matrix with its nodes relabelled by a seeded random permutation.
 * @param adjacency Square matrix [d, d].
 * @param seed Seed of the permutation. Default: 0.
 */
export function permuteGraph(adjacency: readonly (readonly number[])[], seed = 0): number[][] {
  const fn = 'permuteGraph';
  if (!Array.isArray(adjacency)) throw new Error(dataErrors.notSquareMatrix('adjacency', fn, adjacency));
  const d = adjacency.length;
  adjacency.forEach((row) => {
    if (!Array.isArray(row) || row.length !== d)
      throw new Error(dataErrors.widthMismatch('adjacency', fn, d, Array.isArray(row) ? row.length : 0));
  });
  const p = Mulberry32.seeded(seed, 'permuteGraph').permutation(d);
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => adjacency[p[i]][p[j]]));
}
