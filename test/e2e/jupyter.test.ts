/** Interoperability: Jupyter's own client (nbclient, `jupyter execute`) runs pathlab notebooks. */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '..', '..', 'kernel', 'cli.js');
let dir: string;
let env: NodeJS.ProcessEnv;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-jupyter-e2e-'));
  // Installed under a private prefix on JUPYTER_PATH, so the test never touches the user's Jupyter.
  env = { ...process.env, JUPYTER_PATH: path.join(dir, 'prefix', 'share', 'jupyter'), JUPYTER_DATA_DIR: path.join(dir, 'data') };
  const r = spawnSync(process.execPath, [CLI, 'install', '--prefix', path.join(dir, 'prefix')], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('pathlab install --check finds the kernelspec and jupyter sees it', () => {
  const r = spawnSync(process.execPath, [CLI, 'install', '--check'], { env, encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /jupyter: sees it at .*prefix\/share\/jupyter\/kernels\/pathlab/);
});

test('jupyter execute --kernel_name=pathlab runs a notebook with a chart and writes the bundle', () => {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'pathlab', display_name: 'TypeScript (pathlab)', language: 'typescript' } },
    cells: [
      { id: 'a', cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: 'const n: number = 2 + 3;\nn' },
      {
        id: 'b',
        cell_type: 'code',
        metadata: {},
        execution_count: null,
        outputs: [],
        source:
          'const chart = { toMimeBundle: async () => ({ "application/vnd.vegalite.v5+json": { mark: "bar", data: { values: [{ x: n }] }, encoding: { x: { field: "x", type: "quantitative" } } }, "image/svg+xml": "<svg/>", "image/png": new Uint8Array([1]), "text/plain": "chart" }) };\nchart',
      },
    ],
  };
  const file = path.join(dir, 'interop.ipynb');
  fs.writeFileSync(file, JSON.stringify(nb));
  const r = spawnSync('jupyter', ['execute', '--kernel_name=pathlab', '--inplace', file], {
    env,
    cwd: dir,
    encoding: 'utf8',
    timeout: 180000,
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    cells: { outputs: { output_type: string; data: Record<string, unknown> }[] }[];
  };
  const text = out.cells[0].outputs[0].data['text/plain'];
  assert.equal(Array.isArray(text) ? text.join('') : text, '5');
  const chart = out.cells[1].outputs[0];
  assert.equal(chart.output_type, 'execute_result');
  assert.deepEqual(Object.keys(chart.data).sort(), [
    'application/vnd.vegalite.v5+json',
    'image/png',
    'image/svg+xml',
    'text/plain',
  ]);
  assert.equal(String(chart.data['image/png']).trim(), 'AQ==');
});
