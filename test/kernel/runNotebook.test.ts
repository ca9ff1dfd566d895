import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OutputCollector, foreignKernel, runNotebook } from '../../kernel/runNotebook';
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

test('issue 16 #19: a kernelspec naming another kernel is refused unless --kernel pathlab, before any kernel starts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-kspec-'));
  try {
    const file = path.join(dir, 'py.ipynb');
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
      cells: [{ cell_type: 'code', source: 'print(1)', metadata: {}, outputs: [], execution_count: null }],
    };
    fs.writeFileSync(file, JSON.stringify(nb));
    // A kernel that cannot start: the error must come first, from the kernelspec.
    const kernel = { argv: ['/nonexistent/kernel'], startTimeout: 1 };
    await assert.rejects(runNotebook(file, { kernel }), {
      message:
        "py.ipynb is a notebook for the kernel 'python3' (python), not pathlab; pathlab run executes TypeScript on the pathlab kernel only. Give --kernel pathlab to run it on pathlab anyway.",
    });
    const asNotebook = (metadata: Record<string, unknown>) => ({ nbformat: 4, nbformat_minor: 5, metadata, cells: [] });
    assert.deepEqual(foreignKernel(asNotebook({})), null);
    assert.deepEqual(foreignKernel(asNotebook({ kernelspec: { name: 'pathlab' } })), null);
    assert.deepEqual(foreignKernel(asNotebook(nb.metadata)), { name: 'python3', language: 'python' });
    // With kernelName 'pathlab' it gets past the kernelspec, to the next check (still before any kernel).
    await assert.rejects(runNotebook(file, { kernel, kernelName: 'pathlab', parameters: { x: '1' } }), {
      message: "py.ipynb has no cell tagged 'parameters', so it takes no parameters (got 'x').",
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('issue 16 #18: runNotebook refuses to write its output over its input', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-over-'));
  try {
    const file = path.join(dir, 'x.ipynb');
    fs.writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
    await assert.rejects(
      runNotebook(file, { output: path.join(dir, '.', 'x.ipynb'), kernel: { argv: ['/nonexistent/kernel'] } }),
      {
        message: `the executed notebook of ${file} would overwrite it; give another output path.`,
      },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
