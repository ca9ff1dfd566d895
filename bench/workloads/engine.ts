/**
 * Engine workloads (issue 2; DESIGN.md's engine table): what one training step, one training step
 * with an attribution prior, one conv input gradient and one matmul cost on each backend. The
 * PyTorch reference bench/reference/engine.py does exactly the same math.
 *
 * - `mlp-adam-step`: MLP 784-512-256-10 (ReLU), batch 64, softmax cross-entropy, one Adam step
 *   (pathlab's flat-buffer Adam, explain/engine/adam.ts).
 * - `mlp-adam-step-eg-tv`: the same step with λ·TV(φ) added to the loss, λ = 0.1, where φ are
 *   expected gradients of the labelled class's logit computed differentiably inside the loss
 *   (Erion et al., Nature Machine Intelligence 2021): one reference per example (the batch rolled
 *   by one), α ~ U(0,1) per example, φ = (x − x′) ⊙ ∂f/∂x at x′ + α(x − x′); TV is the batch mean of
 *   Σ|φ[h+1,w] − φ[h,w]| + |φ[h,w+1] − φ[h,w]| over the 28×28 map.
 * - `conv-forward-input-grad`: conv 5×5×32 'same' + bias + ReLU, conv 5×5×64 stride 2 'same' +
 *   bias + ReLU, sum; gradient with respect to the input; batch 64 of 28×28×1.
 * - `matmul-1024`: one 1024×1024 by 1024×1024 float32 product (also reported in GFLOP/s).
 */
import * as tf from '@tensorflow/tfjs';
import { adam, ready } from '../../explain/engine';
import { CompileCache, compiledVariableGrads } from '../../explain/engine/compile';
import { totalVariation as totalVariationOfMaps } from '../../explain/priors/totalVariation';
import type { Workload } from '../types';

// DESIGN.md's engine table: measured on every backend, the slow cpu one included.
const ALL: Workload['backends'] = ['tensorflow', 'wasm', 'cpu'];

const reference = { script: 'engine.py' };
const BATCH = 64;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Mlp {
  vars: tf.Variable[];
  logits(x: tf.Tensor2D): tf.Tensor2D;
}

/** He-initialised dense layers with ReLU between them. */
function mlp(sizes: number[]): Mlp {
  const vars: tf.Variable[] = [];
  tf.tidy(() => {
    for (let i = 0; i + 1 < sizes.length; i++) {
      vars.push(tf.variable(tf.mul(tf.randomNormal([sizes[i], sizes[i + 1]], 0, 1, 'float32', 10 + i), Math.sqrt(2 / sizes[i]))));
      vars.push(tf.variable(tf.zeros([sizes[i + 1]])));
    }
  });
  return {
    vars,
    logits(x) {
      let h: tf.Tensor2D = x;
      for (let i = 0; i < vars.length; i += 2) {
        h = tf.add(tf.matMul(h, vars[i] as tf.Tensor2D), vars[i + 1]);
        if (i + 2 < vars.length) h = tf.relu(h);
      }
      return h;
    },
  };
}

/** A batch of images in [0, 1) and one-hot labels. */
function batch(): { x: tf.Tensor2D; labels: tf.Tensor2D } {
  return tf.tidy(() => ({
    x: tf.randomUniform([BATCH, 784], 0, 1, 'float32', 1) as tf.Tensor2D,
    labels: tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 2) as tf.Tensor1D, 10).toFloat() as tf.Tensor2D,
  }));
}

/**
 * Expected gradients of Σₙ logit[n, label n], differentiable: one reference per example (the
 * batch rolled by one) and one α ~ U(0,1) per example.
 */
function expectedGradientsInLoss(model: Mlp, x: tf.Tensor2D, labels: tf.Tensor2D, drawn?: tf.Tensor): tf.Tensor2D {
  const reference = tf.concat([tf.slice(x, [1, 0], [-1, -1]), tf.slice(x, [0, 0], [1, -1])], 0);
  const alpha = drawn ?? tf.randomUniform([x.shape[0], 1]);
  const delta = tf.sub(x, reference);
  const point = tf.add(reference, tf.mul(alpha, delta));
  const grad = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(model.logits(p as tf.Tensor2D), labels)))(point);
  return tf.mul(delta, grad) as tf.Tensor2D;
}

