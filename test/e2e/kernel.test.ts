/** Protocol tests against the real pathlab kernel process. */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KernelClient } from '../../kernel/kernelClient';
import { asyncErrorText } from '../../kernel/kernelServer';
import type { JupyterMessage } from '../../kernel/wire';

const CLI = path.resolve(__dirname, '..', '..', 'kernel', 'cli.js');
let kernel: KernelClient;
let cwd: string;

before(async () => {
  // A folder outside the package: globals and `import from "pathlab"` must work anywhere.
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-kernel-e2e-'));
  kernel = await KernelClient.start({
    cwd,
    argv: [process.execPath, CLI, 'kernel', '--connection-file', '{connection_file}'],
    startTimeout: 90,
  });
});

after(async () => {
  await kernel?.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

const ofType = (msgs: JupyterMessage[], t: string) => msgs.filter((m) => m.header.msg_type === t);

test('kernel_info names the backend', async () => {
  const info = await kernel.kernelInfo();
  const backend = process.env.PATHLAB_BACKEND ?? '';
  assert.match(String(info.banner), new RegExp(`backend ${backend || '(tensorflow|wasm|cpu)'}`));
  assert.equal((info.language_info as { name: string }).name, 'typescript');
  // The same as data, for pathlab run's metadata.
  const named = (info.pathlab as { backend: { backend: string; tfjsVersion: string } }).backend;
  assert.match(named.backend, backend ? new RegExp(`^${backend}$`) : /^(tensorflow|wasm|cpu)$/);
  assert.match(named.tfjsVersion, /^4\.\d+\.\d+$/);
});

test('a library frame of a runtime error points at the .ts source; a failed cell keeps its imports', async () => {
  const r = await kernel.execute("import * as os from 'os';\nimageAttributionPlot([[[[1]]]], { images: [[[1]], [[1]]] });");
  assert.equal(r.reply.content.status, 'error');
  const tb = ofType(r.iopub, 'error')[0].content.traceback as string[];
  assert.ok(
    tb.some((l) => /^ {4}at imageAttributionPlot \(.+[\\/]viz[\\/]imageAttributionPlot\.ts:\d+:\d+\)$/.test(l)),
    tb.join('\n'),
  );
  const next = await kernel.execute('typeof os.cpus');
  assert.equal(next.reply.content.status, 'ok', JSON.stringify(ofType(next.iopub, 'error')[0]?.content));
  assert.deepEqual(ofType(next.iopub, 'execute_result')[0].content.data, { 'text/plain': 'function' });
});

test('execute keeps state across cells and returns the last value as execute_result', async () => {
  await kernel.execute('const answer: number = 6 * 7;');
  const r = await kernel.execute('console.log("x", answer);\nanswer');
  assert.equal(r.reply.content.status, 'ok');
  assert.equal(ofType(r.iopub, 'stream')[0].content.text, 'x 42\n');
  const res = ofType(r.iopub, 'execute_result');
  assert.equal(res.length, 1);
  assert.deepEqual(res[0].content.data, { 'text/plain': '42' });
  // An earlier cell's variable in a shorthand property (tslab alone leaves it unresolved).
  const short = await kernel.execute('const o = { answer };\no.answer');
  assert.equal(short.reply.content.status, 'ok', JSON.stringify(short.reply.content));
  assert.deepEqual(ofType(short.iopub, 'execute_result')[0].content.data, { 'text/plain': '42' });
});

test('preloaded globals type-check, and the same names import from "pathlab"', async () => {
  const ok = await kernel.execute(
    'const p: Promise<unknown> = ready();\nimport { ready as r2, Checkpoint } from "pathlab";\n[typeof tf.tensor, r2 === ready, typeof Checkpoint]',
  );
  assert.equal(ok.reply.content.status, 'ok', JSON.stringify(ok.reply.content));
  assert.deepEqual(ofType(ok.iopub, 'execute_result')[0].content.data, { 'text/plain': "[ 'function', true, 'function' ]" });
  const bad = await kernel.execute('const n: number = tf.tensor([1]);');
  assert.equal(bad.reply.content.status, 'error');
  assert.equal(bad.reply.content.ename, 'TypeScriptError');
  assert.match(String(bad.reply.content.evalue), /is not assignable to type 'number'/);
});

test('the global tf is a type namespace too, without importing tfjs', async () => {
  const r = await kernel.execute('const t: tf.Tensor = tf.tensor([1]);\nt.shape');
  assert.equal(r.reply.content.status, 'ok', JSON.stringify(r.reply.content));
  assert.deepEqual(ofType(r.iopub, 'execute_result')[0].content.data, { 'text/plain': '[ 1 ]' });
  const bad = await kernel.execute('const r: tf.Rank = 5;');
  assert.equal(bad.reply.content.ename, 'TypeScriptError');
  assert.match(String(bad.reply.content.evalue), /not assignable to type 'Rank'/);
});

test('a chart is one display bundle with four MIME types, via display() and as last value', async () => {
  const r = await kernel.execute(
    [
      'const chart = { toMimeBundle: async () => ({',
      '  "application/vnd.vegalite.v5+json": { mark: "point" },',
      '  "image/svg+xml": "<svg/>",',
      '  "image/png": new Uint8Array([137, 80, 78, 71]),',
      '  "text/plain": "a chart" }) };',
      'display(chart);',
      'chart',
    ].join('\n'),
  );
  const want = {
    'application/vnd.vegalite.v5+json': { mark: 'point' },
    'image/svg+xml': '<svg/>',
    'image/png': 'iVBORw==',
    'text/plain': 'a chart',
  };
  assert.deepEqual(
    ofType(r.iopub, 'display_data').map((m) => m.content.data),
    [want],
  );
  assert.deepEqual(
    ofType(r.iopub, 'execute_result').map((m) => m.content.data),
    [want],
  );
});

test('tensors print as readable text', async () => {
  const r = await kernel.execute('tf.tensor2d([[1, 2], [3, 4]])');
  assert.match(
    String((ofType(r.iopub, 'execute_result')[0].content.data as Record<string, string>)['text/plain']),
    /shape: \[2,2\][\s\S]*\[\[1, 2\],\s+\[3, 4\]\]/,
  );
});

test('runtime errors give ename, evalue and a traceback with the cell line; the kernel survives', async () => {
  const r = await kernel.execute(
    'function check(n: number) {\n\n  if (n > 1) {\n    throw new RangeError("too big: " + n);\n  }\n}\ncheck(5);',
  );
  assert.equal(r.reply.content.status, 'error');
  const err = ofType(r.iopub, 'error')[0].content;
  assert.equal(err.ename, 'RangeError');
  assert.equal(err.evalue, 'too big: 5');
  const tb = err.traceback as string[];
  assert.ok(
    tb.some((l) => /at check, cell \[\d+\] line 4$/.test(l)),
    tb.join('\n'),
  );
  assert.ok(
    tb.some((l) => /cell \[\d+\] line 7$/.test(l)),
    tb.join('\n'),
  );
  const again = await kernel.execute('answer + 1');
  assert.deepEqual(ofType(again.iopub, 'execute_result')[0].content.data, { 'text/plain': '43' });
});

test('interrupt stops a loop at its next checkpoint with CancelledError, and progress updates one bar', async () => {
  const r = await kernel.execute(
    'const cp = new pathlab.Checkpoint("longLoop", 100000);\ntry {\n  for (let i = 0; i < 100000; i++) {\n    await new Promise((res) => setTimeout(res, 2));\n    await cp.step();\n  }\n} finally { cp.end(); }',
    { timeout: 1.5, interruptGrace: 10 },
  );
  assert.equal(r.timedOut, true);
  assert.equal(r.reply.content.status, 'error');
  assert.equal(r.reply.content.ename, 'CancelledError');
  assert.equal(r.reply.content.evalue, "'longLoop' was cancelled.");
  const first = ofType(r.iopub, 'display_data');
  const updates = ofType(r.iopub, 'update_display_data');
  assert.equal(first.length, 1);
  assert.ok(updates.length >= 2);
  const id = (first[0].content.transient as { display_id: string }).display_id;
  assert.ok(updates.every((u) => (u.content.transient as { display_id: string }).display_id === id));
  assert.match(
    String((updates[updates.length - 1].content.data as Record<string, string>)['text/plain']),
    /^longLoop \[.*\] \d+\/100000 .* stopped$/,
  );
  const again = await kernel.execute('answer');
  assert.equal(again.reply.content.status, 'ok');
});

test('interrupt stops a synchronous loop too', async () => {
  const r = await kernel.execute('let spins = 0;\nwhile (true) { spins++; }', { timeout: 1, interruptGrace: 10 });
  assert.equal(r.timedOut, true);
  assert.equal(r.reply.content.status, 'error');
  assert.match(String(r.reply.content.evalue), /interrupted/i);
  assert.equal((await kernel.execute('1')).reply.content.status, 'ok');
});

test('interrupt during model.fit stops weight updates within one batch, with CancelledError at the cell line', async () => {
  const setup = await kernel.execute(
    [
      'const fitModel = tf.sequential({ layers: [tf.layers.dense({ units: 64, inputShape: [32], activation: "relu" }), tf.layers.dense({ units: 1 })] });',
      'fitModel.compile({ optimizer: "sgd", loss: "meanSquaredError" });',
      'const fitX = tf.randomNormal([2048, 32], 0, 1, "float32", 1);',
      'const fitY = tf.randomNormal([2048, 1], 0, 1, "float32", 2);',
      'const fitLog = { batches: 0, afterCancel: 0 };',
    ].join('\n'),
  );
  assert.equal(setup.reply.content.status, 'ok', JSON.stringify(setup.reply.content));
  const r = await kernel.execute(
    [
      'await fitModel.fit(fitX, fitY, { epochs: 100000, batchSize: 32, verbose: 0, callbacks: {',
      '  onBatchBegin: async () => { if (pathlab.isCancelRequested()) fitLog.afterCancel++; },',
      '  onBatchEnd: async () => { fitLog.batches++; } } });',
    ].join('\n'),
    { timeout: 1.5, interruptGrace: 10 },
  );
  assert.equal(r.timedOut, true);
  assert.equal(r.reply.content.status, 'error');
  assert.equal(r.reply.content.ename, 'CancelledError');
  assert.equal(r.reply.content.evalue, "'fit' was cancelled.");
  assert.ok(
    (r.reply.content.traceback as string[]).some((l) => /cell \[\d+\] line 1$/.test(l)),
    (r.reply.content.traceback as string[]).join('\n'),
  );
  // Training really stopped: no batch began after the interrupt beyond the one running, and the
  // weights do not change afterwards.
  const after = await kernel.execute(
    [
      'const w0 = fitModel.getWeights()[0].dataSync().slice();',
      'const b0 = fitLog.batches;',
      'await new Promise((res) => setTimeout(res, 700));',
      'const w1 = fitModel.getWeights()[0].dataSync();',
      '[b0 > 5, fitLog.afterCancel, fitLog.batches - b0, w0.every((v, i) => v === w1[i])]',
    ].join('\n'),
  );
  assert.equal(after.reply.content.status, 'ok', JSON.stringify(after.reply.content));
  assert.deepEqual(ofType(after.iopub, 'execute_result')[0].content.data, { 'text/plain': '[ true, 0, 0, true ]' });
  // The model can train again afterwards.
  const again = await kernel.execute('(await fitModel.fit(fitX, fitY, { epochs: 1, batchSize: 1024, verbose: 0 })).epoch');
  assert.deepEqual(ofType(again.iopub, 'execute_result')[0].content.data, { 'text/plain': '[ 0 ]' });
});

async function inspectAt(code: string, marker: string): Promise<string> {
  const cursor = code.indexOf(marker);
  assert.ok(cursor >= 0);
  const src = code.replace(marker, '');
  const { done } = kernel.request('inspect_request', { code: src, cursor_pos: cursor, detail_level: 0 });
  const { reply } = await done;
  assert.equal(reply.content.status, 'ok');
  assert.equal(reply.content.found, true, `nothing found at ${JSON.stringify(code)}`);
  return String((reply.content.data as Record<string, string>)['text/plain']);
}

test('inspect inside the parentheses and inside an options object shows the callee, its TSDoc and its option fields', async () => {
  const call = 'const eg = await expectedGradients(model, tf.zeros([2, 3]), { numSamples: 10, seed: 1 });';
  for (const marker of ['(model|', '|model', '{ numSamples: 10, |', 'numSamples: 1|0']) {
    const code = call.replace(marker.replace('|', ''), marker);
    const text = await inspectAt(code, '|');
    // A preloaded global is a const of the function's type.
    assert.match(
      text,
      /^const expectedGradients: \(model: ModelLike, inputs: InputLike, options\?: ExpectedGradientsOptions\) => Promise<AttributionResult>\n/,
      `${marker}: ${text}`,
    );
    assert.match(text, /Expected Gradients attributions with a Monte-Carlo standard error/, marker);
    assert.match(text, /\n {2}numSamples\?: number — Draws of \(reference, α\) per input\. Default: 200\./, `${marker}: ${text}`);
    assert.match(text, /\n {2}seed\?: Seed — Seed of the draws; .*Default: 0\./, marker);
  }
  // An unclosed call (still being typed) resolves too; a method call names the method.
  assert.match(await inspectAt('integratedGradients(m, x, { |', '|'), /^const integratedGradients: \(model/);
  assert.match(
    await inspectAt('tf.zeros([2, |', '|'),
    /^\(alias\) zeros<tf.Rank>\(shape: [\s\S]*Creates a `tf.Tensor` with all elements set to 0/,
  );
});

test('complete_reply metadata has the items with their types, and signatures for the first ones', async () => {
  const code = 'expectedGr';
  const { done } = kernel.request('complete_request', { code, cursor_pos: code.length });
  const { reply } = await done;
  assert.equal(reply.content.status, 'ok');
  assert.ok((reply.content.matches as string[]).includes('expectedGradients'));
  const items = (
    reply.content.metadata as {
      _jupyter_types_experimental: { text: string; type: string; signature?: string; start: number; end: number }[];
    }
  )._jupyter_types_experimental;
  const eg = items.find((i) => i.text === 'expectedGradients');
  assert.deepEqual(eg && { type: eg.type, start: eg.start, end: eg.end }, { type: 'function', start: 0, end: code.length });
  assert.match(String(eg?.signature), /^const expectedGradients: \(model: ModelLike/);
  const member = 'tf.zer';
  const m = await kernel.request('complete_request', { code: member, cursor_pos: member.length }).done;
  const items2 = (m.reply.content.metadata as { _jupyter_types_experimental: { text: string; type: string }[] })
    ._jupyter_types_experimental;
  assert.ok(
    items2.some((i) => i.text === 'zeros' && i.type !== 'text'),
    JSON.stringify(items2.slice(0, 5)),
  );
});

test('display handles update an output in place; display(bundle, { raw: true }) sends the bundle as it is', async () => {
  const r = await kernel.execute(
    'const h = display("first");\nh.update("second");\ndisplay({ "text/html": "<b>hi</b>", "text/plain": "hi" }, { raw: true });\nh.displayId',
  );
  assert.equal(r.reply.content.status, 'ok', JSON.stringify(r.reply.content));
  const shown = ofType(r.iopub, 'display_data');
  const updates = ofType(r.iopub, 'update_display_data');
  const id = (shown[0].content.transient as { display_id: string }).display_id;
  assert.deepEqual(shown[0].content.data, { 'text/plain': 'first' });
  assert.deepEqual(
    updates.map((u) => [(u.content.transient as { display_id: string }).display_id, u.content.data]),
    [[id, { 'text/plain': 'second' }]],
  );
  assert.deepEqual(shown[1].content.data, { 'text/html': '<b>hi</b>', 'text/plain': 'hi' });
  assert.deepEqual(ofType(r.iopub, 'execute_result')[0].content.data, { 'text/plain': id });
});

test('arrays of records and tensors render as HTML tables with a text fallback; console.log(tensor) prints values', async () => {
  const r = await kernel.execute(
    'console.log(tf.tensor1d([1, 2]));\n[{ method: "EG", gap: 0.0123456 }, { method: "IG", gap: -0.5 }]',
  );
  assert.equal(
    ofType(r.iopub, 'stream')[0].content.text,
    'Tensor\n  dtype: float32\n  rank: 1\n  shape: [2]\n  values:\n    [1, 2]\n',
  );
  const data = ofType(r.iopub, 'execute_result')[0].content.data as Record<string, string>;
  assert.equal(data['text/plain'], 'method      gap\nEG      0.01235\nIG         -0.5');
  assert.match(data['text/html'], /^<table class="pathlab-table"><thead><tr><th style="text-align:left">method<\/th>/);
  const t = await kernel.execute('tf.tensor2d([[1, 2], [3, 4]])');
  const td = ofType(t.iopub, 'execute_result')[0].content.data as Record<string, string>;
  assert.match(td['text/html'], /<caption style="text-align:left">Tensor float32 \[2, 2\]<\/caption>/);
});

test("pathlab's warnings are one note per cell (not stderr), and a result does not repeat them", async () => {
  const r = await kernel.execute(
    [
      'console.warn("pathlab: softplus recommended");',
      'console.warn("pathlab: softplus recommended");',
      'console.warn("something else");',
      '({ toText: () => "result\\nwarning: softplus recommended\\nwarning: other" })',
    ].join('\n'),
  );
  const notes = ofType(r.iopub, 'display_data');
  assert.deepEqual(
    notes.map((n) => (n.content.data as Record<string, string>)['text/plain']),
    ['⚠ pathlab warning: softplus recommended'],
  );
  assert.match((notes[0].content.data as Record<string, string>)['text/html'], /class="pathlab-warning"/);
  assert.deepEqual(
    ofType(r.iopub, 'stream').map((s) => [s.content.name, s.content.text]),
    [['stderr', 'something else\n']],
  );
  assert.deepEqual(ofType(r.iopub, 'execute_result')[0].content.data, { 'text/plain': 'result\nwarning: other' });
});

test('issue 16 #5: a burst of 4,096 one-KB lines and 300 charts arrives whole, counted at the client', async () => {
  const lines = await kernel.execute(
    'for (let i = 0; i < 4096; i++) console.log(String(i).padStart(6, "0") + "x".repeat(1017));',
  );
  assert.equal(lines.reply.content.status, 'ok');
  const text = ofType(lines.iopub, 'stream')
    .map((m) => String(m.content.text))
    .join('');
  const got = text.split('\n').filter((l) => l !== '');
  assert.equal(got.length, 4096);
  assert.ok(got.every((l, i) => l === String(i).padStart(6, '0') + 'x'.repeat(1017)));
  // Coalesced: far fewer messages than lines.
  assert.ok(ofType(lines.iopub, 'stream').length < 200);
  const charts = await kernel.execute(
    'for (let i = 0; i < 300; i++) display(linePlot({ a: [1, 2, i] }));\nconsole.log("after");',
  );
  assert.equal(charts.reply.content.status, 'ok');
  const shown = ofType(charts.iopub, 'display_data').filter((m) => (m.content.data as Record<string, unknown>)['image/png']);
  assert.equal(shown.length, 300);
  assert.equal(
    ofType(charts.iopub, 'stream')
      .map((m) => m.content.text)
      .join(''),
    'after\n',
  );
});

test('issue 16 #16: an unhandled rejection at top level is an error of the running cell', async () => {
  const r = await kernel.execute('Promise.reject(new Error("lost at top level"));\nconsole.log("after");');
  assert.equal(r.reply.content.status, 'error');
  assert.equal(r.reply.content.evalue, 'lost at top level');
  const errs = ofType(r.iopub, 'error');
  assert.equal(errs.length, 1);
  assert.equal(errs[0].content.ename, 'Error');
  const tb = errs[0].content.traceback as string[];
  assert.equal(tb[0], 'Unhandled promise rejection (a promise rejected with nothing awaiting or catching it):');
  assert.equal(tb[1], 'Error: lost at top level');
  assert.ok(
    tb.some((l) => /cell \[\d+\] line 1$/.test(l)),
    tb.join('\n'),
  );
  assert.equal(ofType(r.iopub, 'stream')[0].content.text, 'after\n');
});

test('issue 16 #16: an uncaught exception in a timer while the cell awaits is an error of that cell', async () => {
  const r = await kernel.execute(
    'await new Promise<void>((resolve) => setTimeout(() => { setTimeout(resolve, 50); throw new TypeError("thrown in a timer"); }, 10));',
  );
  assert.equal(r.reply.content.status, 'error');
  const err = ofType(r.iopub, 'error')[0].content;
  assert.equal(err.ename, 'TypeError');
  assert.equal(err.evalue, 'thrown in a timer');
  assert.equal((err.traceback as string[])[0], 'Uncaught exception (thrown in a callback such as setTimeout):');
});

test('issue 16 #16: a rejection after its cell ended is reported by the next cell, which does not run', async () => {
  const first = await kernel.execute('setTimeout(() => { Promise.reject(new Error("later")); }, 50);\n"scheduled"');
  assert.equal(first.reply.content.status, 'ok');
  const count = first.reply.content.execution_count as number;
  await new Promise((resolve) => setTimeout(resolve, 600));
  const next = await kernel.execute('console.log("not run");\n1');
  assert.equal(next.reply.content.status, 'error');
  assert.equal(next.reply.content.evalue, 'later');
  assert.equal(ofType(next.iopub, 'stream').length, 0);
  const tb = ofType(next.iopub, 'error')[0].content.traceback as string[];
  assert.equal(tb[0], 'Unhandled promise rejection (a promise rejected with nothing awaiting or catching it):');
  assert.equal(tb[tb.length - 1], asyncErrorText.afterCell(count));
  assert.equal(
    asyncErrorText.afterCell(3),
    'It was raised after cell In [3] had finished, so it is reported here and this cell was not run; run it again.',
  );
  const again = await kernel.execute('2');
  assert.equal(again.reply.content.status, 'ok');
});

test('issue 16 #21: a cell reading stdin fails at once with a clear message', async () => {
  const started = Date.now();
  const r = await kernel.execute('process.stdin.on("data", () => {});');
  assert.ok(Date.now() - started < 10000);
  assert.equal(r.reply.content.status, 'error');
  assert.equal(r.reply.content.ename, 'StdinError');
  assert.equal(r.reply.content.evalue, asyncErrorText.noStdin);
  assert.equal(
    asyncErrorText.noStdin,
    'A notebook cell cannot read standard input: the kernel has none (Jupyter sends no input to it). Give values as parameters (pathlab run -p name=value) or read them from a file.',
  );
});

test('issue 16 #16: an empty request after a late rejection reports it without "this cell was not run"', async () => {
  const first = await kernel.execute('setTimeout(() => { Promise.reject(new Error("after the last cell")); }, 20);');
  const count = first.reply.content.execution_count as number;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const check = await kernel.execute('');
  assert.equal(check.reply.content.status, 'error');
  assert.equal(check.reply.content.evalue, 'after the last cell');
  const tb = ofType(check.iopub, 'error')[0].content.traceback as string[];
  assert.equal(tb[tb.length - 1], asyncErrorText.afterCellEnded(count));
  assert.equal(asyncErrorText.afterCellEnded(3), 'It was raised after cell In [3] had finished.');
  assert.equal((await kernel.execute('2')).reply.content.status, 'ok');
});

test('issue 16 #21: fd 0 and /dev/stdin reads fail at once with StdinError, not silently empty', async () => {
  const reads = [
    'fs.readFileSync(0, "utf8")',
    'fs.readFileSync("/dev/stdin", "utf8")',
    'fs.readSync(0, Buffer.alloc(8))',
    'fs.openSync("/dev/stdin", "r")',
    'await fs.promises.readFile("/dev/stdin")',
    'await new Promise((res, rej) => fs.readFile(0, (e, d) => (e ? rej(e) : res(d))))',
  ];
  for (const read of reads) {
    const started = Date.now();
    const r = await kernel.execute(`import * as fs from "fs";\n${read};`);
    assert.ok(Date.now() - started < 10000, read);
    assert.equal(r.reply.content.status, 'error', read);
    assert.equal(r.reply.content.ename, 'StdinError', read);
    assert.equal(r.reply.content.evalue, asyncErrorText.noStdin, read);
  }
  // Beneath the fs calls fd 0 is a directory: any other read of it (a child that inherits it) fails too.
  const child = await kernel.execute(
    'import * as cp from "child_process";\nconst c = cp.spawnSync("cat", [], { stdio: ["inherit", "pipe", "pipe"], encoding: "utf8", timeout: 5000 });\nconsole.log(c.status, c.stderr.trim());',
  );
  assert.equal(child.reply.content.status, 'ok', String(child.reply.content.evalue));
  assert.equal(ofType(child.iopub, 'stream')[0].content.text, '1 cat: -: Is a directory\n');
  // Files are read as before.
  const file = await kernel.execute('import * as fs from "fs";\nfs.readFileSync("/proc/self/status", "utf8").slice(0, 5)');
  assert.equal(file.reply.content.status, 'ok', String(file.reply.content.evalue));
  assert.equal((ofType(file.iopub, 'execute_result')[0].content.data as Record<string, unknown>)['text/plain'], 'Name:');
});
