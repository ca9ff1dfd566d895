/**
 * Any-model workloads (issue 14). KernelSHAP of 100 rows × 30 features with 2,000 coalitions and
 * 100 background rows on the softplus MLP 30-64-32-1 — target: faster than shap's KernelExplainer
 * on the same model (bench/reference/any_model.py). Grad-CAM and Guided Grad-CAM of 20 digits
 * (28×28) on a small CNN — target: within 1.2× of captum on one thread.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../explain/engine';
import { kernelShap } from '../../explain/attribution/kernelShap';
import { gradCam } from '../../explain/attribution/gradCam';
import { guidedGradCam } from '../../explain/attribution/guidedGradCam';
import { mlpPathSetup } from '../support';
import type { Workload } from '../types';

const reference = { script: 'any_model.py' };

function cnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu', name: 'conv1' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', name: 'conv2' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10 }),
    ],
  });
}

const camWorkload = (method: 'gradCam' | 'guidedGradCam'): Workload => ({
  name: `any model: ${method === 'gradCam' ? 'Grad-CAM' : 'Guided Grad-CAM'} of 20 digits (conv2 of a small CNN)`,
  reference,
  repeats: 9,
  async setup() {
    await ready();
    const model = cnn();
    const x = tf.randomUniform([20, 28, 28, 1], 0, 1, 'float32', 3);
    return {
      async run() {
        if (method === 'gradCam') await gradCam(model, x, { layer: 'conv2', output: 3 });
        else await guidedGradCam(model, x, { layer: 'conv2', output: 3 });
      },
      dispose() {
        model.dispose();
        x.dispose();
      },
    };
  },
});

export const workloads: Workload[] = [
  {
    name: 'any model: KernelSHAP of 100 rows × 30 features, 2,000 coalitions, 100 background rows, MLP 30-64-32-1',
    reference,
    repeats: 3,
    async setup() {
      await ready();
      const { model, x, bg, dispose } = mlpPathSetup(100, 30);
      return {
        async run() {
          await kernelShap(model, x, { baseline: bg, numSamples: 2000 });
        },
        dispose,
      };
    },
  },
  camWorkload('gradCam'),
  camWorkload('guidedGradCam'),
];
