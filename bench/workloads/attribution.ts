/**
 * Attribution workloads (issue 3). EG and IG: 100 inputs, 200 path points each, softplus MLP
 * d-64-32-1 with d = 30 and d = 784 — target: faster than the PyTorch reference
 * (bench/reference/attribution.py) on the tensorflow backend. Occlusion (1×1 windows) and Shapley
 * sampling (5 permutations of the pixels) on one 28×28 digit through a small CNN: ms per image.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../explain/engine';
import { expectedGradients } from '../../explain/attribution/expectedGradients';
import { integratedGradients } from '../../explain/attribution/integratedGradients';
import { occlusion } from '../../explain/attribution/occlusion';
import { shapleySampling } from '../../explain/attribution/shapleySampling';
import { saliency } from '../../explain/attribution/saliency';
import { gradient } from '../../explain/attribution/gradient';
import { gradientXInput } from '../../explain/attribution/gradientXInput';
import { deepLift } from '../../explain/attribution/deepLift';
import { epsilonLrp } from '../../explain/attribution/epsilonLrp';
import { compiled, setCompileEnabled } from '../../explain/engine/compile';
import { mlpPathSetup } from '../support';
import type { Workload } from '../types';

const reference = { script: 'attribution.py' };

function cnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10 }),
    ],
  });
}

/** `fn` with compiled execution off while it runs (the tensorflow backend's eager column). */
async function eagerly(eager: boolean, fn: () => Promise<unknown>): Promise<void> {
  if (eager) setCompileEnabled(false);
  try {
    await fn();
  } finally {
    if (eager) setCompileEnabled(null);
  }
}

/** The eager variant of a workload name (bench/run.ts pairs `X` and `X [eager]`). */
const named = (name: string, eager: boolean): string => (eager ? `${name} [eager]` : name);

function pathWorkload(method: 'eg' | 'ig', d: number, eager = false): Workload {
  return {
    name: named(
      `attribution: ${method === 'eg' ? 'expected' : 'integrated'} gradients of 100 inputs × 200 samples on MLP ${d}-64-32-1`,
      eager,
    ),
    reference: eager ? undefined : reference,
    backends: eager ? ['tensorflow'] : undefined,
    // Calls of 15–200 ms on a shared 2-core machine: a median of 5 moves by tens of percent
    // between runs; the reference takes the same number of repetitions (PATH_REPEATS there).
    repeats: 15,
    async setup() {
      await ready();
      const { model, x, bg, dispose } = mlpPathSetup(100, d);
      return {
        async run() {
          await eagerly(eager, () =>
            method === 'eg'
              ? expectedGradients(model, x, { baseline: bg, numSamples: 200 })
              : integratedGradients(model, x, { numSamples: 200 }),
          );
        },
        dispose,
      };
    },
  };
}

function imageWorkload(method: 'occlusion' | 'shapley', eager = false): Workload {
  return {
    name: named(
      method === 'occlusion'
        ? 'attribution: occlusion with 1×1 windows of one 28×28 digit on a small CNN (ms per image)'
        : 'attribution: Shapley sampling with 5 permutations of the 784 pixels of one 28×28 digit on a small CNN (ms per image)',
      eager,
    ),
    reference: eager ? undefined : reference,
    backends: eager ? ['tensorflow'] : undefined,
    async setup() {
      await ready();
      const model = cnn();
      const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3);
      return {
        async run() {
          await eagerly(eager, () =>
            method === 'occlusion'
              ? occlusion(model, x, { output: 3 })
              : shapleySampling(model, x, { output: 3, numSamples: 5, samplingDims: [1, 2] }),
          );
        },
        dispose() {
          model.dispose();
          x.dispose();
        },
      };
    },
  };
}

const GRADIENT_METHODS = { saliency, gradient, gradientXInput, deepLift, epsilonLrp } as const;

/**
 * A gradient-family method on 20 digits through the small CNN, output 3. `eager`: with
 * compiled execution off (the tensorflow backend's eager column).
 */
function gradientWorkload(method: keyof typeof GRADIENT_METHODS, eager = false): Workload {
  const name = `attribution: ${method} of 20 28×28 digits on a small CNN`;
  return {
    name: eager ? `${name} [eager]` : name,
    reference: eager ? undefined : reference,
    backends: eager ? ['tensorflow'] : undefined,
    // Calls of a few ms on a shared machine: many repetitions (the reference takes as many).
    repeats: 61,
    async setup() {
      await ready();
      const model = cnn();
      const x = tf.randomUniform([20, 28, 28, 1], 0, 1, 'float32', 4);
      return {
        async run() {
          await eagerly(eager, () => GRADIENT_METHODS[method](model, x, { output: 3 }));
        },
        dispose() {
          model.dispose();
          x.dispose();
        },
      };
    },
  };
}

/**
 * What the gradient-family rows are measured against (issue 17: saliency within 1.2× of it):
 * the input gradient of output 3 alone, `tf.grad` compiled into one session call, with no
 * validation, output selection or diagnostics. Its reference is the PyTorch gradient row's.
 */
const rawGradient: Workload = {
  name: 'attribution: raw compiled input gradient of 20 28×28 digits on a small CNN (tf.grad alone)',
  reference,
  backends: ['tensorflow'],
  repeats: 61,
  async setup() {
    await ready();
    const model = cnn();
    const x = tf.randomUniform([20, 28, 28, 1], 0, 1, 'float32', 4);
    const grad = compiled((z: tf.Tensor) =>
      tf.grad((zz: tf.Tensor) => (model.apply(zz) as tf.Tensor).slice([0, 3], [-1, 1]).sum())(z),
    );
    return {
      async run() {
        const g = grad(x);
        await g.data();
        g.dispose();
      },
      dispose() {
        grad.cache.dispose();
        model.dispose();
        x.dispose();
      },
    };
  },
};

export const workloads: Workload[] = [
  rawGradient,
  ...(['saliency', 'gradient', 'gradientXInput', 'deepLift', 'epsilonLrp'] as const).flatMap((m) => [
    gradientWorkload(m),
    gradientWorkload(m, true),
  ]),
  ...(['eg', 'ig'] as const).flatMap((m) => [pathWorkload(m, 30), pathWorkload(m, 30, true)]),
  pathWorkload('eg', 784),
  pathWorkload('ig', 784),
  ...(['occlusion', 'shapley'] as const).flatMap((m) => [imageWorkload(m), imageWorkload(m, true)]),
];
