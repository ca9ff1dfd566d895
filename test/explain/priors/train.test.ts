/**
 * train(): seeded short runs, one per prior (the prior's value ends clearly lower with it on than
 * in the same run with λ = 0, and the task loss still falls), both schedules, history, validation,
 * fine-tuning after plain training, cancellation, and bad input rejected before any step.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { errors } from '../../../explain/internal/errors';
import { CancelledError } from '../../../explain/progress';
import type { AttributionPrior } from '../../../explain/priors/prior';
import { totalVariationPrior } from '../../../explain/priors/totalVariation';
import { graphPrior } from '../../../explain/priors/graphPrior';
import { giniPrior } from '../../../explain/priors/gini';
import { l1AttributionPrior } from '../../../explain/priors/l1AttributionPrior';
import { l1WeightPrior, l2WeightPrior } from '../../../explain/priors/weightPrior';
import { train, type TrainOptions } from '../../../explain/priors/train';
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
  graph: { prior: () => graphPrior(chain), lambda: 3, task: () => tabularTask(64, d, 2, false), model: () => tabularModel(d, false) },
  gini: { prior: () => giniPrior(), lambda: 1, task: () => tabularTask(64, d, 3, true), model: () => tabularModel(d, true) },
  giniMixed: { prior: () => giniPrior({ mixed: true }), lambda: 1, task: () => tabularTask(64, d, 3, true), model: () => tabularModel(d, true) },
  l1Attribution: { prior: l1AttributionPrior, lambda: 5, task: () => tabularTask(64, d, 4, false), model: () => tabularModel(d, false) },
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
    if (process.env.PRIORS_DEBUG) console.log(JSON.stringify([name, on.epochs.map((e) => e.prior), off.epochs.map((e) => e.prior), on.epochs.map((e) => e.taskLoss)]));
    const last = (h: typeof on) => h.epochs[h.epochs.length - 1];
    assert.equal(on.epochs.length, short.epochs);
    assert.ok(last(on).prior! < last(off).prior! - 0.2 * Math.abs(last(off).prior!), `Ω on ${last(on).prior} vs off ${last(off).prior}`);
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
    assert.ok(h.epochs.every((e) => Number.isFinite(e.taskLoss) && Number.isFinite(e.prior!) && e.metrics.accuracy !== undefined));
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
  assert.deepEqual(h.epochs.map((e) => e.phase), ['pretrain', 'pretrain']);
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
    const h = await train(model, { x, y }, {
      ...short,
      pretrainEpochs: 2,
      epochs: 2,
      prior: giniPrior(),
      lambda: 0.5,
      validationData: val,
      callbacks: { onBatchEnd: () => void batches++, onEpochEnd: (log) => void epochs.push(log.epoch) },
    });
    model.dispose();
    return { h, batches, epochs };
  };
  const before = tf.memory().numTensors;
  const a = await run();
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(a.h.epochs.map((e) => e.phase), ['pretrain', 'pretrain', 'prior', 'prior']);
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
  await assert.rejects(train(flat, tab, { prior: totalVariationPrior(), ...cb }), { message: errors.priorsNotImage('train', ['N', d]) });
  await assert.rejects(train(flat, tab, { prior: graphPrior({ nodes: 5, edges: [[0, 1]] }), ...cb }), { message: errors.priorsGraphSize('train', 5, d) });
  await assert.rejects(train(model, img, { prior: totalVariationPrior(), lambda: -1, ...cb }), { message: errors.priorsNonNegative('train', 'lambda', -1) });
  await assert.rejects(train(model, { x: img.x, y: wrongRows }, cb), { message: errors.priorsRows('train', 'y', 16, 3) });
  await assert.rejects(train(model, { x: img.x, y: wrongWidth }, { loss: 'categoricalCrossentropy', ...cb }), {
    message: errors.priorsShape('train', 'y', '[16, 2] (one-hot)', [16, 3]),
  });
  await assert.rejects(train(model, { x: img.x, y: badIds }, cb), {
    message: errors.priorsShape('train', 'y', '[16] (class ids in 0..1; row 0 is 2)', [16]),
  });
  await assert.rejects(train(model, { x: tab.x, y: img.y }, cb), { message: errors.priorsShape('train', 'x', '[N, 6, 6, 1]', [16, d]) });
  await assert.rejects(train(model, img, { schedule: 'both' as 'joint', ...cb }), {
    message: errors.priorsOneOf('train', 'schedule', ['joint', 'alternating'], 'both'),
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
    train(model, { x, y }, {
      ...short,
      prior: totalVariationPrior(),
      signal: controller.signal,
      callbacks: {
        onBatchEnd: () => {
          if (++steps === 2) controller.abort();
        },
      },
    }),
    (e: unknown) => e instanceof CancelledError,
  );
  assert.equal(steps, 2);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y]);
  model.dispose();
});
