import test from 'node:test';
import assert from 'node:assert/strict';
import { expandShorthand } from '../../kernel/expandShorthand';

test('shorthand properties are written out in full', () => {
  assert.equal(expandShorthand('const o = { squares, n };'), 'const o = { squares: squares, n: n };');
});

test('nested literals, destructuring assignments and defaults keep their meaning', () => {
  assert.equal(expandShorthand('f({ a, b: { c } });'), 'f({ a: a, b: { c: c } });');
  assert.equal(expandShorthand('({ a = 1 } = obj);'), '({ a: a = 1 } = obj);');
});

test('declarations, methods, spreads and strings are left alone', () => {
  const src = 'const { a, b } = o;\nconst p = { ...q, m() { return 1; }, "k": 2 };\nconst s = "{ a }";';
  assert.equal(expandShorthand(src), src);
});

test('no line is added', () => {
  const src = 'const x = 1;\nconst o = {\n  x,\n};\nthrow new Error(String(o));';
  const out = expandShorthand(src);
  assert.equal(out.split('\n').length, src.split('\n').length);
  assert.equal(out.split('\n')[2], '  x: x,');
});
