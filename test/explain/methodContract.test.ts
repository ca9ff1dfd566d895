/**
 * The contract every attribution and interaction method keeps, run as one table (as captum's
 * tests/attr/test_targets.py runs its target checks across algorithms): no tensor leaks,
 * `batchSize` changes no number, a per-row `output` gives each row what explaining that row
 * alone (or that output for the whole batch, for sampling methods) gives, and a bad `batchSize`
 * or `output` is named with the literal message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  deconvolution,
  deepLift,
  epsilonLrp,
  exactShapley,
  expectedGradients,
  expectedHessians,
  featureAblation,
  gradient,
  gradientXInput,
  guidedBackprop,
  integratedGradients,
  integratedHessians,
  kernelShap,
  lime,
  occlusion,
  saliency,
  shapleyInteractions,
  shapleySampling,
} from '../../index';
import { mlp, noLeak, quietReady, rejectsWith } from './support';

quietReady();

/** Rows of a result per input: attributions, or interactions flattened per input. */
interface AnyResult {
  attributions?: number[][];
  interactions?: number[][];
}
type Options = Record<string, unknown>;
type Method = (model: tf.LayersModel, x: number[][], o: Options) => Promise<AnyResult>;

/** name, call, options that fix its cost and draws, and whether it draws at random. */
const METHODS: [string, Method, Options, boolean][] = [
  ['expectedGradients', (m, x, o) => expectedGradients(m, x, o), { numSamples: 16, seed: 3, baseline: BG() }, true],
  ['integratedGradients', (m, x, o) => integratedGradients(m, x, o), { numSamples: 8 }, false],
  ['saliency', (m, x, o) => saliency(m, x, o), {}, false],
  ['gradient', (m, x, o) => gradient(m, x, o), {}, false],
  ['gradientXInput', (m, x, o) => gradientXInput(m, x, o), {}, false],
  ['deepLift', (m, x, o) => deepLift(m, x, o), {}, false],
  ['epsilonLrp', (m, x, o) => epsilonLrp(m, x, o), {}, false],
  ['guidedBackprop', (m, x, o) => guidedBackprop(m, x, o), {}, false],
  ['deconvolution', (m, x, o) => deconvolution(m, x, o), {}, false],
  ['occlusion', (m, x, o) => occlusion(m, x, o), { windowShape: 2, step: 1 }, false],
  ['shapleySampling', (m, x, o) => shapleySampling(m, x, o), { numSamples: 3, seed: 2 }, true],
  ['kernelShap', (m, x, o) => kernelShap(m, x, o), { numSamples: 40, seed: 4 }, true],
  ['lime', (m, x, o) => lime(m, x, o), { numSamples: 40, seed: 5 }, true],
  ['featureAblation', (m, x, o) => featureAblation(m, x, o), {}, false],
  ['exactShapley', (m, x, o) => exactShapley(m, x, o), {}, false],
  ['expectedHessians', (m, x, o) => expectedHessians(m, x, o), { numSamples: 9, seed: 6, baseline: BG() }, true],
  ['integratedHessians', (m, x, o) => integratedHessians(m, x, o), { numSamples: 9 }, false],
  ['shapleyInteractions', (m, x, o) => shapleyInteractions(m, x, o), {}, false],
];

function BG(): number[][] {
  return [
    [0, 0, 0, 0],
    [0.5, -0.5, 0.25, 0],
    [-0.3, 0.2, 0.1, 0.4],
  ];
}

const X = [
  [0.3, -0.7, 0.9, 0.1],
  [-0.4, 0.6, 0.2, -0.8],
  [0.8, 0.1, -0.5, 0.5],
];
const PER_ROW = [2, 0, 1];

function rowsOf(r: AnyResult): number[][] {
  return (r.attributions ?? r.interactions) as number[][];
}

/** Interaction results hold one row per input and output; gather them per input. */
function perInput(r: AnyResult, n: number): number[][] {
  const rows = rowsOf(r);
  const per = rows.length / n;
  return Array.from({ length: n }, (_, i) => rows.slice(i * per, (i + 1) * per).flat());
}

function close(a: number[][], b: number[][], tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: rows`);
  a.forEach((row, i) => {
    assert.equal(row.length, b[i].length, `${what}: row ${i} length`);
    row.forEach((v, j) => assert.ok(Math.abs(v - b[i][j]) <= tol, `${what}: [${i}][${j}] ${v} vs ${b[i][j]}`));
  });
}

let cached: tf.Sequential | null = null;
/** Made on first use (each test's first line), after `quietReady` has selected the backend. */
const model = (): tf.Sequential => (cached ??= mlp([4, 5, 3], 'softplus', 11, 0.8));

for (const [name, run, base, random] of METHODS) {
  test(`contract of ${name}: no leak, batchSize invariance, per-row output, named bad arguments`, async () => {
    model();
    const whole = await noLeak(() => run(model(), X, { ...base, output: PER_ROW }));
    const small = await noLeak(() => run(model(), X, { ...base, output: PER_ROW, batchSize: 1 }));
    close(perInput(small, 3), perInput(whole, 3), 1e-5, `${name} batchSize 1`);

    if (random) {
      // Draws are per batch, so the reference is the same batch explaining one output for all rows.
      for (let i = 0; i < X.length; i++) {
        const one = await run(model(), X, { ...base, output: PER_ROW[i] });
        close([perInput(whole, 3)[i]], [perInput(one, 3)[i]], 1e-5, `${name} row ${i}`);
      }
    } else {
      for (let i = 0; i < X.length; i++) {
        const alone = await run(model(), [X[i]], { ...base, output: PER_ROW[i] });
        close([perInput(whole, 3)[i]], perInput(alone, 1), 1e-5, `${name} row ${i} alone`);
      }
    }

    await rejectsWith(
      () => run(model(), X, { ...base, batchSize: 0 }),
      `Argument 'batchSize' passed to '${name}' must be an integer >= 1, but got 0.`,
    );
    await rejectsWith(
      () => run(model(), X, { ...base, output: 3 }),
      `Argument 'output' passed to '${name}' must be an integer output index in [0, 2], but got 3.`,
    );
    await rejectsWith(
      () => run(model(), X, { ...base, output: [0, 1] }),
      `Argument 'output' passed to '${name}' must have one output index per input row (3), but got 2.`,
    );
  });
}
