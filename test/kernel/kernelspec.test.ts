import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  KERNEL_DISPLAY_NAME,
  checkKernelspec,
  installKernelspec,
  kernelsDir,
  kernelspecFor,
  userDataDir,
} from '../../kernel/kernelspec';

test('the kernelspec runs this CLI with the connection file, interrupted by signal', () => {
  const spec = kernelspecFor('/pkg/dist/kernel/cli.js', '/usr/bin/node');
  assert.deepEqual(spec.argv, ['/usr/bin/node', '/pkg/dist/kernel/cli.js', 'kernel', '--connection-file', '{connection_file}']);
  assert.equal(spec.display_name, 'TypeScript (pathlab)');
  assert.equal(spec.language, 'typescript');
  assert.equal(spec.interrupt_mode, 'signal');
});

test('install locations follow jupyter_core', () => {
  assert.equal(userDataDir({ HOME: '/h' }, 'linux'), '/h/.local/share/jupyter');
  assert.equal(userDataDir({ HOME: '/h', XDG_DATA_HOME: '/x' }, 'linux'), '/x/jupyter');
  assert.equal(userDataDir({ HOME: '/h' }, 'darwin'), '/h/Library/Jupyter');
  assert.equal(userDataDir({ JUPYTER_DATA_DIR: '/j' }, 'linux'), '/j');
  assert.equal(kernelsDir({ prefix: '/p' }), '/p/share/jupyter/kernels');
});

test('install then check finds it on JUPYTER_PATH and reports a missing CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-spec-'));
  try {
    const target = installKernelspec(kernelsDir({ prefix: dir }), kernelspecFor(path.join(dir, 'missing-cli.js')));
    const spec = JSON.parse(fs.readFileSync(path.join(target, 'kernel.json'), 'utf8'));
    assert.equal(spec.display_name, KERNEL_DISPLAY_NAME);
    // The launcher logos, a real 64 × 64 PNG and an SVG.
    assert.deepEqual(fs.readdirSync(target).sort(), ['kernel.json', 'logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg']);
    const png = fs.readFileSync(path.join(target, 'logo-64x64.png'));
    assert.deepEqual([png.subarray(1, 4).toString('latin1'), png.readUInt32BE(16), png.readUInt32BE(20)], ['PNG', 64, 64]);
    assert.match(fs.readFileSync(path.join(target, 'logo-svg.svg'), 'utf8'), /^<svg [^>]*viewBox="0 0 64 64"/);
    const env = { PATH: '/nonexistent', HOME: dir, JUPYTER_PATH: path.join(dir, 'share', 'jupyter') };
    const r = checkKernelspec(env);
    assert.deepEqual(r.found, [target]);
    assert.equal(r.jupyterSees, null);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0], /missing-cli\.js' does not exist/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
