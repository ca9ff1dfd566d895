/**
 * Turns CSV text into a numeric data set: a feature matrix, a target vector and the feature
 * names, with categorical columns mapped to numbers by an explicit table (never guessed, so a
 * typo in the file is an error with its line number, not a new category).
 */
import { parseCsv } from './parseCsv';
import { dataErrors } from './errors';

/** A numeric tabular data set as plain arrays. */
export interface TabularDataset {
  /** Short name of the data set. */
  name: string;
  /** One name per feature column, in the order of `x`'s columns. */
  featureNames: string[];
  /** Feature matrix [N, d]. */
  x: number[][];
  /** Target per row [N] (class index for classification, a value for regression). */
  y: number[];
  /** Name of the target column. */
  targetName: string;
  /** For classification, the class names in index order; for regression, empty. */
  classes: string[];
  /** Rows of the file left out because the label is undefined for them (nhanesi: follow-up
   * shorter than the horizon without death). Absent when every row is kept. */
  droppedRows?: number;
}

/** How to read one data set's columns. */
export interface ParseTabularOptions {
  /** The target column. */
  target: string;
  /** Name of the data set (also used as the source in error messages). Default: `'CSV input'`. */
  name?: string;
  /** Value → number for categorical columns, by column name; `'*'` applies to every column not
   * listed; an empty table marks a numeric column. Columns without a table must be numbers.
   * Default: `{}`. */
  categories?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Class names in index order when the target is a class. Default: `[]` (regression). */
  classes?: readonly string[];
  /** Read an empty feature cell as a missing value (NaN) instead of failing; the target must
   * still be present. Default: false. */
  missing?: boolean;
}

const PARSE_TABULAR_DEFAULTS = {
  name: 'CSV input',
  categories: {} as Readonly<Record<string, Readonly<Record<string, number>>>>,
  classes: [] as string[],
  missing: false,
};

/** Parses CSV text into a {@link TabularDataset}. Errors name the line and column. */
export function parseTabular(text: string, options: ParseTabularOptions): TabularDataset {
  const name = options.name ?? PARSE_TABULAR_DEFAULTS.name;
  const categories = options.categories ?? PARSE_TABULAR_DEFAULTS.categories;
  const allowMissing = options.missing ?? PARSE_TABULAR_DEFAULTS.missing;
  const table = parseCsv(text, { source: name });
  const targetIndex = table.columns.indexOf(options.target);
  if (targetIndex < 0) throw new Error(dataErrors.csvMissingColumn(name, options.target, table.columns));
  const mapFor = (column: string) => categories[column] ?? categories['*'];
  const parseCell = (raw: string, column: string, line: number): number => {
    const s = raw.trim();
    const map = mapFor(column);
    if (s === '' && allowMissing && column !== options.target) return NaN;
    if (map && Object.prototype.hasOwnProperty.call(map, s)) return map[s];
    const v = s === '' ? NaN : Number(s);
    if (!Number.isFinite(v)) {
      if (map && Object.keys(map).length > 0)
        throw new Error(dataErrors.csvUnknownCategory(name, line, column, raw, Object.keys(map)));
      throw new Error(dataErrors.csvNotNumber(name, line, column, raw));
    }
    return v;
  };
  const featureNames = table.columns.filter((_, j) => j !== targetIndex);
  const x: number[][] = [];
  const y: number[] = [];
  table.rows.forEach((row, r) => {
    const line = table.lines[r];
    const features: number[] = [];
    row.forEach((cell, j) => {
      const column = table.columns[j];
      const v = parseCell(cell, column, line);
      if (j === targetIndex) y.push(v);
      else features.push(v);
    });
    x.push(features);
  });
  return {
    name,
    featureNames,
    x,
    y,
    targetName: options.target,
    classes: [...(options.classes ?? PARSE_TABULAR_DEFAULTS.classes)],
  };
}
