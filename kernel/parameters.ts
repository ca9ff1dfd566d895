/**
 * Notebook parameters, papermill-style for TypeScript: the cell tagged `parameters` declares
 * them with defaults (`const epochs = 5;`, `let lr: number = 1e-3;`); `pathlab run -p epochs=10`
 * adds a cell after it that redeclares the given ones as typed `const`s.
 */

/** The tag of the cell that declares parameters. */
export const PARAMETERS_TAG = 'parameters';
/** The tag of the cell `pathlab run` inserts. */
export const INJECTED_TAG = 'injected-parameters';

/** A declared parameter: its name and TypeScript type (written or inferred from the default). */
export interface ParameterDecl {
  name: string;
  type: string;
}

const DECL = /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=]+?))?\s*=\s*(.+?);?\s*(?:\/\/.*)?$/;

function inferType(init: string): string {
  const v = init.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v) || /^[-+]?(Infinity|NaN)$/.test(v)) return 'number';
  if (/^(true|false)$/.test(v)) return 'boolean';
  if (/^(['"`]).*\1$/.test(v)) return 'string';
  return 'unknown';
}

/** The parameters a parameters cell declares, one per top-level `const`/`let`/`var` line. */
export function parseParameterDecls(source: string): ParameterDecl[] {
  const out: ParameterDecl[] = [];
  for (const line of source.split('\n')) {
    const m = DECL.exec(line);
    if (!m) continue;
    out.push({ name: m[1], type: m[2]?.trim() ?? inferType(m[3]) });
  }
  return out;
}

/** Parses `name=value` arguments. */
export function parseParameterArgs(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new Error(`Parameter '${a}' must be written name=value.`);
    out[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return out;
}

/** The TypeScript literal for `raw` as a value of `type`; throws when it cannot be one. */
export function parameterLiteral(name: string, type: string, raw: string): string {
  if (type === 'string') return JSON.stringify(raw);
  if (type === 'number') {
    const v = raw.trim();
    if (v === '' || (Number.isNaN(Number(v)) && v !== 'NaN'))
      throw new Error(`Parameter '${name}' must be a number, but got '${raw}'.`);
    return String(Number(v));
  }
  if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new Error(`Parameter '${name}' must be true or false, but got '${raw}'.`);
    return raw;
  }
  // Other types (arrays, objects, unions): the value is JSON; the kernel type-checks it
  // against the declared type.
  try {
    JSON.parse(raw);
    return raw;
  } catch {
    if (type === 'unknown') return JSON.stringify(raw);
    throw new Error(`Parameter '${name}' of type ${type} must be given as JSON, but got '${raw}'.`);
  }
}

/**
 * The source of the injected cell. Throws, naming them, on parameters the cell does not declare.
 */
export function injectedParametersSource(decls: ParameterDecl[], given: Record<string, string>, notebook: string): string {
  const known = new Map(decls.map((d) => [d.name, d]));
  const unknown = Object.keys(given).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const list = unknown.map((n) => `'${n}'`).join(', ');
    const declared = decls.length ? decls.map((d) => d.name).join(', ') : 'none';
    throw new Error(`Unknown parameter${unknown.length > 1 ? 's' : ''} ${list} for ${notebook} (it declares: ${declared}).`);
  }
  const lines = ['// Parameters injected by pathlab run'];
  for (const [name, raw] of Object.entries(given)) {
    const d = known.get(name) as ParameterDecl;
    const typeAnn = d.type === 'unknown' ? '' : `: ${d.type}`;
    lines.push(`const ${name}${typeAnn} = ${parameterLiteral(name, d.type, raw)};`);
  }
  return lines.join('\n');
}
