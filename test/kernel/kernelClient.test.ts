import test from 'node:test';
import assert from 'node:assert/strict';
import { DeadKernelError, lastLines } from '../../kernel/kernelClient';

test('issue 16 #21: a dead kernel carries its last stderr lines, without the start-up log', () => {
  const tail =
    '[pathlab kernel] started in /x (k.json)\n<--- Last few GCs --->\n\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n' +
    '----- Native stack trace -----\n\n 1: 0xb8ced1 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [/usr/bin/node]\n' +
    '  16: 0x195e476  [/usr/bin/node]\n';
  const e = new DeadKernelError(null, 'SIGABRT', tail);
  assert.equal(e.message, 'The kernel died (signal SIGABRT).');
  assert.deepEqual(e.stderrLines, [
    '<--- Last few GCs --->',
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  ]);
  assert.deepEqual(lastLines('a\nb\nc\n', 2), ['b', 'c']);
});
