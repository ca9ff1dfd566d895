/**
 * `pathlab setup-native`: builds the native TensorFlow backend (the binding of
 * @tensorflow/tfjs-node, or -gpu) from the npm package's own sources against a libtensorflow that
 * is already on this machine, with no network.
 *
 * Why: tfjs-node's install script downloads libtensorflow 2.9 and a prebuilt binding, which fails
 * on machines without internet access (npm then drops the optional dependency and pathlab runs on
 * wasm). A Python TensorFlow install ships the same C API (`libtensorflow_cc.so.2`,
 * `libtensorflow_framework.so.2`, headers under `include/`), newer and with oneDNN, so building the
 * binding against it gives a faster backend than the stock one.
 *
 * Everything it writes is under the project's node_modules: the package is unpacked from npm's
 * cache into node_modules/@tensorflow/tfjs-node[-gpu] (its own dependencies nested inside it so that
 * it shares the project's single copy of @tensorflow/tfjs), and `deps/` there links to the
 * TensorFlow library.
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Environment variable naming a directory that holds libtensorflow (see {@link findLibtensorflow}). */
export const LIBTENSORFLOW_ENV = 'PATHLAB_LIBTENSORFLOW';
/** Environment variable naming the Python interpreter to look for TensorFlow in. */
export const PYTHON_ENV = 'PATHLAB_PYTHON';

/** A libtensorflow found on this machine: its shared libraries and its C headers. */
export interface Libtensorflow {
  /** Where it was found, for messages. */
  source: string;
  /** The main library (libtensorflow_cc.so.2 in a Python install, libtensorflow.so.2 in the C release). */
  library: string;
  /** libtensorflow_framework.so.2. */
  framework: string;
  /** Directory containing tensorflow/c/c_api.h. */
  include: string;
}

/** A failure of setup-native with one clear message. */
export class SetupNativeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupNativeError';
  }
}

export const setupNativeMessages = {
  noTensorflow: (tried: string[]) =>
    `setup-native: no TensorFlow library found (looked in: ${tried.join('; ')}). ` +
    `Install one with \`pip install tensorflow-cpu\` (or tensorflow for GPU), or set ${LIBTENSORFLOW_ENV} ` +
    `to a directory holding libtensorflow_cc.so.2 (or lib/libtensorflow.so.2), libtensorflow_framework.so.2 ` +
    `and include/tensorflow/c/c_api.h.`,
  badLibtensorflowDir: (dir: string, missing: string) =>
    `setup-native: ${LIBTENSORFLOW_ENV}=${dir} does not hold a usable libtensorflow: ${missing} not found.`,
  noCompiler: (missing: string[]) =>
    `setup-native: cannot build the binding, ${missing.join(', ')} not found on PATH. ` +
    `Install a C++ toolchain (Debian: \`apt-get install g++ make python3\`) and run it again.`,
  noNodeHeaders: (tried: string[]) =>
    `setup-native: Node.js headers (include/node/node_api.h) not found in ${tried.join(', ')}; ` +
    `install them (Debian: \`apt-get install libnode-dev\` or the nodejs package with headers) or set npm_config_nodedir.`,
  notInCache: (pkg: string, detail: string) =>
    `setup-native: ${pkg} is not in node_modules and npm could not unpack it (${detail}). ` +
    `Run \`npm ci\` in the project (it keeps the package's sources) or \`npm cache add ${pkg}\` where the registry is reachable, then run this again.`,
  buildFailed: (log: string) => `setup-native: building the binding failed; the compiler said:\n${log}`,
  loadFailed: (detail: string) => `setup-native: the binding was built but does not load: ${detail}`,
};

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
}

