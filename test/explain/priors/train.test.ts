/**
 * train(): seeded short runs, one per prior (the prior's value ends clearly lower with it on than
 * in the same run with λ = 0, and the task loss still falls), both schedules, history, validation,
 * fine-tuning after plain training, cancellation, and bad input rejected before any step.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { CancelledError } from '../../../explain/progress';
import type { AttributionPrior } from '../../../explain/priors/prior';
import { totalVariationPrior } from '../../../explain/priors/totalVariation';
import { graphPrior } from '../../../explain/priors/graphPrior';
import { giniPrior } from '../../../explain/priors/gini';
import { l1AttributionPrior } from '../../../explain/priors/l1AttributionPrior';
import { l1WeightPrior, l2WeightPrior } from '../../../explain/priors/weightPrior';
import { train, type TrainOptions } from '../../../explain/priors/train';
import { adam } from '../../../explain/engine/adam';
import { quietReady, values } from '../support';

quietReady();

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** 6×6 images; the class says whether the top-left quadrant outweighs the bottom-right one. */
function imageTask(n: number, seed: number) {
  const data = values(n * 36, seed);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) d += data[i * 36 + r * 6 + c] - data[i * 36 + (r + 3) * 6 + c + 3];
    labels[i] = d > 0 ? 1 : 0;
  }
  return { x: tf.tensor4d(data, [n, 6, 6, 1]), y: tf.tensor1d(labels, 'int32') };
}

function imageModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [6, 6, 1] }),
      tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });
}

/** d features; target = a weighted sum of the first four (regression) or its sign (binary). */
function tabularTask(n: number, d: number, seed: number, binary: boolean) {
  const data = values(n * d, seed);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = 1.5 * data[i * d] + data[i * d + 1] - 0.8 * data[i * d + 2] + 0.5 * data[i * d + 3];
    y[i] = binary ? (t > 0 ? 1 : 0) : t;
  }
  return { x: tf.tensor2d(data, [n, d]), y: tf.tensor1d(y) };
}

function tabularModel(d: number, binary: boolean): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [d], units: 16, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({ units: 1, activation: binary ? 'sigmoid' : 'linear', kernelInitializer: init(4) }),
    ],
  });
}

interface Case {
  prior: () => AttributionPrior;
  lambda: number;
  task: () => { x: tf.Tensor; y: tf.Tensor };
  model: () => tf.LayersModel;
  learningRate?: number;
}

const d = 8;
const chain = { nodes: d, edges: Array.from({ length: d - 1 }, (_, i) => [i, i + 1] as [number, number]) };
const cases: Record<string, Case> = {
  totalVariation: { prior: totalVariationPrior, lambda: 0.3, task: () => imageTask(64, 1), model: imageModel },
  graph: {
    prior: () => graphPrior(chain),
    lambda: 3,
    task: () => tabularTask(64, d, 2, false),
    model: () => tabularModel(d, false),
  },
  gini: { prior: () => giniPrior(), lambda: 1, task: () => tabularTask(64, d, 3, true), model: () => tabularModel(d, true) },
  giniMixed: {
    prior: () => giniPrior({ mixed: true }),
    lambda: 1,
    task: () => tabularTask(64, d, 3, true),
    model: () => tabularModel(d, true),
  },
  l1Attribution: {
    prior: l1AttributionPrior,
    lambda: 5,
    task: () => tabularTask(64, d, 4, false),
    model: () => tabularModel(d, false),
  },
  l1Weights: { prior: l1WeightPrior, lambda: 0.01, task: () => tabularTask(64, d, 5, true), model: () => tabularModel(d, true) },
  l2Weights: { prior: l2WeightPrior, lambda: 0.01, task: () => tabularTask(64, d, 6, true), model: () => tabularModel(d, true) },
};

const short: TrainOptions = { epochs: 6, batchSize: 16, seed: 7, learningRate: 0.01 };

