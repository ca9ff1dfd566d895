/** Models and assertions shared by the interaction tests (not a test file itself). */
import { lcg } from '../support';

export { assertClose, assertClose2, lcg, LIN_W, linearModel, mlp, noLeak, productModel, rejectsWith } from '../support';

/** Deterministic rows [n, d] in [-1, 1). */
export function rows(n: number, d: number, seed = 7): number[][] {
  const r = lcg(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => r()));
}

/** Largest |a − b| over two equally shaped arrays of rows. */
export function maxDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((r, i) => r.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}