function onPath(cmd: string): boolean {
  return run('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function exists(p: string): boolean {
  return fs.existsSync(p);
}

/** Checks a directory in either layout: Python's (libs at top) or the C release's (lib/). */
function libtensorflowIn(dir: string, source: string): Libtensorflow | string {
  const candidates = [
    { library: path.join(dir, 'libtensorflow_cc.so.2'), framework: path.join(dir, 'libtensorflow_framework.so.2') },
    { library: path.join(dir, 'lib', 'libtensorflow.so.2'), framework: path.join(dir, 'lib', 'libtensorflow_framework.so.2') },
    { library: path.join(dir, 'lib', 'libtensorflow_cc.so.2'), framework: path.join(dir, 'lib', 'libtensorflow_framework.so.2') },
  ];
  const libs = candidates.find((c) => exists(c.library) && exists(c.framework));
  if (!libs) return 'libtensorflow_cc.so.2 / lib/libtensorflow.so.2 with libtensorflow_framework.so.2';
  const include = path.join(dir, 'include');
  if (!exists(path.join(include, 'tensorflow', 'c', 'c_api.h'))) return 'include/tensorflow/c/c_api.h';
  return { source, ...libs, include };
}

/** Where a Python interpreter has TensorFlow installed, if it has. */
function pythonTensorflowDir(python: string): string | null {
  const r = run(python, [
    '-c',
    "import importlib.util as u; s = u.find_spec('tensorflow'); print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')",
  ]);
  const dir = r.status === 0 ? r.stdout.trim() : '';
  return dir || null;
}

/**
 * Finds a libtensorflow: `PATHLAB_LIBTENSORFLOW` if set (an error if it is unusable), else the
 * `tensorflow` package of `PATHLAB_PYTHON` if set, else of `python3` or `python`.
 */
export function findLibtensorflow(env: NodeJS.ProcessEnv = process.env): Libtensorflow {
  const explicit = env[LIBTENSORFLOW_ENV];
  if (explicit) {
    const found = libtensorflowIn(path.resolve(explicit), `${LIBTENSORFLOW_ENV}=${explicit}`);
    if (typeof found === 'string') throw new SetupNativeError(setupNativeMessages.badLibtensorflowDir(explicit, found));
    return found;
  }
  const tried: string[] = [`${LIBTENSORFLOW_ENV} (not set)`];
  // An explicit interpreter is the only one asked: looking further would hide a wrong setting.
  const pythons = env[PYTHON_ENV] ? [env[PYTHON_ENV] as string] : ['python3', 'python'];
  for (const python of pythons) {
    if (!onPath(python) && !exists(python)) {
      tried.push(`${python} (not found)`);
      continue;
    }
    const dir = pythonTensorflowDir(python);
    if (!dir) {
      tried.push(`${python} (no tensorflow package)`);
      continue;
    }
    const found = libtensorflowIn(dir, `${python}: ${dir}`);
    if (typeof found !== 'string') return found;
    tried.push(`${dir} (${found} missing)`);
  }
  throw new SetupNativeError(setupNativeMessages.noTensorflow(tried));
}

/** Node's headers for node-gyp, which must not try to download them. */
export function findNodeDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.npm_config_nodedir, path.resolve(path.dirname(process.execPath), '..'), '/usr', '/usr/local'].filter(
    (p): p is string => Boolean(p),
  );
  for (const dir of candidates) {
    if (exists(path.join(dir, 'include', 'node', 'node_api.h'))) return dir;
  }
  throw new SetupNativeError(setupNativeMessages.noNodeHeaders(candidates));
}

