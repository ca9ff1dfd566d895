/**
 * Checks that every message function of a message table (the `errors` objects of explain/, viz/,
 * data/, core/ and the kernel's tables) has its text pinned by a string literal in some test
 * (not a test file itself). A message's template becomes a pattern — its literal parts in order,
 * anything for each `${…}` — and some string literal under test/ (a template literal's own
 * `${…}` standing for anything) must match it whole, or after a prefix ending in a space (what
 * is printed: 'pathlab: ' before a warning, a child process's 'ERR '). Tests that rebuild the text by calling the
 * same function do not count: they are calls, not literals.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** The package root, above dist/test/ or test/ (the sources are read, not the compiled files). */
const ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    assert.notEqual(up, dir, `no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
})();
/** Stands for a `${…}` of a test's template literal: only a wildcard of the message matches it. */
const HOLE = '\u0001';

type Token = { text: string } | { wild: true } | { either: Token[][] };

function tokensOf(e: ts.Expression): Token[] {
  if (ts.isParenthesizedExpression(e)) return tokensOf(e.expression);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [{ text: e.text }];
  if (ts.isTemplateExpression(e)) {
    const out: Token[] = [{ text: e.head.text }];
    for (const span of e.templateSpans) out.push({ wild: true }, { text: span.literal.text });
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return [...tokensOf(e.left), ...tokensOf(e.right)];
  if (ts.isConditionalExpression(e)) return [{ either: [tokensOf(e.whenTrue), tokensOf(e.whenFalse)] }];
  return [{ wild: true }];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const source = (tokens: Token[]): string =>
  tokens
    .map((t) => ('text' in t ? escape(t.text) : 'wild' in t ? '[\\s\\S]*?' : `(?:${t.either.map(source).join('|')})`))
    .join('');

/**
 * The pattern of a message. Where a message starts or ends with an argument (`${file} is not …`)
 * the space beside it is optional, so that a test may pin the rest (`'is not …'`) beside a path
 * it builds; a message that starts with text may follow a prefix ending in a space (what is
 * printed: 'pathlab: ' before a warning, a child process's 'ERR ') and be followed by a newline
 * or by a colon (a text that heads a traceback).
 */
function patternOf(body: ts.Expression): RegExp {
  const tokens = tokensOf(body).filter((t) => !('text' in t) || t.text !== '');
  const textAt = (i: number): string | null => {
    const t = tokens[i];
    return t !== undefined && 'text' in t ? (t as { text: string }).text : null;
  };
  const startsWild = tokens.length > 0 && 'wild' in tokens[0];
  const afterFirst = textAt(1);
  if (startsWild && afterFirst !== null) tokens[1] = { text: afterFirst.trimStart() };
  const beforeLast = textAt(tokens.length - 2);
  if (tokens.length > 1 && 'wild' in tokens[tokens.length - 1] && beforeLast !== null)
    tokens[tokens.length - 2] = { text: beforeLast.trimEnd() };
  return new RegExp(`^${startsWild ? '' : '(?:[\\s\\S]*\\s)?'}${source(tokens)}:?\\s*$`);
}

/** The message functions (and constant texts) of table `name` in `file`: key → pattern. */
export function messageTable(file: string, name: string): Map<string, RegExp> {
  const sf = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Map<string, RegExp>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && n.name.getText() === name && n.initializer) {
      let init: ts.Expression = n.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
      assert.ok(ts.isObjectLiteralExpression(init), `${file}: '${name}' is not an object literal`);
      for (const p of init.properties) {
        assert.ok(ts.isPropertyAssignment(p), `${file}: ${name}.${p.name?.getText()} is not a plain property`);
        const v = p.initializer;
        const body = ts.isArrowFunction(v) && !ts.isBlock(v.body) ? v.body : v;
        out.set(p.name.getText(), patternOf(body as ts.Expression));
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  assert.ok(out.size > 0, `${file}: no table '${name}'`);
  return out;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

let cached: string[] | undefined;
/** Every string literal of the test sources (concatenations joined, template holes as {@link HOLE}). */
export function testLiterals(): string[] {
  if (cached) return cached;
  const out: string[] = [];
  for (const file of walk(path.join(ROOT, 'test'))) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const text = (e: ts.Node): string | null => {
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
      if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((s) => HOLE + s.literal.text).join('');
      if (ts.isParenthesizedExpression(e)) return text(e.expression);
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        const a = text(e.left);
        const b = text(e.right);
        return a !== null && b !== null ? a + b : null;
      }
      return null;
    };
    const visit = (n: ts.Node): void => {
      const t = text(n);
      if (t !== null) out.push(t);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  cached = out;
  return out;
}

/**
 * Asserts that each message of table `name` in `file` (path from the package root) is matched by
 * a test's string literal, except the keys in `exempt` (each with the reason no test can reach it);
 * an exempt key that is pinned after all, or no longer exists, is an error too.
 */
export function assertMessagesPinned(file: string, name: string, exempt: Record<string, string> = {}): void {
  const table = messageTable(file, name);
  const literals = testLiterals();
  const missing: string[] = [];
  for (const [key, pattern] of table) {
    const pinned = literals.some((l) => pattern.test(l));
    if (key in exempt) assert.ok(!pinned, `${name}.${key} is exempt ("${exempt[key]}") but a test pins it: remove the exemption`);
    else if (!pinned) missing.push(`${name}.${key} (${pattern.source.slice(1, 120)})`);
  }
  for (const key of Object.keys(exempt)) assert.ok(table.has(key), `exempt ${name}.${key} is not in ${file}`);
  assert.deepEqual(missing, [], `messages of ${file} with no test pinning their literal text`);
}
