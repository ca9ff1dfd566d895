/** Models and data shared by the evaluation tests (not a test file itself). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export { assertClose, assertClose2, LIN_B, LIN_W, linearModel, lcg, mlp, noLeak, rejectsWith, values } from '../support';

/** The repository root, found from here whether running from test/ or dist/test/. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** What bench/reference/evaluation.py writes: captum's numbers on shared draws. */
export interface CaptumFixture {
  model: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] };
  inputs: number[][];
  numSamples: number;
  gradientXInput: number[][];
  saliency: number[][];
  infidelity: {
    perturbation: 'gaussian' | 'baseline';
    attributions: 'gradientXInput' | 'saliency';
    multiplyByInputs: boolean;
    normalize: boolean;
    perturbedInputs: number[][];
    values: number[];
  }[];
  sensitivityMax: { method: 'saliency' | 'gradientXInput'; radius: number; perturbedInputs: number[][]; values: number[] }[];
}

export function captumFixture(): CaptumFixture {
  return JSON.parse(fs.readFileSync(path.join(repoRoot(), 'test', 'explain', 'evaluation', 'fixtures', 'captum.json'), 'utf8'));
}

/** The fixture's tanh MLP 4-8-1 as a tf.Sequential. */
export function captumModel(fx: CaptumFixture): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: fx.model.b1.length, activation: 'tanh', inputShape: [fx.model.W1.length] }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  const w = [tf.tensor2d(fx.model.W1), tf.tensor1d(fx.model.b1), tf.tensor2d(fx.model.W2), tf.tensor1d(fx.model.b2)];
  model.setWeights(w);
  w.forEach((t) => t.dispose());
  return model;
}

/** f = Σⱼ wⱼ xⱼ with weights `w` (an additive model with contributions wⱼxⱼ). */
export function additiveModel(w: readonly number[]): (x: tf.Tensor) => tf.Tensor {
  return (x) => tf.tidy(() => x.matMul(tf.tensor2d(w as number[], [w.length, 1])));
}
