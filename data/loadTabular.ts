/**
 * Loaders for the real tabular data sets pathlab ships (see data/PROVENANCE.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTabular, TabularDataset } from './parseTabular';
import type { ParseTabularOptions } from './parseTabular';
import { dataErrors } from './errors';

/**
 * The shipped data sets and how their columns are read:
 * - `breast_cancer`: Breast Cancer Wisconsin (Diagnostic), 569 × 30, target `malignant` (1 = malignant).
 * - `diabetes`: Efron et al. (2004), 442 × 10 unscaled, target `progression` (regression).
 * - `early_stage_diabetes`: Islam et al. (2020), 520 × 16, Yes/No and Male/Female coded 1/0,
 *   target `class` (1 = Positive).
 */
export const TABULAR_DATASETS = {
  breast_cancer: { file: 'breast_cancer.csv', target: 'malignant', classes: ['benign', 'malignant'] },
  diabetes: { file: 'diabetes.csv', target: 'progression', classes: [] },
  early_stage_diabetes: {
    file: 'early_stage_diabetes.csv',
    target: 'class',
    classes: ['Negative', 'Positive'],
    categories: {
      Gender: { Male: 1, Female: 0 },
      class: { Positive: 1, Negative: 0 },
      Age: {},
      '*': { Yes: 1, No: 0 },
    },
  },
} as const;

/** Name of a shipped tabular data set. */
export type TabularName = keyof typeof TABULAR_DATASETS;

/** Whether `name` names a shipped tabular data set. */
export function isTabularName(name: unknown): name is TabularName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(TABULAR_DATASETS, name);
}

/**
 * The folder holding the shipped files: data/ beside this module when run from source, or the
 * package's data/ when run from the compiled dist/data/.
 */
export function dataDirectory(): string {
  const candidates = [__dirname, path.resolve(__dirname, '..', '..', 'data')];
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, TABULAR_DATASETS.breast_cancer.file))) return dir;
  }
  return candidates[0];
}

/** Loads a shipped tabular data set as plain arrays. */
export function loadTabular(name: TabularName): TabularDataset {
  if (!isTabularName(name)) throw new Error(dataErrors.unknownDataset(name, Object.keys(TABULAR_DATASETS)));
  const spec = TABULAR_DATASETS[name];
  const text = fs.readFileSync(path.join(dataDirectory(), spec.file), 'utf8');
  const options: ParseTabularOptions = {
    name: spec.file,
    target: spec.target,
    classes: spec.classes,
    categories: 'categories' in spec ? spec.categories : {},
  };
  return { ...parseTabular(text, options), name };
}
