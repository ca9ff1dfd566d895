/**
 * What every options check shares: the compile-time key lists and the "did you mean" suggestion
 * of an unknown option key (explain/, viz/ and kernel/ each keep their own lists and messages).
 */

/** `keysOf<T>()({ a: true, ... })`: the keys of T as a sorted list; a missing or extra key does not compile. */
export function keysOf<T>(): (all: { [K in keyof Required<T>]: true }) => readonly string[] {
  return (all) => Object.keys(all).sort();
}

/** Levenshtein distance (for "did you mean"). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The valid key nearest to `key` (case-insensitive edit distance ≤ max(2, a third of its length)), or null. */
export function nearestKey(key: string, valid: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const v of valid) {
    const d = editDistance(key.toLowerCase(), v.toLowerCase());
    if (d < bestD) {
      best = v;
      bestD = d;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}
