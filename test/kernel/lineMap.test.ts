import test from 'node:test';
import assert from 'node:assert/strict';
import { alignLines } from '../../kernel/lineMap';

test('alignLines maps tslab output lines back to the cell despite removed and added lines', () => {
  const src = [
    'const a: number = 1;',
    '',
    'interface Foo { x: number }',
    'function f(n: number): number {',
    '  if (n > 2) {',
    '    throw new Error("boom " + n);',
    '  }',
    '  return n;',
    '}',
    'f(3)',
  ].join('\n');
  const out = [
    'Object.defineProperty(exports, "__esModule", { value: true });',
    'exports.a = exports.f = void 0;',
    'const a = 1;',
    'exports.a = a;',
    'function f(n) {',
    '    if (n > 2) {',
    '        throw new Error("boom " + n);',
    '    }',
    '    return n;',
    '}',
    'exports.f = f;',
    'f(3);',
  ].join('\n');
  const map = alignLines(src, out);
  assert.equal(map.length, 12);
  assert.equal(map[2], 0); // const a
  assert.equal(map[4], 3); // function f
  assert.equal(map[6], 5); // throw
  assert.equal(map[8], 7); // return n
  assert.equal(map[11], 9); // f(3)
});

test('alignLines is monotonic and in range', () => {
  const map = alignLines('x\ny\nz', 'q\nx\ny\nw\nz\nr');
  for (let i = 1; i < map.length; i++) assert.ok(map[i] >= map[i - 1]);
  assert.ok(map.every((l) => l >= 0 && l < 3));
});