for (const [name, c] of Object.entries(cases)) {
  test(`${name}: with the prior on, Ω ends clearly lower than with λ = 0, and the task loss still falls`, async () => {
    const { x, y } = c.task();
    const runs = [];
    for (const lambda of [0, c.lambda]) {
      const model = c.model();
      const h = await train(model, { x, y }, { ...short, prior: c.prior(), lambda });
      runs.push(h);
      model.dispose();
    }
    const [off, on] = runs;
    if (process.env.PRIORS_DEBUG)
      console.log(
        JSON.stringify([name, on.epochs.map((e) => e.prior), off.epochs.map((e) => e.prior), on.epochs.map((e) => e.taskLoss)]),
      );
    const last = (h: typeof on) => h.epochs[h.epochs.length - 1];
    assert.equal(on.epochs.length, short.epochs);
    assert.ok(
      last(on).prior! < last(off).prior! - 0.2 * Math.abs(last(off).prior!),
      `Ω on ${last(on).prior} vs off ${last(off).prior}`,
    );
    assert.ok(last(on).taskLoss < on.epochs[0].taskLoss, `task loss ${on.epochs[0].taskLoss} → ${last(on).taskLoss}`);
    tf.dispose([x, y]);
  });
}

test('joint and alternating schedules both train; the history has one entry per epoch', async () => {
  const { x, y } = imageTask(48, 9);
  for (const schedule of ['joint', 'alternating'] as const) {
    const model = imageModel();
    const h = await train(model, { x, y }, { ...short, epochs: 3, prior: totalVariationPrior(), lambda: 0.3, schedule });
    assert.equal(h.epochs.length, 3);
    assert.equal(h.schedule, schedule);
    assert.ok(
      h.epochs.every((e) => Number.isFinite(e.taskLoss) && Number.isFinite(e.prior!) && e.metrics.accuracy !== undefined),
    );
    assert.ok(h.epochs[2].taskLoss < h.epochs[0].taskLoss);
    assert.match(h.toText(), new RegExp(`train: prior totalVariation, λ = 0.3, ${schedule}`));
    model.dispose();
  }
  tf.dispose([x, y]);
});

test('without a prior every epoch is task-only, and the history says so', async () => {
  const { x, y } = imageTask(24, 13);
  const model = imageModel();
  const h = await train(model, { x, y }, { ...short, epochs: 2 });
  assert.deepEqual(
    h.epochs.map((e) => e.phase),
    ['pretrain', 'pretrain'],
  );
  assert.ok(h.epochs.every((e) => e.prior === null));
  assert.match(h.toText(), /^train: no prior\n/);
  model.dispose();
  tf.dispose([x, y]);
});

test('fine-tuning after plain training is one call; validation and callbacks are reported; seeds repeat', async () => {
  const { x, y } = tabularTask(40, d, 11, true);
  const val = tabularTask(20, d, 12, true);
  const run = async () => {
    const model = tabularModel(d, true);
    let batches = 0;
    const epochs: number[] = [];
    const h = await train(
      model,
      { x, y },
      {
        ...short,
        pretrainEpochs: 2,
        epochs: 2,
        prior: giniPrior(),
        lambda: 0.5,
        validationData: val,
        callbacks: { onBatchEnd: () => void batches++, onEpochEnd: (log) => void epochs.push(log.epoch) },
      },
    );
    model.dispose();
    return { h, batches, epochs };
  };
  const before = tf.memory().numTensors;
  const a = await run();
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(
    a.h.epochs.map((e) => e.phase),
    ['pretrain', 'pretrain', 'prior', 'prior'],
  );
  assert.equal(a.batches, 4 * 3);
  assert.deepEqual(a.epochs, [0, 1, 2, 3]);
  for (const e of a.h.epochs) {
    assert.ok(e.valTaskLoss! > 0 && Number.isFinite(e.valPrior!));
    assert.ok(e.valMetrics!.rocAuc! >= 0 && e.valMetrics!.rocAuc! <= 1);
    assert.ok(e.metrics.accuracy! >= 0 && e.metrics.accuracy! <= 1);
  }
  // Pre-training optimises the task alone: its loss is the task loss.
  assert.equal(a.h.epochs[0].loss, a.h.epochs[0].taskLoss);
  const b = await run();
  assert.deepEqual(
    b.h.epochs.map((e) => [e.taskLoss, e.prior]),
    a.h.epochs.map((e) => [e.taskLoss, e.prior]),
  );
  tf.dispose([x, y, val.x, val.y]);
});