/** The node-gyp that ships with npm. */
function findNodeGyp(): string {
  const npmCli = run('sh', ['-c', 'readlink -f "$(command -v npm)"']).stdout.trim();
  const candidates = [
    npmCli && path.resolve(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.resolve(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find(exists);
  if (!found) throw new SetupNativeError(setupNativeMessages.noCompiler(['node-gyp (bundled with npm)']));
  return found;
}

/** The project root: the directory whose node_modules holds @tensorflow/tfjs. */
export function projectRoot(): string {
  return path.resolve(path.dirname(require.resolve('@tensorflow/tfjs/package.json')), '..', '..', '..');
}

function tfjsVersion(root: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '@tensorflow', 'tfjs', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

/**
 * Makes the package's sources present in node_modules without running its install script:
 * npm installs it, offline from its cache, into a staging folder; the package is moved next to
 * @tensorflow/tfjs and its other dependencies are nested inside it.
 */
function ensurePackageSources(root: string, pkg: string, version: string, log: (s: string) => void): string {
  const target = path.join(root, 'node_modules', ...pkg.split('/'));
  if (exists(path.join(target, 'binding.gyp')) && isResolvable(target, '@mapbox/node-pre-gyp')) return target;
  const staging = path.join(root, 'node_modules', '.cache', 'pathlab-native');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'pathlab-native-staging', private: true }));
  log(`unpacking ${pkg}@${version} from npm's cache (offline, install scripts off)`);
  const install = (mode: string) =>
    run('npm', [
      'install',
      '--prefix',
      staging,
      mode,
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--omit=dev',
      `${pkg}@${version}`,
    ]);
  let r = install('--offline');
  if (r.status !== 0 && /ENOTCACHED/.test(r.stderr + r.stdout) && !process.env.PATHLAB_NATIVE_OFFLINE) {
    // The cache holds tarballs but not always the package metadata npm resolves a version with;
    // the npm registry is the only place asked, and only for this package and its dependencies.
    log(`npm's cache lacks ${pkg}'s metadata; asking the npm registry (set PATHLAB_NATIVE_OFFLINE=1 to forbid)`);
    r = install('--prefer-offline');
  }
  if (r.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    const detail = (r.stderr || r.stdout).split('\n').find((l) => /npm (error|ERR)/.test(l)) ?? `npm exited with ${r.status}`;
    throw new SetupNativeError(setupNativeMessages.notInCache(`${pkg}@${version}`, detail.trim()));
  }
  const stagedModules = path.join(staging, 'node_modules');
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(path.join(stagedModules, ...pkg.split('/')), target);
  const nested = path.join(target, 'node_modules');
  fs.mkdirSync(nested, { recursive: true });
  for (const entry of fs.readdirSync(stagedModules)) {
    // Its @tensorflow/* must resolve to the project's copy: two tfjs-cores would not share backends.
    if (entry === '@tensorflow' || entry === '.package-lock.json') continue;
    fs.renameSync(path.join(stagedModules, entry), path.join(nested, entry));
  }
  fs.rmSync(staging, { recursive: true, force: true });
  return target;
}

function isResolvable(from: string, request: string): boolean {
  try {
    require.resolve(request, { paths: [from] });
    return true;
  } catch {
    return false;
  }
}

/** Points deps/ of the package at the libtensorflow, under the names binding.gyp links with. */
function linkLibtensorflow(pkgDir: string, lib: Libtensorflow): void {
  const deps = path.join(pkgDir, 'deps');
  fs.rmSync(deps, { recursive: true, force: true });
  fs.mkdirSync(path.join(deps, 'lib'), { recursive: true });
  fs.symlinkSync(lib.include, path.join(deps, 'include'));
  const links: Record<string, string> = {
    'libtensorflow.so': lib.library,
    'libtensorflow_framework.so': lib.framework,
    // The SONAMEs the built binding asks the loader for.
    [path.basename(lib.library)]: lib.library,
    'libtensorflow_framework.so.2': lib.framework,
  };
  for (const [name, targetPath] of Object.entries(links)) {
    const link = path.join(deps, 'lib', name);
    if (!exists(link)) fs.symlinkSync(targetPath, link);
  }
}

function build(pkgDir: string, nodeDir: string, log: (s: string) => void): void {
  const gyp = findNodeGyp();
  const modulePath = path.join(pkgDir, 'lib', 'napi-v8');
  log('compiling the binding with node-gyp');
  const r = run(
    process.execPath,
    [
      gyp,
      'rebuild',
      `--nodedir=${nodeDir}`,
      '--module_name=tfjs_binding',
      `--module_path=${modulePath}`,
      '--napi_build_version=8',
    ],
    { cwd: pkgDir, env: { ...process.env, npm_config_nodedir: nodeDir } },
  );
  if (r.status !== 0 || !exists(path.join(modulePath, 'tfjs_binding.node'))) {
    const out = `${r.stdout}\n${r.stderr}`
      .split('\n')
      .filter((l) => /error|Error|not found/.test(l))
      .slice(-15)
      .join('\n');
    throw new SetupNativeError(setupNativeMessages.buildFailed(out || `node-gyp exited with ${r.status}`));
  }
}

/** Loads the built package in a fresh process and reports what runs. */
function verify(root: string, pkg: string): { tensorflowVersion: string; device: string } {
  const script = `
    process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL || '2';
    const tf = require(${JSON.stringify(pkg)});
    const b = tf.backend();
    if (tf.getBackend() !== 'tensorflow') throw new Error('backend is ' + tf.getBackend());
    const y = tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).dataSync();
    if (y[0] !== 2) throw new Error('matMul gave ' + y[0]);
    console.log(JSON.stringify({ tensorflowVersion: b.binding.TF_Version, device: b.isUsingGpuDevice ? 'GPU' : 'CPU' }));`;
  const r = run(process.execPath, ['-e', script], { cwd: root });
  if (r.status !== 0) {
    const line = r.stderr.split('\n').find((l) => /Error/.test(l)) ?? r.stderr.trim().split('\n').pop() ?? '';
    throw new SetupNativeError(setupNativeMessages.loadFailed(line));
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as { tensorflowVersion: string; device: string };
}

/** Options of {@link setupNative}. */
export interface SetupNativeOptions {
  /** Build @tensorflow/tfjs-node-gpu (against a CUDA-enabled TensorFlow). Default: false. */
  gpu?: boolean;
  /** Where messages go. Default: stderr. */
  log?: (line: string) => void;
}

/** Builds and verifies the native backend; returns what now runs. Throws {@link SetupNativeError}. */
export function setupNative(options: SetupNativeOptions = {}): {
  pkg: string;
  tensorflowVersion: string;
  device: string;
  library: string;
} {
  const log = options.log ?? ((s: string) => process.stderr.write(`setup-native: ${s}\n`));
  const pkg = options.gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  const missing = ['c++', 'make', 'python3'].filter((c) => !onPath(c));
  if (missing.length) throw new SetupNativeError(setupNativeMessages.noCompiler(missing));
  const lib = findLibtensorflow();
  log(`using TensorFlow from ${lib.source}`);
  const nodeDir = findNodeDir();
  const root = projectRoot();
  const pkgDir = ensurePackageSources(root, pkg, tfjsVersion(root), log);
  linkLibtensorflow(pkgDir, lib);
  build(pkgDir, nodeDir, log);
  const v = verify(root, pkg);
  return { pkg, library: lib.library, ...v };
}

export async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      'usage: pathlab setup-native [--gpu]\n\n' +
        "Builds the native TensorFlow backend from @tensorflow/tfjs-node's sources against a TensorFlow\n" +
        `already on this machine (a Python tensorflow package, or ${LIBTENSORFLOW_ENV}=DIR), offline.\n` +
        '  --gpu   build @tensorflow/tfjs-node-gpu (needs a CUDA-enabled TensorFlow)\n',
    );
    return 0;
  }
  const unknown = args.filter((a) => a !== '--gpu');
  if (unknown.length) {
    process.stderr.write(`pathlab setup-native: unknown option '${unknown[0]}'. Options: --gpu.\n`);
    return 2;
  }
  try {
    const r = setupNative({ gpu: args.includes('--gpu') });
    process.stdout.write(
      `setup-native: ${r.pkg} built against TensorFlow ${r.tensorflowVersion} (${r.device}); the tensorflow backend is now the default.\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof SetupNativeError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
