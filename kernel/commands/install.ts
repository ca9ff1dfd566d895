/**
 * `pathlab install [--user | --prefix DIR] [--check]`: writes the `pathlab` kernelspec, or
 * reports where it is and whether Jupyter sees it.
 */
import * as path from 'node:path';
import { KERNEL_DISPLAY_NAME, checkKernelspec, installKernelspec, kernelsDir, kernelspecFor, searchDirs } from '../kernelspec';

const USAGE = `usage: pathlab install [--user | --prefix DIR] [--check]

  --user        install for the current user (the default)
  --prefix DIR  install into DIR/share/jupyter/kernels (e.g. a virtualenv; add DIR/share/jupyter
                to JUPYTER_PATH if it is not a prefix Jupyter already searches)
  --check       do not install: say where the kernelspec is and whether Jupyter sees it
`;

export async function main(args: string[]): Promise<number> {
  let prefix: string | undefined;
  let check = false;
  let user = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--user') user = true;
    else if (a === '--prefix') prefix = args[++i];
    else if (a.startsWith('--prefix=')) prefix = a.slice('--prefix='.length);
    else if (a === '--check') check = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else {
      process.stderr.write(`pathlab install: unknown argument '${a}'.\n${USAGE}`);
      return 2;
    }
  }
  if (user && prefix !== undefined) {
    process.stderr.write(`pathlab install: --user and --prefix cannot be used together.\n${USAGE}`);
    return 2;
  }
  if (prefix === '') {
    process.stderr.write(`pathlab install: --prefix needs a folder.\n${USAGE}`);
    return 2;
  }
  if (check) {
    const r = checkKernelspec();
    if (r.found.length === 0) {
      process.stdout.write(
        `No '${KERNEL_DISPLAY_NAME}' kernelspec found. Searched:\n${searchDirs()
          .map((d) => `  ${d}`)
          .join('\n')}\nRun 'pathlab install'.\n`,
      );
      return 1;
    }
    process.stdout.write(`kernelspec: ${r.found[0]}\n`);
    for (const other of r.found.slice(1)) process.stdout.write(`also (shadowed): ${other}\n`);
    for (const p of r.problems) process.stdout.write(`problem: ${p}\n`);
    if (r.jupyterSees === null) process.stdout.write('jupyter: not installed (or did not run), cannot ask it\n');
    else if (r.jupyterSees) process.stdout.write(`jupyter: sees it at ${r.jupyterPath}\n`);
    else process.stdout.write('jupyter: does NOT list it (is the folder on JUPYTER_PATH?)\n');
    return r.problems.length === 0 && r.jupyterSees !== false ? 0 : 1;
  }
  const cli = path.resolve(__dirname, '..', 'cli.js');
  const dir = installKernelspec(kernelsDir({ prefix }), kernelspecFor(cli));
  process.stdout.write(`Installed kernelspec '${KERNEL_DISPLAY_NAME}' in ${dir}\n`);
  return 0;
}