test('bad input is rejected with the exact message before any step, leaving weights and tensors unchanged', async () => {
  const img = imageTask(16, 3);
  const tab = tabularTask(16, d, 4, false);
  const model = imageModel();
  const flat = tabularModel(d, false);
  const weights = model.getWeights().map((w) => w.dataSync().slice());
  let steps = 0;
  const cb = { callbacks: { onBatchEnd: () => void steps++ } };
  const wrongRows = tf.tensor1d([0, 1, 0], 'int32');
  const wrongWidth = tf.tidy(() => tf.oneHot(tf.zeros([16], 'int32'), 3));
  const badIds = tf.tensor1d(new Array(16).fill(2), 'int32');
  const before = tf.memory().numTensors;
  await assert.rejects(train(flat, tab, { prior: totalVariationPrior(), ...cb }), {
    message:
      "Argument 'attributions' passed to 'train' must be images of shape [N, height, width, channels], but got shape [N, 8].",
  });
  await assert.rejects(train(flat, tab, { prior: graphPrior({ nodes: 5, edges: [[0, 1]] }), ...cb }), {
    message: "Argument 'adjacency' passed to 'train' must have one node per feature (8), but got 5 nodes.",
  });
  await assert.rejects(train(model, img, { prior: totalVariationPrior(), lambda: -1, ...cb }), {
    message: "Argument 'lambda' passed to 'train' must be a finite number >= 0, but got -1.",
  });
  await assert.rejects(train(model, { x: img.x, y: wrongRows }, cb), {
    message: "Argument 'y' passed to 'train' must have 16 rows (one per input), but got 3.",
  });
  await assert.rejects(train(model, { x: img.x, y: wrongWidth }, { loss: 'categoricalCrossentropy', ...cb }), {
    message: "Argument 'y' passed to 'train' must have shape [16, 2] (one-hot), but got shape [16, 3].",
  });
  await assert.rejects(train(model, { x: img.x, y: badIds }, cb), {
    message: "Argument 'y' passed to 'train' must have shape [16] (class ids in 0..1; row 0 is 2), but got shape [16].",
  });
  await assert.rejects(train(model, { x: tab.x, y: img.y }, cb), {
    message: "Argument 'x' passed to 'train' must have shape [N, 6, 6, 1], but got shape [16, 8].",
  });
  await assert.rejects(train(model, img, { schedule: 'both' as 'joint', ...cb }), {
    message: "Argument 'schedule' passed to 'train' must be one of 'joint', 'alternating', but got \"both\".",
  });
  assert.equal(steps, 0);
  assert.equal(tf.memory().numTensors, before);
  model.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), weights[i]));
  tf.dispose([img.x, img.y, tab.x, tab.y, wrongRows, wrongWidth, badIds]);
  model.dispose();
  flat.dispose();
});

test('cancellation stops between steps with CancelledError and frees every tensor', async () => {
  const { x, y } = imageTask(64, 5);
  const model = imageModel();
  const controller = new AbortController();
  let steps = 0;
  const before = tf.memory().numTensors;
  await assert.rejects(
    train(
      model,
      { x, y },
      {
        ...short,
        prior: totalVariationPrior(),
        signal: controller.signal,
        callbacks: {
          onBatchEnd: () => {
            if (++steps === 2) controller.abort();
          },
        },
      },
    ),
    (e: unknown) => e instanceof CancelledError,
  );
  assert.equal(steps, 2);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y]);
  model.dispose();
});

// --- the original protocols' features -----------------------------------------------------------

/** Flat copies of every weight of a model (batch-norm statistics included). */
const snapshot = (model: tf.LayersModel): Float32Array[] => model.weights.map((w) => w.read().dataSync().slice() as Float32Array);

