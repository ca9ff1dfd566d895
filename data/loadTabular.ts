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
 * - `nhanesi`: NHANES I with its mortality follow-up, 9,932 × 18 with missing values (NaN), and a
 *   signed survival time; the label is death within a horizon (see {@link LoadTabularOptions}).
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
  nhanesi: { file: 'nhanesi.csv', target: 'survival', classes: ['alive', 'died'], missing: true },
} as const;

/** Options of {@link loadTabular}. */
export interface LoadTabularOptions {
  /**
   * nhanesi only: the mortality horizon H in years. The label is 1 (died) when
   * 0 < survival ≤ H, 0 (alive) when |survival| > H; rows followed for H years or less without
   * death (−H ≤ survival ≤ 0) have no label and are dropped (H = 10: 1,503 deaths, 8,032 alive,
   * 397 dropped), as in the attribution-priors paper's NHANES mortality task. Default: 10.
   */
  horizon?: number;
}

const LOAD_TABULAR_DEFAULTS: Required<LoadTabularOptions> = { horizon: 10 };

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

/**
 * Loads a shipped tabular data set as plain arrays. Missing values (nhanesi) stay NaN for an
 * imputer fitted on the training rows ({@link fitMeanImputer}).
 */
export function loadTabular(name: TabularName, options: LoadTabularOptions = {}): TabularDataset {
  if (!isTabularName(name)) throw new Error(dataErrors.unknownDataset(name, Object.keys(TABULAR_DATASETS)));
  if (options === null || typeof options !== 'object') throw new Error(dataErrors.loadOptions(options));
  if (options.horizon !== undefined && name !== 'nhanesi') throw new Error(dataErrors.horizonNotSurvival(name));
  const o = { ...LOAD_TABULAR_DEFAULTS, ...options };
  const spec = TABULAR_DATASETS[name];
  const text = fs.readFileSync(path.join(dataDirectory(), spec.file), 'utf8');
  const parse: ParseTabularOptions = {
    name: spec.file,
    target: spec.target,
    classes: spec.classes,
    categories: 'categories' in spec ? spec.categories : {},
    missing: 'missing' in spec ? spec.missing : false,
  };
  const data = { ...parseTabular(text, parse), name };
  if (name !== 'nhanesi') return data;
  if (typeof o.horizon !== 'number' || !(o.horizon > 0) || !Number.isFinite(o.horizon)) {
    throw new Error(dataErrors.horizon(o.horizon));
  }
  return mortalityAt(data, o.horizon);
}

/** Death within `horizon` years from a signed survival time (positive: died at; negative: censored at). */
function mortalityAt(data: TabularDataset, horizon: number): TabularDataset {
  const x: number[][] = [];
  const y: number[] = [];
  data.y.forEach((s, i) => {
    if (s > 0 && s <= horizon) {
      x.push(data.x[i]);
      y.push(1);
    } else if (Math.abs(s) > horizon) {
      x.push(data.x[i]);
      y.push(0);
    }
  });
  return { ...data, x, y, targetName: `died within ${horizon} years`, droppedRows: data.y.length - y.length };
}
