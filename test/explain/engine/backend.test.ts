import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NATIVE_HINT } from '../../../explain/engine';

// Backend choice happens once per process, so every case runs in a child process of its own.
const enginePath = path.resolve(__dirname, '../../../explain/engine');

function choose(env: Record<string, string | undefined>, preload?: string): { code: number | null; out: string; err: string } {
  const script = `require(${JSON.stringify(enginePath)}).ready().then(
    (i) => console.log(JSON.stringify(i)),
    (e) => { console.error('ERR ' + e.message); process.exit(3); })`;
  const args = preload ? ['-r', preload, '-e', script] : ['-e', script];
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PATHLAB_QUIET: '', ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: childEnv });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function nativeInstalled(): boolean {
  return choose({ PATHLAB_BACKEND: 'tensorflow' }).code === 0;
}

/** A preload that makes the native packages fail to load, as on a machine without them. */
function hideNative(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-')), 'hide-native.js');
  fs.writeFileSync(
    file,
    `const M = require('module'); const orig = M._resolveFilename;
     M._resolveFilename = function (req, ...rest) {
       if (/^@tensorflow\\/tfjs-node(-gpu)?$/.test(req)) { const e = new Error("Cannot find module '" + req + "'"); e.code = 'MODULE_NOT_FOUND'; throw e; }
       return orig.call(this, req, ...rest);
     };`,
  );
  return file;
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`PATHLAB_BACKEND=${backend} selects ${backend}`, () => {
    const r = choose({ PATHLAB_BACKEND: backend });
    assert.equal(r.code, 0, r.err);
    const info = JSON.parse(r.out);
    assert.equal(info.backend, backend);
    assert.equal(info.requested, true);
    assert.match(info.tfjsVersion, /^4\.\d+\.\d+$/);
    if (backend === 'wasm') assert.equal(typeof info.wasmSimd, 'boolean');
  });
}

test(
  'PATHLAB_BACKEND=tensorflow selects the native backend and reports its TensorFlow',
  { skip: !nativeInstalled() && 'native backend not built here' },
  () => {
    const r = choose({ PATHLAB_BACKEND: 'tensorflow' });
    const info = JSON.parse(r.out);
    assert.equal(info.backend, 'tensorflow');
    assert.match(info.tensorflowVersion, /^2\.\d+/);
    assert.ok(info.device === 'CPU' || info.device === 'GPU');
  },
);

test('an unknown PATHLAB_BACKEND is an error listing the valid names', () => {
  const r = choose({ PATHLAB_BACKEND: 'webgpu' });
  assert.equal(r.code, 3);
  assert.equal(r.err.trim(), "ERR PATHLAB_BACKEND must be one of 'tensorflow', 'wasm', 'cpu', but got 'webgpu'.");
  assert.match(r.err, /'tensorflow', 'wasm', 'cpu', but got 'webgpu'/);
});

test('a requested backend that cannot load is an error, not a silent fallback', () => {
  const r = choose({ PATHLAB_BACKEND: 'tensorflow' }, hideNative());
  assert.equal(r.code, 3);
  assert.equal(
    r.err.trim(),
    "ERR PATHLAB_BACKEND='tensorflow' was requested but that backend cannot be loaded: @tensorflow/tfjs-node-gpu is not installed; @tensorflow/tfjs-node is not installed. To get it, run `npx pathlab setup-native` (builds it against a local TensorFlow, e.g. `pip install tensorflow-cpu`) or `npm rebuild @tensorflow/tfjs-node --ignore-scripts=false` where the network allows its download.",
  );
  assert.ok(r.err.includes(NATIVE_HINT));
});

test('automatic choice falls back to wasm without the native backend and says so once, with the way to get it', () => {
  const r = choose({ PATHLAB_BACKEND: undefined }, hideNative());
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).backend, 'wasm');
  const notices = r.err.split('\n').filter((l) => l.startsWith('pathlab:'));
  assert.equal(notices.length, 1);
  assert.match(notices[0], /native TensorFlow backend unavailable, using wasm/);
  assert.ok(notices[0].includes('setup-native'));
});

test(
  'automatic choice prefers the native backend when it loads',
  { skip: !nativeInstalled() && 'native backend not built here' },
  () => {
    const r = choose({ PATHLAB_BACKEND: undefined });
    assert.equal(JSON.parse(r.out).backend, 'tensorflow');
    assert.equal(r.err.split('\n').filter((l) => l.startsWith('pathlab:')).length, 0);
  },
);
