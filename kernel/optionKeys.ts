/**
 * The option names of the runner's and the exporter's programmatic API, checked at compile time
 * against their interfaces like explain/internal/optionKeys.ts: an unknown key is an error naming
 * the valid ones and the nearest, not silently ignored.
 */
import type { ExportOptions } from './exportNotebook';
import type { KernelStartOptions } from './kernelClient';
import type { RunNotebookOptions } from './runNotebook';
import { errors } from '../viz/internal/errors';
import { keysOf, nearestKey } from '../viz/internal/optionKeys';

/** Valid option keys per function. */
export const OPTION_KEYS = {
  runNotebook: keysOf<RunNotebookOptions>()({
    parameters: true,
    output: true,
    timeout: true,
    allowErrors: true,
    kernel: true,
    log: true,
    kernelName: true,
  }),
  'runNotebook kernel': keysOf<KernelStartOptions>()({ cwd: true, env: true, argv: true, startTimeout: true }),
  exportNotebook: keysOf<ExportOptions>()({ out: true, formats: true, code: true }),
};

/** Throws unless `options` is undefined or an object whose every key is valid for `keys`. */
export function checkOptionKeys(keys: keyof typeof OPTION_KEYS, options: unknown, arg = 'options', fn: string = keys): void {
  if (options === undefined) return;
  const valid = OPTION_KEYS[keys];
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new Error(errors.optionsNotObject(arg, fn, options));
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) throw new Error(errors.unknownOption(arg, fn, key, nearestKey(key, valid), valid));
  }
}
