/**
 * Every error message data/ throws, as functions, so that tests can match them exactly.
 * Form: `Argument 'x' passed to 'fn' must ..., but got ...`; file errors name the line.
 */

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  // String() of an options object would say "[object Object]", which names nothing.
  if (value !== null && typeof value === 'object') return `an object with keys {${Object.keys(value).join(', ')}}`;
  return String(value);
}

export const dataErrors = {
  csvEmpty: (source: string) => `${source} is empty: a CSV file needs a header line.`,
  csvFieldCount: (source: string, line: number, got: number, expected: number) =>
    `Line ${line} of ${source} has ${got} fields, but the header has ${expected}.`,
  csvNotNumber: (source: string, line: number, column: string, got: string) =>
    `Line ${line} of ${source}, column '${column}': expected a number, but got ${JSON.stringify(got)}.`,
  csvUnterminatedQuote: (source: string, line: number) => `Line ${line} of ${source} has a quoted field that is never closed.`,
  csvDuplicateColumn: (source: string, column: string) => `The header of ${source} names column '${column}' twice.`,
  csvMissingColumn: (source: string, column: string, columns: readonly string[]) =>
    `${source} has no column '${column}'; its columns are ${columns.map((c) => `'${c}'`).join(', ')}.`,
  csvUnknownCategory: (source: string, line: number, column: string, got: string, valid: readonly string[]) =>
    `Line ${line} of ${source}, column '${column}': expected one of ${valid.map((v) => JSON.stringify(v)).join(', ')}, but got ${JSON.stringify(got)}.`,
  unknownDataset: (got: unknown, valid: readonly string[]) =>
    `Argument 'name' passed to 'loadTabular' must be one of ${valid.map((v) => `'${v}'`).join(', ')}, but got ${show(got)}.`,
  notPositiveInteger: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a positive integer, but got ${show(got)}.`,
  notNonNegativeInteger: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a non-negative integer, but got ${show(got)}.`,
  notFraction: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a number in [0, 1], but got ${show(got)}.`,
  tooManyRequested: (fn: string, requested: number, available: number) =>
    `Arguments passed to '${fn}' ask for ${requested} rows in all, but only ${available} are available.`,
  lengthMismatch: (arg: string, fn: string, expected: number, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have ${expected} rows, but got ${got}.`,
  widthMismatch: (arg: string, fn: string, expected: number, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have ${expected} features, but got ${got}.`,
  featureOutOfRange: (arg: string, fn: string, feature: number, numFeatures: number) =>
    `Argument '${arg}' passed to '${fn}' must name features in [0, ${numFeatures}), but got ${feature}.`,
  tooManyPairs: (fn: string, numFeatures: number, pairs: number, got: number) =>
    `Argument 'numInteractions' passed to '${fn}' must be at most ${pairs} (the pairs of ${numFeatures} features), but got ${got}.`,
  unknownInteractionType: (fn: string, valid: readonly string[], got: unknown) =>
    `Argument 'types' passed to '${fn}' must be a non-empty array of ${valid.map((v) => `'${v}'`).join(', ')}, but got ${Array.isArray(got) ? `[${got.map((v) => show(v)).join(', ')}]` : show(got)}.`,
  ablateCount: (fn: string, pairs: number, got: unknown) =>
    `Argument 'k' passed to '${fn}' must be an integer in [0, ${pairs}], but got ${show(got)}.`,
  notSquareMatrix: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a square matrix (an array of rows), but got ${show(got)}.`,
  emptyInput: (arg: string, fn: string) => `Argument '${arg}' passed to '${fn}' must not be empty.`,
  unknownWord: (fn: string, word: string) =>
    `Argument 'text' passed to '${fn}' contains ${JSON.stringify(word)}, which is not in the vocabulary.`,
  idxHeader: (source: string, detail: string) => `${source} is not an MNIST IDX file of unsigned bytes: it has ${detail}.`,
  notOneOf: (arg: string, fn: string, valid: readonly string[], got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be one of ${valid.map((v) => `'${v}'`).join(', ')}, but got ${show(got)}.`,
  tooLong: (fn: string, maxLength: number, got: number) =>
    `Argument 'text' passed to '${fn}' must have at most ${maxLength} tokens, but got ${got}.`,
  loadOptions: (got: unknown) => `Argument 'options' passed to 'loadTabular' must be an object, but got ${show(got)}.`,
  horizonNotSurvival: (name: string) =>
    `Argument 'options.horizon' passed to 'loadTabular' applies only to 'nhanesi' (a survival time), but '${name}' has its own target.`,
  horizon: (got: unknown) =>
    `Argument 'options.horizon' passed to 'loadTabular' must be a finite number of years > 0, but got ${show(got)}.`,
  imputerAllMissing: (fn: string, column: number) =>
    `Argument 'train' passed to '${fn}' must have at least one observed value per column, but column ${column} is missing in every row.`,
};
