/** `pathlab run` end to end: the CLI against real kernels. */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Notebook, NotebookCell } from '../../kernel/notebook';

const CLI = path.resolve(__dirname, '..', '..', 'kernel', 'cli.js');
let dir: string;

function code(source: string, tags: string[] = []): NotebookCell {
  return { cell_type: 'code', source, metadata: tags.length ? { tags } : {}, outputs: [], execution_count: null };
}

/** Writes a notebook (nbformat 4.4, no cell ids: `pathlab run` must upgrade it). */
function writeNb(name: string, cells: NotebookCell[]): string {
  const nb: Notebook = {
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { name: 'pathlab', display_name: 'TypeScript (pathlab)', language: 'typescript' } },
    cells,
  };
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

function run(args: string[], timeoutMs = 120000) {
  return spawnSync(process.execPath, [CLI, 'run', ...args], { cwd: dir, encoding: 'utf8', timeout: timeoutMs });
}

function validate(file: string): void {
  const py = spawnSync(
    'python3',
    [
      '-c',
      'import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); assert nb.nbformat_minor == 5',
      file,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(py.status, 0, py.stderr);
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-run-e2e-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('parameters are injected as typed consts after the parameters cell', () => {
  const nb = writeNb('params.ipynb', [
    { cell_type: 'markdown', source: '# Params', metadata: {} },
    code("const epochs = 3;\nconst label = 'a';\nconst dims: number[] = [1];", ['parameters']),
    code('const e: number = epochs;\nconst d: number[] = dims;\nconsole.log(epochs * 2, label, d.length);'),
  ]);
  const r = run([nb, '-p', 'epochs=7', '-p', 'label=hello world', '-p', 'dims=[4,5,6]', '--out', 'out']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.split('\n').filter((l) => /^\[params\.ipynb\] cell \d+ \(\d+\/3\) ok/.test(l)).length, 3);
  const out = path.join(dir, 'out', 'params.ipynb');
  validate(out);
  const executed = JSON.parse(fs.readFileSync(out, 'utf8')) as Notebook;
  const injected = executed.cells[2];
  assert.deepEqual(injected.metadata.tags, ['injected-parameters']);
  assert.equal(
    (injected.source as string[]).join(''),
    '// Parameters injected by pathlab run\nconst epochs: number = 7;\nconst label: string = "hello world";\nconst dims: number[] = [4,5,6];',
  );
  assert.deepEqual(executed.cells[3].outputs, [{ output_type: 'stream', name: 'stdout', text: ['14 hello world 3\n'] }]);
  const meta = executed.cells[3].metadata as {
    pathlab: { status: string; duration_ms: number };
    execution: Record<string, string>;
  };
  assert.equal(meta.pathlab.status, 'ok');
  assert.ok(meta.pathlab.duration_ms >= 0);
  assert.ok(meta.execution['shell.execute_reply']);
});

test('unknown parameters are an error before anything runs', () => {
  const nb = writeNb('params2.ipynb', [code('const epochs = 3;', ['parameters'])]);
  const r = run([nb, '-p', 'epoch=7']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown parameter 'epoch' for params2\.ipynb \(it declares: epochs\)\./);
  assert.equal(fs.existsSync(path.join(dir, 'params2.out.ipynb')), false);
});

test('a failing cell: non-zero exit, marker cell linking it, later cells skipped, stderr names it', () => {
  const nb = writeNb('fail.ipynb', [
    code('const x = 1;'),
    code('throw new TypeError("broken " + x);'),
    code('console.log("never")'),
  ]);
  const r = run([nb]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /fail\.ipynb: cell 2 \(In \[2\]\) failed: TypeError: broken 1/);
  const out = path.join(dir, 'fail.out.ipynb');
  validate(out);
  const executed = JSON.parse(fs.readFileSync(out, 'utf8')) as Notebook;
  assert.deepEqual(executed.cells[0].metadata.tags, ['pathlab-error-marker']);
  assert.match((executed.cells[0].source as string[]).join(''), /href="#pathlab-error-cell"/);
  assert.match((executed.cells[2].source as string[]).join(''), /id="pathlab-error-cell"/);
  assert.equal((executed.cells[3].outputs ?? [])[0].ename, 'TypeError');
  assert.equal((executed.cells[4].metadata.pathlab as { status: string }).status, 'skipped');
});

test('a cell past the timeout is interrupted and reported', () => {
  // The first cell pays for the first compile, so that the timeout below measures the loop.
  const nb = writeNb('slow.ipynb', [code('const warm = 1;'), code('while (true) {}'), code('1')]);
  const t0 = Date.now();
  const r = run([nb, '--timeout', '4']);
  assert.ok(Date.now() - t0 < 60000);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /slow\.ipynb: cell 2 \(In \[2\]\) timeout: TimeoutError: Cell 2 exceeded the 4 s timeout and was interrupted/,
  );
  const executed = JSON.parse(fs.readFileSync(path.join(dir, 'slow.out.ipynb'), 'utf8')) as Notebook;
  assert.equal((executed.cells[3].metadata.pathlab as { status: string }).status, 'timeout');
  assert.equal((executed.cells[4].metadata.pathlab as { status: string }).status, 'skipped');
});

test('a kernel killed mid-run is reported at once, not waited on', () => {
  const nb = writeNb('die.ipynb', [
    code('console.log("before");'),
    code('await new Promise((r) => setTimeout(r, 200));\nprocess.kill(process.pid, "SIGKILL");'),
    code('1'),
  ]);
  const t0 = Date.now();
  const r = run([nb, '--timeout', '600']);
  assert.ok(Date.now() - t0 < 60000);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /die\.ipynb: cell 2 kernel-died: DeadKernelError: The kernel died \(signal SIGKILL\)\. It was running cell 2\./,
  );
  const out = path.join(dir, 'die.out.ipynb');
  validate(out);
  const executed = JSON.parse(fs.readFileSync(out, 'utf8')) as Notebook;
  assert.equal((executed.cells[3].metadata.pathlab as { status: string }).status, 'kernel-died');
  assert.equal((executed.cells[4].metadata.pathlab as { status: string }).status, 'skipped');
});

test('issue 16 #8: a notebook without top-level metadata runs and is written', () => {
  const file = path.join(dir, 'nometa.ipynb');
  fs.writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 4, cells: [code('console.log(1 + 1);')] }));
  const r = run([file, '--out', 'nometa-out']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(fs.readFileSync(path.join(dir, 'nometa-out', 'nometa.ipynb'), 'utf8')) as Notebook;
  assert.deepEqual(out.cells[0].outputs, [{ output_type: 'stream', name: 'stdout', text: ['2\n'] }]);
  assert.equal((out.metadata.pathlab as { run: { status: string } }).run.status, 'ok');
});