test('alternating: the task and prior steps use two optimizers (their own iteration counts and moments)', async () => {
  const { x, y } = imageTask(32, 21);
  const run = async (opts: TrainOptions) => {
    const model = imageModel();
    const h = await train(
      model,
      { x, y },
      { ...short, epochs: 2, prior: totalVariationPrior({ standardize: true }), lambda: 0.3, schedule: 'alternating', ...opts },
    );
    const w = snapshot(model);
    model.dispose();
    return { h, w };
  };
  const taskOpt = adam(0.01);
  const priorOpt = adam(0.01);
  await run({ optimizer: taskOpt, priorOptimizer: priorOpt });
  // 32 rows in batches of 16 for 2 epochs: 4 task steps and 4 prior steps.
  assert.equal(taskOpt.iterations, 4);
  assert.equal(priorOpt.iterations, 4);
  // Each holds moments for every trainable variable (iteration count + m + v per variable).
  assert.equal((await priorOpt.getWeights()).length, 1 + 2 * 4);
  // priorBatch 'next': the batches alternate between the two steps, so each optimizer steps twice.
  const a2 = adam(0.01);
  const b2 = adam(0.01);
  const next = await run({ optimizer: a2, priorOptimizer: b2, priorBatch: 'next' });
  assert.equal(a2.iterations, 2);
  assert.equal(b2.iterations, 2);
  assert.equal(next.h.epochs[0].prior !== null && Number.isFinite(next.h.epochs[0].prior), true);
  // By name, the prior step gets an Adam of its own: the same weights as two explicit instances,
  // and not those of one shared instance.
  const named = await run({ optimizer: 'adam', learningRate: 0.01 });
  const two = await run({ optimizer: adam(0.01), priorOptimizer: adam(0.01) });
  const shared = await run({ optimizer: adam(0.01) });
  named.w.forEach((w, i) => assert.deepEqual(w, two.w[i]));
  assert.ok(named.w.some((w, i) => w.some((v, j) => v !== shared.w[i][j])));
  tf.dispose([x, y]);
  [taskOpt, priorOpt, a2, b2].forEach((o) => o.dispose());
});

test("taskWeight 'oneMinusLambda' optimises (1 − λ)·task + λ·Ω (the logged loss is that sum)", async () => {
  const { x, y } = imageTask(32, 22);
  const model = imageModel();
  const h = await train(
    model,
    { x, y },
    { ...short, epochs: 2, prior: totalVariationPrior(), lambda: 0.25, taskWeight: 'oneMinusLambda' },
  );
  for (const e of h.epochs) assert.ok(Math.abs(e.loss - (0.75 * e.taskLoss + 0.25 * e.prior!)) < 1e-5 * Math.abs(e.loss));
  model.dispose();
  tf.dispose([x, y]);
});

test('restoreBest returns the weights of the best validation epoch (batch-norm statistics too), not the last', async () => {
  // Validation labels are the training labels flipped: the better the model learns, the worse its
  // validation AUC, so a later epoch is worse than an earlier one.
  const { x, y } = tabularTask(48, d, 31, true);
  const flipped = tf.sub(1, y);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [d], units: 16, activation: 'relu', kernelInitializer: init(5) }),
      tf.layers.batchNormalization(),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(6) }),
    ],
  });
  const perEpoch: Float32Array[][] = [];
  const before = tf.memory().numTensors;
  const h = await train(
    model,
    { x, y },
    {
      ...short,
      epochs: 6,
      validationData: { x, y: flipped },
      restoreBest: { metric: 'rocAuc' },
      callbacks: { onEpochEnd: () => void perEpoch.push(snapshot(model)) },
    },
  );
  assert.equal(tf.memory().numTensors, before);
  const aucs = h.epochs.map((e) => e.valMetrics!.rocAuc!);
  const bestEpoch = aucs.indexOf(Math.max(...aucs));
  assert.equal(h.bestEpoch, bestEpoch);
  assert.ok(aucs[aucs.length - 1] < aucs[bestEpoch], `val AUC per epoch ${aucs.join(', ')}`);
  const restored = snapshot(model);
  restored.forEach((w, i) => assert.deepEqual(w, perEpoch[bestEpoch][i]));
  // The moving mean of the batch norm (a non-trainable weight) is restored with the rest.
  const movingMean = model.weights.findIndex((w) => w.name.includes('moving_mean'));
  assert.ok(movingMean >= 0);
  assert.notDeepEqual(perEpoch[perEpoch.length - 1][movingMean], restored[movingMean]);
  assert.match(h.toText(), new RegExp(`weights of epoch ${bestEpoch + 1} \\(best on validation\\) restored`));
  // 'loss' is minimised by default.
  const model2 = tabularModel(d, true);
  const h2 = await train(
    model2,
    { x, y },
    { ...short, epochs: 4, validationData: { x, y: flipped }, restoreBest: { metric: 'loss' } },
  );
  const losses = h2.epochs.map((e) => e.valTaskLoss!);
  assert.equal(h2.bestEpoch, losses.indexOf(Math.min(...losses)));
  model.dispose();
  model2.dispose();
  tf.dispose([x, y, flipped]);
});

