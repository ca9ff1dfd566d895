/**
 * Writes object-literal shorthand properties out in full (`{ a }` → `{ a: a }`) before tslab
 * compiles a cell.
 *
 * Why: tslab rewrites a reference to an earlier cell's variable `a` into `exports.a`, but it does
 * not visit shorthand properties, so `{ a }` compiles to `{ a }` and throws
 * `ReferenceError: a is not defined` at run time. The two forms mean the same in JavaScript, and
 * the rewrite adds no line, so line numbers in diagnostics and tracebacks stay the cell's.
 */
import type * as TS from 'typescript';

// The TypeScript that tslab compiles cells with; parsing with the same version avoids any
// disagreement about syntax.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab's own TypeScript, which has no ESM entry
const ts = require('@tslab/typescript-for-tslab') as typeof TS;

/** `src` with every shorthand property assignment expanded; unchanged when there is none. */
export function expandShorthand(src: string): string {
  if (!src.includes('{')) return src;
  const file = ts.createSourceFile('cell.ts', src, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const insertions: { pos: number; text: string }[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      insertions.push({ pos: node.name.end, text: `: ${node.name.text}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (insertions.length === 0) return src;
  let out = src;
  for (const { pos, text } of insertions.sort((a, b) => b.pos - a.pos)) {
    out = out.slice(0, pos) + text + out.slice(pos);
  }
  return out;
}
