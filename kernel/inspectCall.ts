/**
 * Shift+Tab anywhere inside a call, as IPython users press it: finds the call around the cursor,
 * asks the type checker about its callee (signature and TSDoc) and lists the fields of its options
 * parameter with their types and documentation (whose last sentence is the default). Also the
 * kinds and signatures Jupyter shows next to completion items (`_jupyter_types_experimental`).
 */
import type * as ts from 'typescript';

/** What the type checker says at one position (the fields of TypeScript's QuickInfo used here). */
export interface QuickInfoLike {
  kind?: string;
  displayParts?: { text: string; kind: string }[];
  documentation?: { text: string }[];
  tags?: { name: string; text?: { text: string }[] }[];
}

/** Asks the type checker about position `pos` of `code` (a cell's source). */
export type QuickInfoAt = (code: string, pos: number) => QuickInfoLike | null;
/** Completion names at position `pos` of `code`. */
export type CompleteAt = (code: string, pos: number) => string[];

/** The call whose parentheses hold the cursor. */
export interface EnclosingCall {
  /** The callee as written, e.g. `tf.layers.dense` or `model.fit`. */
  callee: string;
  /** Where the callee's name (its last identifier) starts. */
  namePos: number;
  /** Which argument the cursor is in (0-based). */
  argIndex: number;
  /** Whether the cursor is inside an object literal that is that argument. */
  inObjectArgument: boolean;
  /** `new X(...)` rather than `f(...)`. */
  isNew: boolean;
}

let tsModule: typeof ts | null = null;
function typescript(): typeof ts {
  // tslab's own copy: already loaded by its executor, so this costs nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tsModule ??= require('@tslab/typescript-for-tslab') as typeof ts;
  return tsModule;
}

