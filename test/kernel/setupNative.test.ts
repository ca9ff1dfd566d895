import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findLibtensorflow, setupNative, SetupNativeError } from '../../kernel/commands/setupNative';

const cli = path.resolve(__dirname, '../../kernel/cli.js');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-native-'));

function pathlab(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

test('no compiler on PATH: one clear message naming what is missing', () => {
  const bin = tmp();
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  const r = pathlab(['setup-native'], { PATH: bin });
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr.trim(),
    'setup-native: cannot build the binding, c++, make, python3 not found on PATH. Install a C++ toolchain (Debian: `apt-get install g++ make python3`) and run it again.',
  );
});

test('a PATHLAB_LIBTENSORFLOW without the library: one clear message', () => {
  const dir = tmp();
  assert.throws(
    () => findLibtensorflow({ PATHLAB_LIBTENSORFLOW: dir }),
    (e: unknown) => {
      assert.ok(e instanceof SetupNativeError);
      assert.equal(
        e.message,
        `setup-native: PATHLAB_LIBTENSORFLOW=${dir} does not hold a usable libtensorflow: libtensorflow_cc.so.2 / lib/libtensorflow.so.2 with libtensorflow_framework.so.2 not found.`,
      );
      return true;
    },
  );
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

test(
  'no TensorFlow in the Python asked: one clear message listing where it looked',
  { skip: !hasPython && 'no python3 here' },
  () => {
    // A real interpreter without TensorFlow: a fresh venv that does not see the system's packages.
    const venv = tmp();
    const made = spawnSync('python3', ['-m', 'venv', '--without-pip', venv]);
    assert.equal(made.status, 0, String(made.stderr));
    const python = path.join(venv, 'bin', 'python');
    assert.throws(
      () => findLibtensorflow({ PATHLAB_PYTHON: python }),
      (e: unknown) => {
        assert.ok(e instanceof SetupNativeError);
        assert.equal(
          e.message,
          `setup-native: no TensorFlow library found (looked in: PATHLAB_LIBTENSORFLOW (not set); ${python} (no tensorflow package)). Install one with \`pip install tensorflow-cpu\` (or tensorflow for GPU), or set PATHLAB_LIBTENSORFLOW to a directory holding libtensorflow_cc.so.2 (or lib/libtensorflow.so.2), libtensorflow_framework.so.2 and include/tensorflow/c/c_api.h.`,
        );
        return true;
      },
    );
  },
);

const pythonHasTensorflow =
  spawnSync('python3', ['-c', "import importlib.util as u; raise SystemExit(0 if u.find_spec('tensorflow') else 1)"]).status ===
  0;

test('finds the TensorFlow of a Python install', { skip: !pythonHasTensorflow && 'python3 has no tensorflow here' }, () => {
  const lib = findLibtensorflow({});
  assert.match(path.basename(lib.library), /^libtensorflow(_cc)?\.so\.2$/);
  assert.ok(fs.existsSync(path.join(lib.include, 'tensorflow', 'c', 'c_api.h')));
});

// The full build takes ~15 s and rebuilds the binding inside the installed @tensorflow/tfjs-node,
// which every other test process loads: it cannot run beside them (nor beside another checkout's
// test run sharing node_modules). So it is opt-in, and CI runs it on its own after the unit tests.
test(
  'setup-native builds a binding that yields the tensorflow backend',
  {
    skip:
      (process.env.PATHLAB_BACKEND !== 'tensorflow' || !pythonHasTensorflow || process.env.PATHLAB_TEST_SETUP_NATIVE !== '1') &&
      'runs alone with PATHLAB_TEST_SETUP_NATIVE=1 in the tensorflow pass, with tensorflow-cpu installed',
  },
  () => {
    const r = setupNative({ log: () => {} });
    assert.equal(r.pkg, '@tensorflow/tfjs-node');
    assert.match(r.tensorflowVersion, /^2\.\d+/);
    const info = pathlab(['info', '--json'], { PATHLAB_BACKEND: '' });
    assert.equal(info.status, 0, info.stderr);
    assert.equal(JSON.parse(info.stdout).backend, 'tensorflow');
  },
);
