/**
 * Simulated regression data whose interactions are known, for checking interaction methods as
 * path_explain's simulation studies do (Janizek, Sturmfels, Lee, JMLR 2021, Section 5): the
 * target is a sum of pairwise products (pure interactions) and additive terms (no interaction),
 * so a method should find large Γᵢⱼ exactly on the multiplied pairs and near zero elsewhere.
 */
import { Mulberry32 } from '../core';
import { checkPositiveInteger, checkNonNegativeInteger } from './internal/check';
import { dataErrors } from './errors';

/** A product term c · x_i · x_j. */
export interface MultiplicativeTerm {
  features: readonly [number, number];
  coefficient: number;
}

/** An additive term c · x_i (or c · x_i² with `square`). */
export interface AdditiveTerm {
  feature: number;
  coefficient: number;
  /** Use x_i² instead of x_i: curved, but still no interaction. Default: false. */
  square?: boolean;
}

/** Options of {@link makeSimulation}. */
export interface SimulationOptions {
  /** Number of rows. Default: 2000. */
  numSamples?: number;
  /** Number of features; features in no term are pure noise. Default: 8. */
  numFeatures?: number;
  /** Product terms. Default: 2·x0·x1 and −1.5·x2·x3. */
  multiplicative?: readonly MultiplicativeTerm[];
  /** Additive terms. Default: x4 and 0.5·x5². */
  additive?: readonly AdditiveTerm[];
  /** Features are drawn uniformly from [−range, range]. Default: 1. */
  range?: number;
  /** Standard deviation of the noise added to the target. Default: 0. */
  noise?: number;
  /** Seed of the draw. Default: 0. */
  seed?: number;
}

const SIMULATION_DEFAULTS = {
  numSamples: 2000,
  numFeatures: 8,
  multiplicative: [
    { features: [0, 1], coefficient: 2 },
    { features: [2, 3], coefficient: -1.5 },
  ] as readonly MultiplicativeTerm[],
  additive: [
    { feature: 4, coefficient: 1 },
    { feature: 5, coefficient: 0.5, square: true },
  ] as readonly AdditiveTerm[],
  range: 1,
  noise: 0,
  seed: 0,
} as const;

/** A simulated data set with its ground truth. */
export interface Simulation {
  /** Features [numSamples, numFeatures]. */
  x: number[][];
  /** Targets [numSamples]. */
  y: number[];
  /** The product terms used. */
  multiplicative: MultiplicativeTerm[];
  /** The additive terms used. */
  additive: AdditiveTerm[];
  /** Symmetric [d, d] matrix with the product coefficient at (i, j) and (j, i), 0 elsewhere. */
  trueInteractions: number[][];
  /** Feature names `x0`, `x1`, …. */
  featureNames: string[];
  /** A readable formula of the target, e.g. `y = 2·x0·x1 − 1.5·x2·x3 + x4 + 0.5·x5²`. */
  formula: string;
}

/** The noiseless target of one row under the given terms. */
export function simulationTarget(
  row: readonly number[],
  multiplicative: readonly MultiplicativeTerm[],
  additive: readonly AdditiveTerm[],
): number {
  let y = 0;
  for (const t of multiplicative) y += t.coefficient * row[t.features[0]] * row[t.features[1]];
  for (const t of additive) y += t.coefficient * (t.square ? row[t.feature] ** 2 : row[t.feature]);
  return y;
}

function formula(multiplicative: readonly MultiplicativeTerm[], additive: readonly AdditiveTerm[]): string {
  const parts: [number, string][] = [
    ...multiplicative.map((t): [number, string] => [t.coefficient, `x${t.features[0]}·x${t.features[1]}`]),
    ...additive.map((t): [number, string] => [t.coefficient, `x${t.feature}${t.square ? '²' : ''}`]),
  ];
  return (
    'y = ' +
    parts
      .map(([c, term], k) => {
        const mag = Math.abs(c) === 1 ? '' : `${Math.abs(c)}·`;
        const sign = c < 0 ? (k === 0 ? '−' : ' − ') : k === 0 ? '' : ' + ';
        return `${sign}${mag}${term}`;
      })
      .join('')
  );
}

/** Generates a {@link Simulation}; the same options give the same rows. */
export function makeSimulation(options: SimulationOptions = {}): Simulation {
  const o = { ...SIMULATION_DEFAULTS, ...options };
  const fn = 'makeSimulation';
  checkPositiveInteger(o.numSamples, 'numSamples', fn);
  const d = checkPositiveInteger(o.numFeatures, 'numFeatures', fn);
  const check = (arg: string, i: number) => {
    checkNonNegativeInteger(i, arg, fn);
    if (i >= d) throw new Error(dataErrors.featureOutOfRange(arg, fn, i, d));
  };
  for (const t of o.multiplicative) t.features.forEach((i) => check('multiplicative', i));
  for (const t of o.additive) check('additive', t.feature);
  const rng = Mulberry32.seeded(o.seed, 'makeSimulation');
  const x: number[][] = [];
  const y: number[] = [];
  for (let r = 0; r < o.numSamples; r++) {
    const row = Array.from({ length: d }, () => rng.between(-o.range, o.range));
    x.push(row);
    y.push(simulationTarget(row, o.multiplicative, o.additive) + (o.noise > 0 ? o.noise * rng.normal() : 0));
  }
  const trueInteractions = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const t of o.multiplicative) {
    const [i, j] = t.features;
    trueInteractions[i][j] += t.coefficient;
    if (i !== j) trueInteractions[j][i] += t.coefficient;
  }
  return {
    x,
    y,
    multiplicative: o.multiplicative.map((t) => ({
      features: [t.features[0], t.features[1]] as const,
      coefficient: t.coefficient,
    })),
    additive: o.additive.map((t) => ({ ...t })),
    trueInteractions,
    featureNames: Array.from({ length: d }, (_, i) => `x${i}`),
    formula: formula(o.multiplicative, o.additive),
  };
}
