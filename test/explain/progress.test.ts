import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { expectedGradients } from '../../explain/attribution/expectedGradients';
import { saliency } from '../../explain/attribution/saliency';
import { expectedHessians } from '../../explain/interaction/expectedHessians';
import {
  CancelledError,
  Checkpoint,
  clearCancel,
  progressFrom,
  requestCancel,
  setProgressHandler,
  type ProgressEvent,
  type ProgressOptions,
} from '../../explain/progress';
import { linearModel, quietReady } from './support';

quietReady();

/** A linear model whose first call (the method's f(x)) takes `ms` of synchronous work. */
function slowFirstCall(ms: number, onFirst: () => void = () => {}) {
  const state = { calls: 0, firstCallMs: -1 };
  const f = (x: tf.Tensor): tf.Tensor => {
    if (state.calls++ === 0) {
      const t0 = Date.now();
      while (Date.now() - t0 < ms) {
        // busy: the work a large model does in its first pass
      }
      state.firstCallMs = Date.now() - t0;
      onFirst();
    }
    return linearModel(x);
  };
  return { f, state };
}

const x = [
  [1, 2, 3, 4],
  [0.5, -1, 2, 0],
];
const bg = [
  [0, 0, 0, 0],
  [1, 1, 1, 1],
];

type Method = (f: (x: tf.Tensor) => tf.Tensor, o: ProgressOptions) => Promise<unknown>;
const methods: [string, Method][] = [
  ['expectedGradients', (f, o) => expectedGradients(f, x, { baseline: bg, numSamples: 8, seed: 1, ...o })],
  ['expectedHessians', (f, o) => expectedHessians(f, x, { baseline: bg, numSamples: 8, seed: 1, ...o })],
  ['saliency', (f, o) => saliency(f, x, o)],
];

for (const [name, run] of methods) {
  test(`${name}: the first progress event's clock includes the prelude and f(x)`, async () => {
    const { f, state } = slowFirstCall(120);
    const events: ProgressEvent[] = [];
    const before = tf.memory().numTensors;
    const t0 = Date.now();
    await run(f, { onProgress: (e) => events.push(e) });
    const wall = Date.now() - t0;
    assert.equal(tf.memory().numTensors, before);
    assert.ok(events.length > 0, 'progress was reported');
    assert.ok(state.firstCallMs >= 120);
    // Started at the method's entry: the first model call (before the first checkpoint) is inside it.
    assert.ok(
      events[0].elapsedMs >= state.firstCallMs,
      `first event at ${events[0].elapsedMs} ms, f(x) took ${state.firstCallMs} ms`,
    );
    assert.ok(
      events[events.length - 1].elapsedMs <= wall,
      `last event at ${events[events.length - 1].elapsedMs} ms, call took ${wall} ms`,
    );
    assert.ok(events.every((e, i) => i === 0 || e.elapsedMs >= events[i - 1].elapsedMs));
  });

  test(`${name}: a cancel requested during f(x) stops the call at its first checkpoint`, async () => {
    const before = tf.memory().numTensors;
    const { f } = slowFirstCall(0, requestCancel);
    try {
      await assert.rejects(run(f, {}), (e: unknown) => e instanceof CancelledError && e.message === `'${name}' was cancelled.`);
    } finally {
      clearCancel();
    }
    const ac = new AbortController();
    const slow = slowFirstCall(0, () => ac.abort());
    let progressed = 0;
    await assert.rejects(run(slow.f, { signal: ac.signal, onProgress: () => progressed++ }), CancelledError);
    assert.equal(progressed, 0, 'no chunk ran after the abort');
    assert.equal(tf.memory().numTensors, before);
  });
}

test('Checkpoint: elapsedMs counts from startedAt, which the host handler receives too', async () => {
  const received: number[] = [];
  setProgressHandler((_label, _total, startedAt) => {
    received.push(startedAt ?? NaN);
    return { update() {}, end() {} };
  });
  try {
    const startedAt = Date.now() - 5000;
    const events: ProgressEvent[] = [];
    const cp = new Checkpoint('task', 3, progressFrom({ onProgress: (e) => events.push(e) }, startedAt));
    await cp.step();
    cp.end();
    assert.equal(cp.startedAt, startedAt);
    assert.deepEqual(received, [startedAt]);
    assert.equal(events.length, 1);
    assert.deepEqual({ ...events[0], elapsedMs: 0 }, { label: 'task', done: 1, total: 3, elapsedMs: 0 });
    assert.ok(events[0].elapsedMs >= 5000);
    // Without a start time the clock starts at the Checkpoint.
    const t0 = Date.now();
    const plain = new Checkpoint('plain', 2);
    assert.ok(plain.startedAt >= t0 && plain.startedAt <= Date.now());
  } finally {
    setProgressHandler(null);
  }
});

test('progressFrom keeps only the progress options and the start time', () => {
  const ac = new AbortController();
  const onProgress = () => {};
  assert.deepEqual(progressFrom({ onProgress, signal: ac.signal, numSamples: 5 } as ProgressOptions, 42), {
    onProgress,
    signal: ac.signal,
    startedAt: 42,
  });
});
