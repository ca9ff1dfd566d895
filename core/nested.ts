/** Nested arrays of numbers and the row-major index arithmetic between them and flat arrays. */

/** Nested arrays of numbers as pathlab returns them, e.g. number[][] for [N, d]. */
export type NestedNumbers = number[] | NestedNumbers[];

/** Nested arrays of numbers as pathlab accepts them (read-only, a bare number at the leaves). */
export type NestedArray = number | NestedArrayOf;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an interface lets the type refer to itself
export interface NestedArrayOf extends ReadonlyArray<NestedArray> {}

/** Nests `flat` (from `offset`, row-major) into `shape`. */
export function nest(flat: ArrayLike<number>, shape: readonly number[], offset = 0): NestedNumbers {
  if (shape.length === 1) return Array.from({ length: shape[0] }, (_, i) => flat[offset + i]);
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  const out: NestedNumbers[] = [];
  for (let i = 0; i < shape[0]; i++) out.push(nest(flat, shape.slice(1), offset + i * inner));
  return out as NestedNumbers;
}

/** The multi-index of flat (row-major) position `i` in an array of `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const at = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    at[k] = i % shape[k];
    i = Math.floor(i / shape[k]);
  }
  return at;
}
