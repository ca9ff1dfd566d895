/**
 * Maps lines of the JavaScript that tslab generates for a cell back to the cell's own lines.
 *
 * tslab compiles a cell without a source map and its output drops blank lines, type-only
 * declarations and adds export bookkeeping, so line numbers differ. The statements themselves
 * keep their identifiers and literals, so aligning the two texts line by line on shared tokens
 * (a monotonic alignment, as in diff) recovers where each generated line came from.
 */

const TOKEN = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g;

/** Tokens that carry no information about which statement a line came from. */
const NOISE = new Set(['exports', 'const', 'let', 'var', 'void', '0', 'function', 'return', 'await', 'async']);

function tokens(line: string): Map<string, number> {
  const counts = new Map<string, number>();
  const code = line.replace(/\/\/.*$/, '');
  for (const m of code.match(TOKEN) ?? []) {
    if (NOISE.has(m)) continue;
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  return counts;
}

function similarity(a: Map<string, number>, b: Map<string, number>): number {
  let common = 0;
  for (const [t, n] of a) {
    const m = b.get(t);
    if (m) common += Math.min(n, m) * (t.length > 1 ? 2 : 1);
  }
  return common;
}

/**
 * For each line of `generated` (0-based), the 0-based line of `source` it most likely came
 * from. Lines with no counterpart (export bookkeeping) map to the nearest aligned line above.
 */
export function alignLines(source: string, generated: string): number[] {
  const src = source.split('\n').map(tokens);
  const gen = generated.split('\n').map(tokens);
  const n = gen.length;
  const m = src.length;
  // score[i][j]: best alignment of gen[0..i) with src[0..j); a source line may take several
  // generated lines (a statement split over lines stays one line group either way).
  const score: Float64Array[] = [];
  const move: Uint8Array[] = [];
  for (let i = 0; i <= n; i++) {
    score.push(new Float64Array(m + 1));
    move.push(new Uint8Array(m + 1));
  }
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const s = similarity(gen[i - 1], src[j - 1]);
      let best = score[i - 1][j];
      let mv = 1; // skip generated line
      if (score[i][j - 1] > best) {
        best = score[i][j - 1];
        mv = 2; // skip source line
      }
      if (s > 0) {
        // Several generated lines may align to one source line (a rewritten statement).
        const diag = Math.max(score[i - 1][j - 1], score[i - 1][j]) + s;
        if (diag >= best) {
          best = diag;
          mv = score[i - 1][j - 1] >= score[i - 1][j] ? 3 : 4;
        }
      }
      score[i][j] = best;
      move[i][j] = mv;
    }
  }
  const mapped: number[] = new Array<number>(n).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const mv = move[i][j];
    if (mv === 3 || mv === 4) {
      mapped[i - 1] = j - 1;
      i--;
      if (mv === 3) j--;
    } else if (mv === 1) {
      i--;
    } else {
      j--;
    }
  }
  let last = 0;
  for (let k = 0; k < n; k++) {
    if (mapped[k] >= 0) last = mapped[k];
    else mapped[k] = last;
  }
  return mapped;
}