test('issue 16 #6/#7: a cell printing 4,096 one-KB lines under --timeout is ok, written whole, not reported as stuck', () => {
  const nb = writeNb('burst.ipynb', [
    code('for (let i = 0; i < 4096; i++) console.log(String(i).padStart(6, "0") + "x".repeat(1017));'),
  ]);
  const r = run([nb, '--out', 'burst-out', '--timeout', '60'], 300000);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(fs.readFileSync(path.join(dir, 'burst-out', 'burst.ipynb'), 'utf8')) as Notebook;
  const outputs = out.cells[0].outputs ?? [];
  assert.equal(outputs.length, 1);
  assert.equal((outputs[0].text as string[]).length, 4096);
});

test('issue 16 #17/#15: a let parameter reassigned later works under -p; U+2028 in a -p string arrives intact', () => {
  const nb = writeNb('letparam.ipynb', [
    code("let lr = 0.1;\nconst label = 'x';", ['parameters']),
    code('lr = lr / 2;\nconsole.log(lr, JSON.stringify(label));'),
  ]);
  const r = run([nb, '-p', 'lr=1', '-p', 'label=a\u2028b\u2029c', '--out', 'letparam-out']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(fs.readFileSync(path.join(dir, 'letparam-out', 'letparam.ipynb'), 'utf8')) as Notebook;
  assert.deepEqual(out.cells[2].outputs, [{ output_type: 'stream', name: 'stdout', text: ['0.5 "a\u2028b\u2029c"\n'] }]);
});

test('issue 16 #18: outputs that would overwrite an input or each other are refused before anything runs', () => {
  fs.mkdirSync(path.join(dir, 'a'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'b'), { recursive: true });
  const a = writeNb(path.join('a', 'same.ipynb'), [code('1')]);
  const b = writeNb(path.join('b', 'same.ipynb'), [code('2')]);
  const dup = run([a, b, '--out', 'o']);
  assert.equal(dup.status, 2);
  assert.equal(
    dup.stderr,
    `pathlab run: ${a} and ${b} would both be written to ${path.join('o', 'same.ipynb')}; give them different names or run them with different --out folders.\n`,
  );
  assert.equal(fs.existsSync(path.join(dir, 'o')), false);
  const before = fs.readFileSync(a, 'utf8');
  const self = run([a, '--out', path.dirname(a)]);
  assert.equal(self.status, 2);
  assert.match(
    self.stderr,
    /^pathlab run: the executed notebook of .*same\.ipynb would overwrite the input .*same\.ipynb; choose another --out folder\.\n$/,
  );
  assert.equal(fs.readFileSync(a, 'utf8'), before);
  for (const args of [
    [a, '--out'],
    [a, '--out', '--allow-errors'],
    [a, '--out='],
  ]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.ok(r.stderr.startsWith('pathlab run: --out needs a value (a folder), but got none.\n'), r.stderr);
  }
  assert.equal(fs.existsSync(path.join(dir, 'a', 'same.out.ipynb')), false);
});

test('issue 16 #19/#20: a python3 notebook is refused unless --kernel pathlab; malformed old outputs do not stop a run', () => {
  const file = path.join(dir, 'py.ipynb');
  fs.writeFileSync(
    file,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
      cells: [{ cell_type: 'code', source: 'console.log(6 * 7);', metadata: {}, outputs: { bad: true }, execution_count: 3 }],
    }),
  );
  const refused = run([file, '--out', 'py-out']);
  assert.equal(refused.status, 2);
  assert.equal(
    refused.stderr,
    `pathlab run: ${file}: py.ipynb is a notebook for the kernel 'python3' (python), not pathlab; pathlab run executes TypeScript on the pathlab kernel only. Give --kernel pathlab to run it on pathlab anyway.\n`,
  );
  assert.equal(fs.existsSync(path.join(dir, 'py-out', 'py.ipynb')), false);
  const bad = run([file, '--kernel', 'python3']);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, "pathlab run: --kernel must be 'pathlab' (the only kernel pathlab run starts), but got 'python3'.\n");
  const r = run([file, '--out', 'py-out', '--kernel', 'pathlab']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(fs.readFileSync(path.join(dir, 'py-out', 'py.ipynb'), 'utf8')) as Notebook;
  assert.deepEqual(out.cells[0].outputs, [{ output_type: 'stream', name: 'stdout', text: ['42\n'] }]);
  assert.deepEqual((out.metadata.pathlab as { run: { kernel: string; kernelspec_was: string } }).run.kernel, 'pathlab');
  assert.deepEqual((out.metadata.pathlab as { run: { kernel: string; kernelspec_was: string } }).run.kernelspec_was, 'python3');
});