test('learningRateDecay: staircase per samples drawn, for named optimizers and given instances (put back after)', async () => {
  const { x, y } = tabularTask(40, d, 41, false);
  const model = tabularModel(d, false);
  const h = await train(
    model,
    { x, y },
    { epochs: 3, batchSize: 10, learningRate: 0.01, learningRateDecay: { rate: 0.5, everySamples: 40 } },
  );
  assert.deepEqual(
    h.epochs.map((e) => e.learningRate),
    [0.01, 0.005, 0.0025],
  );
  const sgd = tf.train.sgd(0.1);
  const h2 = await train(
    model,
    { x, y },
    { epochs: 2, batchSize: 10, optimizer: sgd, learningRateDecay: { rate: 0.5, everySamples: 20 } },
  );
  // Two stairs per epoch; the log shows the epoch's last step (samples 30 and 70).
  assert.deepEqual(
    h2.epochs.map((e) => e.learningRate),
    [0.05, 0.0125],
  );
  assert.equal((sgd as unknown as { learningRate: number }).learningRate, 0.1);
  // A decay of rate 1 changes nothing.
  const m1 = tabularModel(d, false);
  const m2 = tabularModel(d, false);
  await train(m1, { x, y }, { epochs: 2, batchSize: 10 });
  await train(m2, { x, y }, { epochs: 2, batchSize: 10, learningRateDecay: { rate: 1, everySamples: 1 } });
  snapshot(m1).forEach((w, i) => assert.deepEqual(w, snapshot(m2)[i]));
  sgd.dispose();
  [model, m1, m2].forEach((m) => m.dispose());
  tf.dispose([x, y]);
});

test('augment: called on every training batch with a fresh seed; what it returns is what the model trains on', async () => {
  const { x, y } = tabularTask(32, d, 51, false);
  const seeds: number[] = [];
  const shapes: number[][] = [];
  // Zeroed inputs give the first layer's kernel a zero gradient: Adam leaves it exactly as it was.
  const zero = (xb: tf.Tensor, seed: number) => {
    seeds.push(seed);
    shapes.push(xb.shape);
    return tf.zerosLike(xb);
  };
  const model = tabularModel(d, false);
  const kernel0 = model.layers[0].getWeights()[0].dataSync().slice();
  const before = tf.memory().numTensors;
  await train(model, { x, y }, { ...short, epochs: 2, augment: zero });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(model.layers[0].getWeights()[0].dataSync(), kernel0);
  assert.equal(seeds.length, 4);
  assert.equal(new Set(seeds).size, 4);
  assert.deepEqual(shapes[0], [16, d]);
  const plain = tabularModel(d, false);
  await train(plain, { x, y }, { ...short, epochs: 2 });
  assert.notDeepEqual(plain.layers[0].getWeights()[0].dataSync(), kernel0);
  model.dispose();
  plain.dispose();
  tf.dispose([x, y]);
});

