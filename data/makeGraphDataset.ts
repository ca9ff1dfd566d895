/**
 * A regression data set with a known feature graph, standing in for the private AML gene
 * expression data of the attribution-priors graph experiment (Erion et al., Nature Machine
 * Intelligence 2021, whose code used a gene-interaction graph with a graph-Laplacian penalty).
 *
 * Features come in modules (like genes in a pathway): each module has a hidden factor, every
 * feature of the module is that factor plus independent noise, and the graph connects features
 * of the same module (a ring plus random chords, so each module is connected). The target is
 * driven by a few modules' hidden factors. A model that spreads its attribution evenly over a
 * driving module averages out the feature noise, so smoothness over the graph is the right prior.
 */
import { Mulberry32 } from '../core';
import { checkPositiveInteger, checkNonNegativeInteger } from './internal/check';
import { dataErrors } from './errors';

/** Options of {@link makeGraphDataset}. */
export interface GraphDatasetOptions {
  /** Number of modules. Default: 10. */
  numModules?: number;
  /** Features per module. Default: 10. */
  moduleSize?: number;
  /** How many modules drive the target (the first ones). Default: 3. */
  drivingModules?: number;
  /** Training rows (few: the prior matters when data are scarce). Default: 50. */
  trainSize?: number;
  /** Test rows. Default: 1000. */
  testSize?: number;
  /** Validation rows, drawn after the test rows (so adding them changes neither). Default: 0. */
  validationSize?: number;
  /** Standard deviation of each feature's own noise around its module factor. Default: 1. */
  featureNoise?: number;
  /** Standard deviation of the noise added to the target. Default: 0.1. */
  targetNoise?: number;
  /** Extra random edges per module beyond the ring. Default: 3. */
  extraEdges?: number;
  /** Seed of the graph, the module weights and the rows. Default: 0. */
  seed?: number;
}

const GRAPH_DATASET_DEFAULTS = {
  numModules: 10,
  moduleSize: 10,
  drivingModules: 3,
  trainSize: 50,
  testSize: 1000,
  validationSize: 0,
  featureNoise: 1,
  targetNoise: 0.1,
  extraEdges: 3,
  seed: 0,
} as const;

/** The generated data set with its ground truth. */
export interface GraphDataset {
  /** Training features [trainSize, d] with d = numModules · moduleSize. */
  trainX: number[][];
  /** Training targets [trainSize]. */
  trainY: number[];
  /** Test features [testSize, d]. */
  testX: number[][];
  /** Test targets [testSize]. */
  testY: number[];
  /** Validation features [validationSize, d] (empty by default). */
  validX: number[][];
  /** Validation targets [validationSize]. */
  validY: number[];
  /** Symmetric 0/1 adjacency matrix [d, d] with zero diagonal. */
  adjacency: number[][];
  /** Feature indices of each module. */
  modules: number[][];
  /** Module of each feature [d]. */
  moduleOf: number[];
  /** Weight of each module's factor in the target (0 for modules that do not drive it). */
  moduleWeights: number[];
  /** The true per-feature importance: |module weight| / moduleSize for driving features, else 0. */
  trueImportance: number[];
  /** Feature names `m{module}_f{k}`. */
  featureNames: string[];
}

/** Generates a {@link GraphDataset}; the same options give the same data. */
export function makeGraphDataset(options: GraphDatasetOptions = {}): GraphDataset {
  const o = { ...GRAPH_DATASET_DEFAULTS, ...options };
  const fn = 'makeGraphDataset';
  checkPositiveInteger(o.numModules, 'numModules', fn);
  checkPositiveInteger(o.moduleSize, 'moduleSize', fn);
  checkNonNegativeInteger(o.drivingModules, 'drivingModules', fn);
  checkPositiveInteger(o.trainSize, 'trainSize', fn);
  checkNonNegativeInteger(o.testSize, 'testSize', fn);
  checkNonNegativeInteger(o.validationSize, 'validationSize', fn);
  checkNonNegativeInteger(o.extraEdges, 'extraEdges', fn);
  if (o.drivingModules > o.numModules) {
    throw new Error(dataErrors.featureOutOfRange('drivingModules', fn, o.drivingModules, o.numModules + 1));
  }
  const rng = Mulberry32.seeded(o.seed, 'makeGraphDataset');
  const d = o.numModules * o.moduleSize;
  const modules: number[][] = [];
  const moduleOf: number[] = [];
  for (let m = 0; m < o.numModules; m++) {
    modules.push(Array.from({ length: o.moduleSize }, (_, k) => m * o.moduleSize + k));
    for (let k = 0; k < o.moduleSize; k++) moduleOf.push(m);
  }
  const adjacency = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const connect = (i: number, j: number) => {
    if (i === j) return;
    adjacency[i][j] = 1;
    adjacency[j][i] = 1;
  };
  for (const mod of modules) {
    if (mod.length > 1) for (let k = 0; k < mod.length; k++) connect(mod[k], mod[(k + 1) % mod.length]);
    for (let e = 0; e < o.extraEdges && mod.length > 3; e++) connect(rng.pick(mod), rng.pick(mod));
  }
  const moduleWeights = modules.map((_, m) => {
    if (m >= o.drivingModules) return 0;
    // Magnitudes in [1, 2] with random signs: every driving module matters, none dominates.
    return (rng.uniform() < 0.5 ? -1 : 1) * rng.between(1, 2);
  });
  const rows = (n: number) => {
    const x: number[][] = [];
    const y: number[] = [];
    for (let r = 0; r < n; r++) {
      const factors = modules.map(() => rng.normal());
      x.push(moduleOf.map((m) => factors[m] + o.featureNoise * rng.normal()));
      y.push(factors.reduce((s, f, m) => s + moduleWeights[m] * f, 0) + o.targetNoise * rng.normal());
    }
    return { x, y };
  };
  const train = rows(o.trainSize);
  const test = rows(o.testSize);
  const valid = rows(o.validationSize);
  return {
    trainX: train.x,
    trainY: train.y,
    testX: test.x,
    testY: test.y,
    validX: valid.x,
    validY: valid.y,
    adjacency,
    modules,
    moduleOf,
    moduleWeights,
    trueImportance: moduleOf.map((m) => Math.abs(moduleWeights[m]) / o.moduleSize),
    featureNames: moduleOf.map((m, i) => `m${m}_f${i - m * o.moduleSize}`),
  };
}
