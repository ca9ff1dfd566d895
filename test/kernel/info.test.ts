import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { formatInfo } from '../../kernel/commands/info';

const cli = path.resolve(__dirname, '../../kernel/cli.js');

test('formatInfo names the native library and device', () => {
  const text = formatInfo({
    backend: 'tensorflow',
    requested: false,
    tfjsVersion: '4.22.0',
    nativePackage: '@tensorflow/tfjs-node',
    tensorflowVersion: '2.21.0',
    device: 'CPU',
    fallbackReasons: [],
  });
  assert.equal(
    text,
    'backend     tensorflow (chosen automatically)\ntfjs        4.22.0\npackage     @tensorflow/tfjs-node\nTensorFlow  2.21.0\ndevice      CPU\n',
  );
});

test('formatInfo on wasm reports SIMD and threads and how to get the native backend', () => {
  const text = formatInfo({
    backend: 'wasm',
    requested: true,
    tfjsVersion: '4.22.0',
    wasmSimd: true,
    wasmThreads: false,
    fallbackReasons: [],
  });
  assert.match(text, /^backend +wasm \(requested with PATHLAB_BACKEND\)$/m);
  assert.match(text, /^wasm SIMD +yes$/m);
  assert.match(text, /^wasm threads +no$/m);
  assert.match(text, /^native +to get it, run `npx pathlab setup-native`/m);
});

test('pathlab info --json reports the backend PATHLAB_BACKEND asks for', () => {
  const r = spawnSync(process.execPath, [cli, 'info', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, PATHLAB_BACKEND: 'cpu' },
  });
  assert.equal(r.status, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  assert.equal(info.backend, 'cpu');
  assert.equal(info.requested, true);
});

test('pathlab with an unknown command exits 2 and lists the commands', () => {
  const r = spawnSync(process.execPath, [cli, 'frobnicate'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
  assert.match(r.stderr, /^ {2}info /m);
  assert.match(r.stderr, /^ {2}setup-native /m);
});