test('batch norm and dropout: training mode in the steps (statistics move, masks seeded), inference mode for validation', async () => {
  const { x, y } = imageTask(32, 61);
  const val = imageTask(16, 62);
  const cnn = () =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: init(7) }),
        tf.layers.batchNormalization(),
        tf.layers.activation({ activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 8, kernelInitializer: init(8) }),
        tf.layers.batchNormalization(),
        tf.layers.activation({ activation: 'relu' }),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 2, kernelInitializer: init(9) }),
      ],
    });
  const run = async () => {
    const model = cnn();
    const h = await train(
      model,
      { x, y },
      {
        ...short,
        epochs: 3,
        prior: totalVariationPrior({ standardize: true }),
        lambda: 0.1,
        schedule: 'alternating',
        references: 'roll',
        validationData: val,
      },
    );
    return { model, h };
  };
  const before = tf.memory().numTensors;
  const a = await run();
  const b = await run();
  for (const e of a.h.epochs) {
    assert.ok(
      Number.isFinite(e.taskLoss) && Number.isFinite(e.prior!) && Number.isFinite(e.valTaskLoss!) && Number.isFinite(e.valPrior!),
    );
  }
  assert.ok(a.h.epochs[2].taskLoss < a.h.epochs[0].taskLoss, a.h.epochs.map((e) => e.taskLoss).join(', '));
  // The batch norm's moving mean moved away from its initial zeros: the task step ran in training mode.
  const mm = a.model.weights
    .find((w) => w.name.includes('moving_mean'))!
    .read()
    .dataSync();
  assert.ok(Array.from(mm).some((v) => Math.abs(v) > 1e-4));
  // Dropout masks are seeded per step: the same seed gives the same weights.
  snapshot(a.model).forEach((w, i) => assert.deepEqual(w, snapshot(b.model)[i]));
  // Validation ran in inference mode: it equals an inference pass over the final (unrestored) weights.
  const evalLoss = tf.tidy(() => {
    const out = a.model.predict(val.x) as tf.Tensor;
    return tf.losses.softmaxCrossEntropy(tf.oneHot(val.y as tf.Tensor1D, 2), out).arraySync() as number;
  });
  assert.ok(Math.abs(evalLoss - a.h.epochs[2].valTaskLoss!) < 1e-4, `${evalLoss} vs ${a.h.epochs[2].valTaskLoss}`);
  a.model.dispose();
  b.model.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y, val.x, val.y]);
});

test('full batch with k = 100 references drawn from the training rows: one step per epoch, seeded', async () => {
  const { x, y } = tabularTask(30, d, 71, true);
  const run = async (seed: number) => {
    const model = tabularModel(d, true);
    let steps = 0;
    const h = await train(
      model,
      { x, y },
      {
        epochs: 3,
        batchSize: 'full',
        references: x,
        k: 100,
        prior: giniPrior(),
        lambda: 0.5,
        learningRate: 0.01,
        seed,
        callbacks: { onBatchEnd: () => void steps++ },
      },
    );
    model.dispose();
    return { h, steps };
  };
  const a = await run(1);
  const b = await run(1);
  const c = await run(2);
  assert.equal(a.steps, 3);
  assert.deepEqual(
    a.h.epochs.map((e) => e.prior),
    b.h.epochs.map((e) => e.prior),
  );
  // The first step's weights are the same for both seeds (no shuffle effect in a full batch), so
  // a different Ω can only come from different reference and α draws.
  assert.notEqual(a.h.epochs[0].prior, c.h.epochs[0].prior);
  tf.dispose([x, y]);
});

