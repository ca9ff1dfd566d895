/**
 * `pathlab run <notebook...> [-p name=value ...] [--out DIR] [--timeout SECONDS] [--allow-errors]`:
 * papermill for TypeScript notebooks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { outputErrors, runOutputPaths } from '../outputPaths';
import { parseParameterArgs } from '../parameters';
import { runNotebook } from '../runNotebook';

const USAGE = `usage: pathlab run <notebook.ipynb...> [-p name=value ...] [--out DIR] [--timeout SECONDS] [--allow-errors] [--kernel pathlab]

  -p, --parameter name=value  set a parameter declared in the cell tagged 'parameters'
  --out DIR                   write executed notebooks into DIR (default: <name>.out.ipynb beside each)
  --timeout SECONDS           interrupt a cell running longer than this, kill the kernel if it does not stop
  --allow-errors              run every cell even after one fails, and exit 0
  --kernel pathlab            run a notebook whose kernelspec names another kernel on pathlab anyway
`;

export async function main(args: string[]): Promise<number> {
  const notebooks: string[] = [];
  const params: string[] = [];
  let out: string | undefined;
  let timeout = 0;
  let allowErrors = false;
  let kernelName: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-p' || a === '--parameter') params.push(args[++i] ?? '');
    else if (a.startsWith('--parameter=')) params.push(a.slice('--parameter='.length));
    else if (a === '--out' || a.startsWith('--out=')) {
      out = a === '--out' ? args[++i] : a.slice('--out='.length);
      // `--out` last, or followed by another option, would otherwise write beside the inputs.
      if (out === undefined || out === '' || (a === '--out' && out.startsWith('-'))) {
        process.stderr.write(`${outputErrors.missingValue('pathlab run', '--out')}\n${USAGE}`);
        return 2;
      }
    } else if (a === '--kernel' || a.startsWith('--kernel=')) {
      kernelName = a === '--kernel' ? args[++i] : a.slice('--kernel='.length);
      if (kernelName !== 'pathlab') {
        process.stderr.write(
          `pathlab run: --kernel must be 'pathlab' (the only kernel pathlab run starts), but got '${kernelName ?? ''}'.\n`,
        );
        return 2;
      }
    } else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = a === '--timeout' ? args[++i] : a.slice('--timeout='.length);
      timeout = Number(v);
      if (!(timeout > 0)) {
        process.stderr.write(`pathlab run: --timeout must be a positive number of seconds, but got '${v}'.\n`);
        return 2;
      }
    } else if (a === '--allow-errors') allowErrors = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      process.stderr.write(`pathlab run: unknown option '${a}'.\n${USAGE}`);
      return 2;
    } else notebooks.push(a);
  }
  if (notebooks.length === 0) {
    process.stderr.write(`pathlab run: no notebook given.\n${USAGE}`);
    return 2;
  }
  let parameters: Record<string, string>;
  try {
    parameters = parseParameterArgs(params);
  } catch (e) {
    process.stderr.write(`pathlab run: ${(e as Error).message}\n`);
    return 2;
  }
  let outputs: string[];
  try {
    outputs = runOutputPaths(notebooks, out);
  } catch (e) {
    process.stderr.write(`pathlab run: ${(e as Error).message}\n`);
    return 2;
  }
  if (out) fs.mkdirSync(out, { recursive: true });
  let status = 0;
  for (const [k, nbFile] of notebooks.entries()) {
    const output = outputs[k];
    try {
      const r = await runNotebook(nbFile, {
        parameters,
        output,
        timeout,
        allowErrors,
        kernelName,
        log: (line) => process.stdout.write(line + '\n'),
      });
      if (r.failed) {
        const f = r.failed;
        process.stderr.write(
          `pathlab run: ${nbFile}: cell ${f.index}${f.executionCount !== null ? ` (In [${f.executionCount}])` : ''} ${f.status === 'error' ? 'failed' : f.status}: ${f.ename}: ${f.evalue}\n` +
            `  executed notebook written to ${r.output}\n`,
        );
      } else {
        process.stdout.write(`[${path.basename(nbFile)}] ok in ${(r.durationMs / 1000).toFixed(1)} s -> ${r.output}\n`);
      }
      if (!r.ok) status = 1;
    } catch (e) {
      process.stderr.write(`pathlab run: ${nbFile}: ${(e as Error).message}\n`);
      status = status || 2;
    }
  }
  return status;
}