/** Batch mean of the total variation of 28×28 maps: pathlab's prior. */
function totalVariation(phi: tf.Tensor2D): tf.Scalar {
  return totalVariationOfMaps(tf.reshape(phi, [-1, 28, 28, 1]));
}

/**
 * `compiled`: the loss and gradients run through pathlab's compile engine (one TensorFlow session
 * call per step on the tensorflow backend, α drawn outside and passed in), then the same Adam update.
 */
function mlpStep(name: string, prior: boolean, compiled = false): Workload {
  return {
    name: compiled ? `${name} [compiled]` : name,
    backends: compiled ? ['tensorflow'] : ALL,
    reference: compiled ? undefined : reference,
    async setup() {
      await ready();
      const model = mlp([784, 512, 256, 10]);
      const { x, labels } = batch();
      const optimizer = adam(1e-3);
      const loss = (): tf.Scalar => {
        const task = tf.losses.softmaxCrossEntropy(labels, model.logits(x)) as tf.Scalar;
        if (!prior) return task;
        return tf.add(task, tf.mul(0.1, totalVariation(expectedGradientsInLoss(model, x, labels))));
      };
      const cache = new CompileCache(name);
      return {
        async run() {
          if (compiled) {
            const alpha = tf.randomUniform([BATCH, 1]);
            const { value, grads } = compiledVariableGrads(
              cache,
              '',
              () => {
                const task = tf.losses.softmaxCrossEntropy(labels, model.logits(x)) as tf.Scalar;
                if (!prior) return task;
                return tf.add(task, tf.mul(0.1, totalVariation(expectedGradientsInLoss(model, x, labels, alpha))));
              },
              model.vars,
              [x, labels, alpha],
            );
            optimizer.applyGradients(grads);
            await value.data();
            tf.dispose([value, alpha, ...Object.values(grads)]);
            return;
          }
          const l = optimizer.minimize(loss, true, model.vars) as tf.Scalar;
          await l.data();
          l.dispose();
        },
        dispose() {
          cache.dispose();
          optimizer.dispose();
          tf.dispose([x, labels, ...model.vars]);
        },
      };
    },
  };
}

const convInputGrad: Workload = {
  name: 'conv-forward-input-grad',
  backends: ALL,
  reference,
  async setup() {
    await ready();
    const w = tf.tidy(() => ({
      w1: tf.mul(tf.randomNormal([5, 5, 1, 32], 0, 1, 'float32', 20), Math.sqrt(2 / 25)) as tf.Tensor4D,
      b1: tf.fill([32], 0.01) as tf.Tensor1D,
      w2: tf.mul(tf.randomNormal([5, 5, 32, 64], 0, 1, 'float32', 21), Math.sqrt(2 / 800)) as tf.Tensor4D,
      b2: tf.fill([64], 0.01) as tf.Tensor1D,
      x: tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 22) as tf.Tensor4D,
    }));
    const f = (x: tf.Tensor): tf.Scalar => {
      const h = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w.w1, 1, 'same'), w.b1)) as tf.Tensor4D;
      return tf.sum(tf.relu(tf.add(tf.conv2d(h, w.w2, 2, 'same'), w.b2)));
    };
    const gradient = tf.grad(f);
    return {
      async run() {
        const g = gradient(w.x);
        await g.data();
        g.dispose();
      },
      dispose() {
        tf.dispose(Object.values(w));
      },
    };
  },
};

const matmulTimes: number[] = [];

const matmul: Workload = {
  name: 'matmul-1024',
  backends: ALL,
  reference,
  async setup() {
    await ready();
    matmulTimes.length = 0;
    const a = tf.randomNormal([1024, 1024], 0, 1, 'float32', 30);
    const b = tf.randomNormal([1024, 1024], 0, 1, 'float32', 31);
    return {
      async run() {
        const t0 = performance.now();
        const c = tf.matMul(a, b);
        await c.data();
        matmulTimes.push(performance.now() - t0);
        c.dispose();
      },
      dispose() {
        tf.dispose([a, b]);
      },
    };
  },
  // The first call is the runner's warm-up.
  extra: () => ({ gflops: (2 * 1024 ** 3) / (median(matmulTimes.slice(1)) * 1e6) }),
};

export const workloads: Workload[] = [
  mlpStep('mlp-adam-step', false),
  mlpStep('mlp-adam-step-eg-tv', true),
  mlpStep('mlp-adam-step', false, true),
  mlpStep('mlp-adam-step-eg-tv', true, true),
  convInputGrad,
  matmul,
];