test('bad new options are rejected with exact messages before any step', async () => {
  const img = imageTask(16, 3);
  const model = imageModel();
  let steps = 0;
  const cb = { callbacks: { onBatchEnd: () => void steps++ } };
  const tv = { prior: totalVariationPrior(), ...cb };
  const before = tf.memory().numTensors;
  await assert.rejects(train(model, img, { ...tv, priorBatch: 'next' }), {
    message: "Argument 'priorBatch' passed to 'train' can be 'next' only with schedule 'alternating', but got schedule 'joint'.",
  });
  await assert.rejects(train(model, img, { ...tv, priorBatch: 'other' as 'next', schedule: 'alternating' }), {
    message: "Argument 'priorBatch' passed to 'train' must be one of 'same', 'next', but got \"other\".",
  });
  await assert.rejects(train(model, img, { ...tv, lambda: 2, taskWeight: 'oneMinusLambda' }), {
    message:
      "Argument 'lambda' passed to 'train' must be at most 1 with taskWeight 'oneMinusLambda' (the task loss is weighted 1 − λ), but got 2.",
  });
  await assert.rejects(train(model, img, { ...tv, taskWeight: 'half' as 'one' }), {
    message: "Argument 'taskWeight' passed to 'train' must be one of 'one', 'oneMinusLambda', but got \"half\".",
  });
  await assert.rejects(train(model, img, { ...tv, restoreBest: { metric: 'accuracy' } }), {
    message: "Argument 'restoreBest' passed to 'train' needs 'validationData' to compare epochs on, but got no validationData.",
  });
  await assert.rejects(train(model, img, { ...tv, validationData: img, restoreBest: { metric: 'mse' } }), {
    message:
      "Argument 'restoreBest.metric' passed to 'train' must name a metric that is reported ('accuracy', 'loss', 'prior'), but got 'mse'.",
  });
  await assert.rejects(train(model, img, { ...tv, validationData: img, restoreBest: { metric: 'auc' as 'loss' } }), {
    message:
      "Argument 'restoreBest.metric' passed to 'train' must be one of 'accuracy', 'rocAuc', 'mse', 'loss', 'prior', but got \"auc\".",
  });
  await assert.rejects(
    train(model, img, { ...tv, validationData: img, restoreBest: { metric: 'loss', mode: 'lowest' as 'min' } }),
    {
      message: "Argument 'restoreBest.mode' passed to 'train' must be one of 'max', 'min', but got \"lowest\".",
    },
  );
  await assert.rejects(train(model, img, { ...tv, learningRateDecay: { rate: 2, everySamples: 10 } }), {
    message: "Argument 'learningRateDecay.rate' passed to 'train' must be a number in (0, 1], but got 2.",
  });
  await assert.rejects(train(model, img, { ...tv, augment: 'rotate' as unknown as null }), {
    message: "Argument 'augment' passed to 'train' must be a function, but got \"rotate\".",
  });
  await assert.rejects(train(model, img, { ...tv, augment: (xb) => xb.slice(0, 2) }), {
    message:
      "Argument 'augment' passed to 'train' must return a tensor of the batch's shape [16, 6, 6, 1], but returned a tensor of shape [2, 6, 6, 1].",
  });
  await assert.rejects(train(model, img, { ...tv, batchSize: 'half' as 'full' }), {
    message: "Argument 'batchSize' passed to 'train' must be an integer >= 1, but got \"half\".",
  });
  await assert.rejects(train(model, img, { ...tv, priorOptimizer: 'lion' as 'adam' }), {
    message: "Argument 'priorOptimizer' passed to 'train' must be one of 'adam', 'sgd', 'rmsprop', but got \"lion\".",
  });
  assert.equal(steps, 0);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([img.x, img.y]);
  model.dispose();
});

test('train(m, null) and a data argument that is not { x, y } are named errors, not TypeErrors', async () => {
  const model = imageModel();
  await assert.rejects(train(model, null as never), {
    message: "Argument 'data' passed to 'train' must be an object { x, y } of inputs and labels, but got null.",
  });
  await assert.rejects(train(model, 5 as never), {
    message: "Argument 'data' passed to 'train' must be an object { x, y } of inputs and labels, but got 5.",
  });
  model.dispose();
});

test('a model that is not a one-input, one-output tf.LayersModel is named', async () => {
  const a = tf.input({ shape: [2] });
  const b = tf.input({ shape: [2] });
  const twoInputs = tf.model({
    inputs: [a, b],
    outputs: tf.layers.dense({ units: 1 }).apply(tf.layers.concatenate().apply([a, b])) as tf.SymbolicTensor,
  });
  const data = tabularTask(16, 4, 1, false);
  const before = tf.memory().numTensors;
  await assert.rejects(train(((t: tf.Tensor) => t) as never, data), {
    message: "Argument 'model' passed to 'train' must be a tf.LayersModel with one input and one output, but got function.",
  });
  await assert.rejects(train(twoInputs, data), {
    message:
      "Argument 'model' passed to 'train' must be a tf.LayersModel with one input and one output, but got 2 inputs and 1 outputs.",
  });
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([data.x, data.y]);
  twoInputs.dispose();
});