test("issue 16 #21: a heap out-of-memory death is reported with the kernel's last stderr lines", () => {
  const nb = writeNb('oom.ipynb', [
    code('const keep: number[][] = [];\nwhile (true) keep.push(new Array(1e6).fill(1.5));'),
    code('1'),
  ]);
  const r = spawnSync(process.execPath, [CLI, 'run', nb, '--out', 'oom-out'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300000,
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=400' },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    /oom\.ipynb: cell 1 kernel-died: DeadKernelError: The kernel died \((signal SIGABRT|signal SIGTRAP|exit code \d+)\)\. It was running cell 1\. Its last stderr lines:\n/,
  );
  assert.match(r.stderr, /heap out of memory/);
  const out = JSON.parse(fs.readFileSync(path.join(dir, 'oom-out', 'oom.ipynb'), 'utf8')) as Notebook;
  const cell = out.cells.find(
    (c) => (c.metadata.pathlab as { status?: string } | undefined)?.status === 'kernel-died',
  ) as NotebookCell;
  assert.match(String((cell.outputs ?? [])[0].evalue), /heap out of memory/);
});

test('issue 16 #16: a rejection after the last cell finished is its error: marker, non-zero exit, nothing lost', () => {
  const nb = writeNb('late.ipynb', [
    code('console.log("first");'),
    code('setTimeout(() => void Promise.reject(new RangeError("late boom")), 50);\nconsole.log("last");'),
  ]);
  const r = run([nb, '--out', 'late-out']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /\[late\.ipynb\] cell 2 raised an error after it had finished: RangeError: late boom/);
  assert.match(r.stderr, /late\.ipynb: cell 2 \(In \[2\]\) failed: RangeError: late boom/);
  const file = path.join(dir, 'late-out', 'late.ipynb');
  validate(file);
  const out = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  assert.deepEqual(out.cells[0].metadata.tags, ['pathlab-error-marker']);
  const last = out.cells[out.cells.length - 1];
  assert.equal((last.metadata.pathlab as { status: string }).status, 'error');
  const outputs = last.outputs ?? [];
  assert.deepEqual(outputs[0], { output_type: 'stream', name: 'stdout', text: ['last\n'] });
  assert.equal(outputs.length, 2);
  assert.equal(outputs[1].output_type, 'error');
  assert.equal(outputs[1].ename, 'RangeError');
  assert.equal(outputs[1].evalue, 'late boom');
  const tb = outputs[1].traceback as string[];
  assert.equal(tb[0], 'Unhandled promise rejection (a promise rejected with nothing awaiting or catching it):');
  assert.equal(tb[tb.length - 1], 'It was raised after cell In [2] had finished.');
  assert.equal((out.metadata.pathlab as { run: { status: string } }).run.status, 'failed');
});

test('issue 16 #8: top-level and cell metadata that are not objects are replaced with a warning; the run is written', () => {
  const file = path.join(dir, 'badmeta.ipynb');
  fs.writeFileSync(
    file,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: 'not an object',
      cells: [
        { cell_type: 'code', source: 'console.log(6 * 7);', metadata: ['x'], outputs: [], execution_count: null },
        { cell_type: 'markdown', source: '# done', metadata: 'y' },
      ],
    }),
  );
  const r = run([file, '--out', 'badmeta-out']);
  assert.equal(r.status, 0, r.stderr);
  const warnings = [
    `${file}: 'metadata' must be an object, but got string; it was replaced with an empty object.`,
    `${file}: cell 1's metadata must be an object, but got an array; it was replaced with an empty object.`,
    `${file}: cell 2's metadata must be an object, but got string; it was replaced with an empty object.`,
  ];
  for (const w of warnings) assert.ok(r.stdout.includes(`[badmeta.ipynb] warning: ${w}\n`), r.stdout);
  const written = path.join(dir, 'badmeta-out', 'badmeta.ipynb');
  validate(written);
  const out = JSON.parse(fs.readFileSync(written, 'utf8')) as Notebook;
  assert.deepEqual(out.cells[0].outputs, [{ output_type: 'stream', name: 'stdout', text: ['42\n'] }]);
  assert.equal((out.cells[0].metadata.pathlab as { status: string }).status, 'ok');
  assert.deepEqual(out.cells[1].metadata, {});
  const runMeta = (out.metadata.pathlab as { run: { status: string; warnings: string[] } }).run;
  assert.equal(runMeta.status, 'ok');
  assert.deepEqual(runMeta.warnings, warnings);
});
