import * as fs from 'node:fs';
import * as path from 'node:path';
import { coreErrors } from './errors';

/**
 * The folder of an installed package, found from pathlab's own location without resolving the
 * package's entry point: packages with "exports" (vega) forbid `require.resolve(name + '/package.json')`,
 * and ESM-only ones cannot be required at all.
 */
export function packageDir(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(coreErrors.packageMissing(name));
}
