/**
 * Deprecated option names: each old name maps to the current one, warns once per function and
 * name, and is an error when given together with the current name.
 */
import { errors } from './errors';
import { warnOnce } from './validate';

/**
 * `options` with every deprecated key of `aliases` (old name → current name) renamed; the
 * argument itself is not changed. `undefined` and non-objects pass through (the key checker
 * names them).
 */
export function resolveAliases<T extends object>(fn: string, options: T, aliases: Readonly<Record<string, string>>): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  let out: Record<string, unknown> | null = null;
  for (const [old, current] of Object.entries(aliases)) {
    if (!Object.prototype.hasOwnProperty.call(options, old)) continue;
    const src = options as Record<string, unknown>;
    if (src[old] === undefined) continue;
    if (src[current] !== undefined) throw new Error(errors.aliasConflict(fn, old, current));
    warnOnce(errors.deprecatedOption(fn, old, current));
    out ??= { ...src };
    out[current] = src[old];
    delete out[old];
  }
  return (out ?? options) as T;
}
