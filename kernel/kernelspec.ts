/**
 * The `pathlab` kernelspec: where Jupyter looks for kernelspecs, writing ours, and checking it.
 * Written directly (no `jupyter kernelspec install`), so installing needs no Python.
 * https://jupyter-client.readthedocs.io/en/latest/kernels.html#kernel-specs
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The kernel's name (the folder name and `--kernel_name`). */
export const KERNEL_NAME = 'pathlab';
/** The name front ends show. */
export const KERNEL_DISPLAY_NAME = 'TypeScript (pathlab)';

/** The content of kernel.json. */
export interface Kernelspec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'signal' | 'message';
  env?: Record<string, string>;
  metadata?: Record<string, unknown>;
}

/** The kernelspec that runs `cliPath` (this package's dist/kernel/cli.js) with `node`. */
export function kernelspecFor(cliPath: string, node: string = process.execPath): Kernelspec {
  return {
    argv: [node, cliPath, 'kernel', '--connection-file', '{connection_file}'],
    display_name: KERNEL_DISPLAY_NAME,
    language: 'typescript',
    // SIGINT stops synchronous code too (tslab runs cells with breakOnSigint).
    interrupt_mode: 'signal',
    metadata: { debugger: false },
  };
}

/** Jupyter's per-user data folder, as jupyter_core computes it. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  const home = env.HOME ?? os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Jupyter');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'jupyter');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'jupyter');
}

/** The kernels folder an install writes to: `--prefix DIR` or the user's data folder. */
export function kernelsDir(target: { prefix?: string }, env: NodeJS.ProcessEnv = process.env): string {
  if (target.prefix) return path.join(path.resolve(target.prefix), 'share', 'jupyter', 'kernels');
  return path.join(userDataDir(env), 'kernels');
}

/** The launcher logos Jupyter looks for in a kernelspec folder. */
export const LOGO_FILES = ['logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg'];

/** Where the logos ship: kernel/assets of the package (next to the sources, also from dist/). */
export function logoDir(): string {
  const here = path.join(__dirname, 'assets');
  return fs.existsSync(here) ? here : path.join(__dirname, '..', '..', 'kernel', 'assets');
}

/** Writes kernel.json and the logos into `<kernelsDir>/pathlab`; returns that folder. */
export function installKernelspec(dir: string, spec: Kernelspec): string {
  const target = path.join(dir, KERNEL_NAME);
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  for (const f of LOGO_FILES) {
    const src = path.join(logoDir(), f);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(target, f));
  }
  return target;
}

/** Where Jupyter searches for kernelspecs, without asking Python: JUPYTER_PATH, user, system. */
export function searchDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  for (const p of (env.JUPYTER_PATH ?? '').split(path.delimiter)) if (p) dirs.push(path.join(p, 'kernels'));
  dirs.push(path.join(userDataDir(env), 'kernels'));
  if (env.VIRTUAL_ENV) dirs.push(path.join(env.VIRTUAL_ENV, 'share', 'jupyter', 'kernels'));
  if (env.CONDA_PREFIX) dirs.push(path.join(env.CONDA_PREFIX, 'share', 'jupyter', 'kernels'));
  dirs.push('/usr/local/share/jupyter/kernels', '/usr/share/jupyter/kernels');
  return [...new Set(dirs)];
}

/** What `pathlab install --check` found. */
export interface KernelspecCheck {
  /** Folders holding a `pathlab` kernelspec, in search order (the first wins). */
  found: string[];
  /** Problems with the first one found (argv pointing nowhere, ...). */
  problems: string[];
  /** Whether `jupyter kernelspec list` lists it; null when jupyter is not installed. */
  jupyterSees: boolean | null;
  /** Where jupyter says it is, when it sees it. */
  jupyterPath?: string;
}

/** Looks for the kernelspec where Jupyter would, and asks `jupyter kernelspec list` if it can. */
export function checkKernelspec(env: NodeJS.ProcessEnv = process.env): KernelspecCheck {
  const found = searchDirs(env)
    .map((d) => path.join(d, KERNEL_NAME))
    .filter((d) => fs.existsSync(path.join(d, 'kernel.json')));
  const problems: string[] = [];
  if (found.length > 0) {
    try {
      const spec = JSON.parse(fs.readFileSync(path.join(found[0], 'kernel.json'), 'utf8')) as Partial<Kernelspec>;
      const argv = spec.argv ?? [];
      if (!argv.includes('{connection_file}')) problems.push("its argv has no '{connection_file}'");
      if (argv[0] && path.isAbsolute(argv[0]) && !fs.existsSync(argv[0])) problems.push(`its node '${argv[0]}' does not exist`);
      if (argv[1] && !fs.existsSync(argv[1]))
        problems.push(`its CLI '${argv[1]}' does not exist (run 'npm run build', then 'pathlab install' again)`);
    } catch (e) {
      problems.push(`its kernel.json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  let jupyterSees: boolean | null = null;
  let jupyterPath: string | undefined;
  const r = spawnSync('jupyter', ['kernelspec', 'list', '--json'], { env, encoding: 'utf8', timeout: 30000 });
  if (!r.error && r.status === 0) {
    try {
      const list = JSON.parse(r.stdout) as { kernelspecs: Record<string, { resource_dir: string }> };
      jupyterSees = KERNEL_NAME in list.kernelspecs;
      jupyterPath = list.kernelspecs[KERNEL_NAME]?.resource_dir;
    } catch {
      jupyterSees = null;
    }
  }
  return { found, problems, jupyterSees, jupyterPath };
}
