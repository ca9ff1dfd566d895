import test from 'node:test';
import assert from 'node:assert/strict';
import { OutputCollector } from '../../kernel/runNotebook';
import type { JupyterMessage } from '../../kernel/wire';

const msg = (type: string, content: Record<string, unknown>): JupyterMessage =>
  ({ header: { msg_type: type, msg_id: 'm' }, parent_header: {}, metadata: {}, content }) as unknown as JupyterMessage;

test('issue 16 #7: 4,096 one-KB stream messages merge into one output with every line, in order', () => {
  const c = new OutputCollector(new Map());
  const lines = Array.from({ length: 4096 }, (_, i) => `${String(i).padStart(6, '0')}${'x'.repeat(1017)}\n`);
  for (const l of lines) c.add(msg('stream', { name: 'stdout', text: l }));
  assert.equal(c.outputs.length, 1);
  assert.deepEqual(c.outputs[0], { output_type: 'stream', name: 'stdout', text: lines });
});

test('issue 16 #7: streams split at displays and stream names; a line split over messages is joined', () => {
  const c = new OutputCollector(new Map());
  c.add(msg('stream', { name: 'stdout', text: 'a' }));
  c.add(msg('stream', { name: 'stdout', text: 'b\nc' }));
  c.add(msg('stream', { name: 'stderr', text: 'e\n' }));
  c.add(msg('display_data', { data: { 'text/plain': 'd' }, metadata: {} }));
  c.add(msg('stream', { name: 'stdout', text: 'f\n' }));
  // Reading the outputs mid-cell and then receiving more still merges into the last stream.
  assert.equal(c.outputs.length, 4);
  c.add(msg('stream', { name: 'stdout', text: 'g\n' }));
  assert.deepEqual(c.outputs, [
    { output_type: 'stream', name: 'stdout', text: ['ab\n', 'c'] },
    { output_type: 'stream', name: 'stderr', text: ['e\n'] },
    { output_type: 'display_data', data: { 'text/plain': 'd' }, metadata: {} },
    { output_type: 'stream', name: 'stdout', text: ['f\n', 'g\n'] },
  ]);
  c.add(msg('clear_output', {}));
  assert.deepEqual(c.outputs, []);
});
