import test from 'node:test';
import assert from 'node:assert/strict';
import { resetWarnings, warnOnce, warnOncePer } from '../../core';

function captured(quiet: string | undefined, f: () => void): string[] {
  const lines: string[] = [];
  const original = console.warn;
  const saved = process.env.PATHLAB_QUIET;
  if (quiet === undefined) delete process.env.PATHLAB_QUIET;
  else process.env.PATHLAB_QUIET = quiet;
  console.warn = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  try {
    f();
  } finally {
    console.warn = original;
    if (saved === undefined) delete process.env.PATHLAB_QUIET;
    else process.env.PATHLAB_QUIET = saved;
  }
  return lines;
}

test('warnOnce speaks once per message, with the pathlab prefix', () => {
  resetWarnings();
  const lines = captured(undefined, () => {
    warnOnce('a');
    warnOnce('a');
    warnOnce('b');
  });
  assert.deepEqual(lines, ['pathlab: a', 'pathlab: b']);
});

test('warnOncePer speaks once per key, whatever the message', () => {
  resetWarnings();
  const model = {};
  const lines = captured(undefined, () => {
    warnOncePer(model, 'first');
    warnOncePer(model, 'second');
    warnOncePer({}, 'other model');
    warnOncePer('k', 'by name');
    warnOncePer('k', 'again');
  });
  assert.deepEqual(lines, ['pathlab: first', 'pathlab: other model', 'pathlab: by name']);
});

test('PATHLAB_QUIET silences every warning', () => {
  resetWarnings();
  const lines = captured('1', () => {
    warnOnce('quiet message');
    warnOncePer({}, 'quiet key');
  });
  assert.deepEqual(lines, []);
});
