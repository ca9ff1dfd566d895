/**
 * Notebook parameters, papermill-style for TypeScript: the cell tagged `parameters` declares
 * them with defaults (`const epochs = 5;`, `let lr: number = 1e-3;`); `pathlab run -p epochs=10`
 * adds a cell after it that redeclares the given ones as typed `const`s.
 */

/** The tag of the cell that declares parameters. */
export const PARAMETERS_TAG = 'parameters';
/** The tag of the cell `pathlab run` inserts. */
export const INJECTED_TAG = 'injected-parameters';

/** A declared parameter: its name, TypeScript type (written or inferred from the default) and keyword. */
export interface ParameterDecl {
  name: string;
  type: string;
  /** How it is declared: a `let` or `var` a later cell may reassign gets an assignment, not a `const`. Default: 'const'. */
  kind?: 'const' | 'let' | 'var';
}

const DECL = /^\s*(?:export\s+)?(const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=]+?))?\s*=\s*(.+?);?\s*(?:\/\/.*)?$/;

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
    out.push({ name: m[2], type: m[3]?.trim() ?? inferType(m[4]), kind: m[1] as 'const' | 'let' | 'var' });
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

/**
 * Line and paragraph separators escaped: JSON.stringify leaves U+2028/U+2029 as they are, and
 * tslab's TypeScript 5.0 ends a string literal at them (a `-p name=…` holding one was a syntax
 * error). Outside string literals they are not valid JSON, so replacing every one is safe.
 */
function escapeSeparators(code: string): string {
  return code.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The TypeScript literal for `raw` as a value of `type`; throws when it cannot be one. */
export function parameterLiteral(name: string, type: string, raw: string): string {
  return escapeSeparators(literal(name, type, raw));
}

function literal(name: string, type: string, raw: string): string {
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
    const value = parameterLiteral(name, d.type, raw);
    // A `let` stays a `let` a later cell may reassign: it gets a new value, type-checked against
    // its declaration (a redeclared `const` made `lr = lr / 2` further down fail to compile).
    if (d.kind === 'let' || d.kind === 'var') {
      lines.push(`${name} = ${value};`);
      continue;
    }
    const typeAnn = d.type === 'unknown' ? '' : `: ${d.type}`;
    lines.push(`const ${name}${typeAnn} = ${value};`);
  }
  return lines.join('\n');
}
