/**
 * Every message viz/ throws or warns, as functions, so tests can match them exactly. viz/ depends
 * on nothing else of pathlab, so its messages live here rather than in explain/internal/errors.ts.
 * Form: `Argument 'x' passed to 'fn' must ..., but got ...`.
 */

import { describe } from '../../core';

// describe() and the once-only warnings are core's (the same wording and PATHLAB_QUIET as explain/).
export { describe };
export { resetWarnings, warnOnce } from '../../core';

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

export const errors = {
  optionsNotObject: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be an object of options, but got ${describe(got)}.`,
  unknownOption: (arg: string, fn: string, key: string, suggestion: string | null, valid: readonly string[]) =>
    `Argument '${arg}' passed to '${fn}' has an unknown key '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; ${valid.length ? `valid keys: ${valid.join(', ')}` : 'it takes no options'}.`,
  notNumeric: (arg: string, fn: string, expected: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be ${expected}, but got ${describe(got)}.`,
  ragged: (arg: string, fn: string, at: readonly number[], expected: number, got: number) =>
    `Argument '${arg}' passed to '${fn}' must be a rectangular array, but the row at ${shapeText(at)} has length ${got} instead of ${expected}.`,
  wrongRank: (arg: string, fn: string, expected: string, shape: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must be ${expected}, but got shape ${shapeText(shape)}.`,
  empty: (arg: string, fn: string) => `Argument '${arg}' passed to '${fn}' must not be empty, but got an empty array.`,
  notFinite: (arg: string, fn: string, value: number, at: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must contain only finite numbers, but got ${value} at ${shapeText(at)}.`,
  lengthMismatch: (arg: string, fn: string, expected: number, what: string, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have ${expected} entries (${what}), but got ${got}.`,
  shapeMismatch: (arg: string, fn: string, expected: readonly number[], like: string, got: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must have shape ${shapeText(expected)} like '${like}', but got ${shapeText(got)}.`,
  unknownFeature: (arg: string, fn: string, got: unknown, count: number) =>
    `Argument '${arg}' passed to '${fn}' must be a feature index in [0, ${count}) or one of the feature names, but got ${describe(got)}.`,
  badOption: (arg: string, fn: string, expected: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be ${expected}, but got ${describe(got)}.`,
  requires: (arg: string, fn: string, other: string) =>
    `Argument '${arg}' passed to '${fn}' requires '${other}' to be given as well.`,
  badExtension: (path: string) =>
    `Argument 'path' passed to 'Chart.save' must end in .svg, .png, .html or .json, but got ${JSON.stringify(path)}.`,
  pngTooLarge: (fn: string, scale: number, width: number, height: number, max: number) =>
    `Argument 'scale' passed to '${fn}' must keep the PNG within ${max.toLocaleString('en-US')} pixels, but got scale ${scale}, a ${width} × ${height} image; use a smaller scale.`,
  invalidSpec: (fn: string, why: string) => `The spec of the chart passed to '${fn}' is not valid vega-lite: ${why}.`,
  duplicate: (arg: string, fn: string, what: string, value: string, first: number, second: number) =>
    `Argument '${arg}' passed to '${fn}' must not repeat a ${what}, but got ${JSON.stringify(value)} at ${first} and ${second}.`,
  rangeOrder: (fn: string, lo: string, hi: string, a: number, b: number) =>
    `Options '${lo}' and '${hi}' passed to '${fn}' must satisfy ${lo} < ${hi}, but got ${lo} = ${a} and ${hi} = ${b}.`,
  noCharts: (fn: string) => `Argument 'charts' passed to '${fn}' must hold at least one chart, but got none.`,
  resultRow: (fn: string, rows: number, got: unknown) =>
    `Argument 'row' passed to '${fn}' must be an integer in [0, ${rows - 1}] (an explained row of the result), but got ${describe(got)}.`,
  everyOutputResult: (fn: string, outputs: number) =>
    `Argument 'result' passed to '${fn}' must explain one output per row, but got a result of every output (${outputs}); explain with 'output'.`,
  noBaseValue: (fn: string) =>
    `Argument 'result' passed to '${fn}' must carry diagnostics.outputAtBaseline (the base value), but got none; pass the attributions and a base value instead.`,
  singleRowResult: (fn: string) =>
    `Argument 'interactions' passed to '${fn}' must hold full matrices, but got a result of one row (interactionIndex); explain without interactionIndex.`,
};

export const warnings = {
  topKClamped: (fn: string, arg: string, k: number, available: number, what: string) =>
    `Option '${arg}' passed to '${fn}' is ${k}, but there are only ${available} ${what}; plotting all ${available}.`,
  ignored: (fn: string, arg: string, why: string) => `Option '${arg}' passed to '${fn}' is ignored: ${why}.`,
  svgRaster: (fn: string, dots: number, max: number) =>
    `'${fn}': a layer of ${dots.toLocaleString('en-US')} dots (${max.toLocaleString('en-US')} or more) is drawn in the SVG as one image at twice its size; the interactive chart keeps every dot.`,
  dotsSampled: (fn: string, dots: number, max: number, shown: number, total: number) =>
    `'${fn}' would draw ${dots.toLocaleString('en-US')} dots, more than maxDots = ${max.toLocaleString('en-US')}; it shows every ${Math.ceil(total / shown)}th example (${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}); the feature order and colour bounds still use all of them. Raise 'maxDots' to draw more.`,
};