/** The innermost call (or `new`) whose argument list contains `cursor`, or null. */
export function enclosingCall(code: string, cursor: number): EnclosingCall | null {
  const t = typescript();
  const sf = t.createSourceFile('cell.ts', code, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  let best: EnclosingCall | null = null;
  const visit = (node: ts.Node): void => {
    if (t.isCallExpression(node) || t.isNewExpression(node)) {
      const open = node.arguments ? node.arguments.pos - 1 : -1;
      // An unclosed call (the user is still typing) extends to the end of the cell.
      const closeTok = node.getChildren(sf).find((c) => c.kind === t.SyntaxKind.CloseParenToken);
      const close = closeTok && closeTok.getWidth(sf) > 0 ? closeTok.getStart(sf) : code.length;
      if (open >= 0 && cursor > open && cursor <= close) {
        const callee = node.expression;
        const nameNode = t.isPropertyAccessExpression(callee) ? callee.name : callee;
        const args = node.arguments ?? t.factory.createNodeArray<ts.Expression>();
        let argIndex = args.findIndex((a) => cursor <= a.end);
        if (argIndex < 0)
          argIndex =
            args.length === 0 ? 0 : code.slice(args[args.length - 1].end, cursor).includes(',') ? args.length : args.length - 1;
        const arg = args[argIndex] as ts.Expression | undefined;
        const inObjectArgument =
          arg !== undefined && t.isObjectLiteralExpression(arg) && cursor > arg.getStart(sf) && cursor <= arg.end;
        best = {
          callee: callee.getText(sf),
          namePos: nameNode.getStart(sf),
          argIndex,
          inObjectArgument,
          isNew: t.isNewExpression(node),
        };
      }
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  return best;
}

const text = (parts: { text: string }[] | undefined): string => (parts ?? []).map((p) => p.text).join('');

/** Quick info as text: the signature, then the documentation and tags. */
export function quickInfoText(info: QuickInfoLike): string {
  const sig = text(info.displayParts);
  const doc = text(info.documentation);
  const tags = (info.tags ?? []).filter((tg) => tg.name !== 'param').map((tg) => `@${tg.name} ${text(tg.text)}`.trim());
  return [sig, doc, tags.join('\n')].filter((s) => s !== '').join('\n\n');
}

/** Index of the parameter named `options` in a signature's display parts, or -1. */
export function optionsParameterIndex(info: QuickInfoLike): number {
  const names = (info.displayParts ?? []).filter((p) => p.kind === 'parameterName').map((p) => p.text);
  return names.indexOf('options');
}

const OPTIONS_VAR = '__pathlab_options';

/**
 * The fields of parameter `index` of `call`'s callee, one line each (`name?: type — doc`), or an
 * empty list when it is not an object type with documented properties.
 */
export function optionFields(
  call: Pick<EnclosingCall, 'callee' | 'isNew'>,
  index: number,
  quickInfo: QuickInfoAt,
  complete: CompleteAt,
): string[] {
  if (!/^[A-Za-z_$][\w$]*(\s*\.\s*[A-Za-z_$][\w$]*)*$/.test(call.callee)) return [];
  const params = call.isNew ? 'ConstructorParameters' : 'Parameters';
  const decl = `declare const ${OPTIONS_VAR}: NonNullable<${params}<typeof ${call.callee}>[${index}]>;\n`;
  const probe = `${decl}${OPTIONS_VAR}.`;
  const names = complete(probe, probe.length).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  if (names.length === 0 || names.length > 60) return [];
  let code = decl;
  const positions: number[] = [];
  for (const n of names) {
    positions.push(code.length + OPTIONS_VAR.length + 1);
    code += `${OPTIONS_VAR}.${n};\n`;
  }
  const lines: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const info = quickInfo(code, positions[i]);
    if (!info || info.kind !== 'property') continue;
    // "(property) ExpectedGradientsOptions.numSamples?: number" → "numSamples?: number"
    const sig = text(info.displayParts)
      .replace(/^\(property\)\s+/, '')
      .replace(/^[\w$.]+\.(?=[\w$]+\??:)/, '');
    const doc = text(info.documentation).replace(/\s+/g, ' ').trim();
    lines.push(doc ? `  ${sig} — ${doc}` : `  ${sig}`);
  }
  return lines;
}

/**
 * The inspect text for the cursor at `cursor`: inside a call's parentheses, the callee's
 * signature, TSDoc and option fields; elsewhere, what the type checker says at the cursor (plus
 * the option fields when that is a function).
 */
export function inspectAt(code: string, cursor: number, quickInfo: QuickInfoAt, complete: CompleteAt): string | null {
  const call = enclosingCall(code, cursor);
  const at = (pos: number) => quickInfo(code, pos);
  let info: QuickInfoLike | null = null;
  if (call) info = at(call.namePos) ?? at(call.namePos + 1);
  let target: Pick<EnclosingCall, 'callee' | 'isNew'> | null = call;
  if (!info) {
    info = at(cursor) ?? (cursor > 0 ? at(cursor - 1) : null);
    target = null;
    if (info) {
      // On a function's name: its options too.
      const m = /[A-Za-z_$][\w$]*(\s*\.\s*[A-Za-z_$][\w$]*)*$/.exec(
        code.slice(0, cursor) + (/^[\w$]*/.exec(code.slice(cursor))?.[0] ?? ''),
      );
      if (m && /function|method/.test(info.kind ?? '')) target = { callee: m[0], isNew: false };
    }
  }
  if (!info) return null;
  let out = quickInfoText(info);
  if (target) {
    const index = call?.inObjectArgument ? call.argIndex : optionsParameterIndex(info);
    if (index >= 0) {
      const fields = optionFields(target, index, quickInfo, complete);
      if (fields.length > 0) out += `\n\nOptions:\n${fields.join('\n')}`;
    }
  }
  return out;
}

/** Each completion name's element kind (function, property, …), from the language service's entries. */
export function completionKinds(original: unknown): Record<string, string> {
  const kinds: Record<string, string> = {};
  const entries = (original as { entries?: { name: string; kind: string }[] } | undefined)?.entries ?? [];
  for (const e of entries) kinds[e.name] ??= String(e.kind);
  return kinds;
}

/** Jupyter's completion types (JupyterLab's icons) for TypeScript's element kinds. */
export function jupyterCompletionType(kind: string | undefined): string {
  switch (kind) {
    case 'function':
    case 'local function':
      return 'function';
    case 'method':
      return 'method';
    case 'property':
    case 'getter':
    case 'setter':
      return 'property';
    case 'class':
    case 'local class':
      return 'class';
    case 'interface':
    case 'type':
    case 'enum':
      return 'type';
    case 'module':
    case 'external module name':
      return 'module';
    case 'keyword':
      return 'keyword';
    case 'parameter':
      return 'param';
    case 'const':
    case 'let':
    case 'var':
    case 'local var':
    case 'alias':
      return 'instance';
    default:
      return kind ?? 'text';
  }
}

/** One entry of `_jupyter_types_experimental`. */
export interface JupyterCompletionItem {
  start: number;
  end: number;
  text: string;
  type: string;
  signature?: string;
}
