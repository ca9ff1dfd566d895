/**
 * The path integrator's progress and cancellation: the draws are made in steps inside the
 * checkpointed loop, so a long call reports from its first moment and stops soon after an abort,
 * whatever phase it is in.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { expectedGradients } from '../../../explain/attribution/expectedGradients';
import { expectedHessians } from '../../../explain/interaction/expectedHessians';
import { CancelledError, type ProgressEvent } from '../../../explain/progress';
import { DRAW_BLOCK, uniformSampler } from '../../../explain/internal/samplers';
import { quietReady, values } from '../support';

quietReady();

const mlp = (d: number): tf.Sequential =>
  tf.sequential({
    layers: [
      tf.layers.dense({
        units: 8,
        inputShape: [d],
        activation: 'softplus',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });

/** Milliseconds this process takes to draw one block of EG points alone (the unit of the first step). */
function oneBlockMs(): number {
  const t0 = performance.now();
  uniformSampler(DRAW_BLOCK, 3).draw(1, { kind: 'distribution', rows: 100 });
  return performance.now() - t0;
}

/**
 * The bound is relative to work done, so that a loaded machine does not fail it: the first event
 * must come after at most one block of draws, i.e. within 0.5 s or within 4× the time this
 * process needs to draw one block by itself, whichever is larger (after a warm-up call of the
 * model; idle, one block takes ≈ 30 ms;
 * before the draws were split, the first event of this call came after all 200 million draws,
 * 14 s idle). The abort must end the call at its next step, which is one block or one chunk.
 */
test('expected gradients of 2,000 rows × 100,000 samples: the first progress event comes within one block of draws, and an abort stops the call at the next step', async () => {
  const model = mlp(10);
  const x = tf.tensor2d(values(2000 * 10, 5), [2000, 10]);
  const bg = tf.tensor2d(values(100 * 10, 6), [100, 10]);
  // The model's first call pays the backend's one-time warm-up (kernels, weight upload): not the
  // draws this test is about.
  const warm = x.slice(0, 2);
  await expectedGradients(model, warm, { baseline: bg, numSamples: 4 });
  warm.dispose();
  const unit = oneBlockMs();
  const bound = Math.max(500, 4 * unit);
  const ac = new AbortController();
  const events: ProgressEvent[] = [];
  let first = -1;
  let aborted = -1;
  const t0 = performance.now();
  await assert.rejects(
    expectedGradients(model, x, {
      baseline: bg,
      numSamples: 100_000,
      memoryBudgetMB: 4000,
      signal: ac.signal,
      onProgress: (e) => {
        events.push(e);
        if (first < 0) {
          first = performance.now() - t0;
          ac.abort();
          aborted = performance.now();
        }
      },
    }),
    (e: unknown) => e instanceof CancelledError && e.message === "'expectedGradients' was cancelled.",
  );
  const stopped = performance.now() - aborted;
  assert.equal(events.length, 1);
  // 200 million points in blocks of 2^20 (refs, α, weights) before the chunks: fine-grained steps.
  assert.deepEqual(events[0], { label: 'expectedGradients', done: 1, total: events[0].total, elapsedMs: events[0].elapsedMs });
  // The clock starts at the call (Date.now's whole milliseconds against performance.now).
  assert.ok(
    events[0].elapsedMs >= 0 && events[0].elapsedMs <= Math.ceil(first) + 1,
    `elapsedMs ${events[0].elapsedMs}, first ${first}`,
  );
  assert.ok(events[0].total >= 3 * Math.ceil((2000 * 100_000) / DRAW_BLOCK), `total ${events[0].total}`);
  assert.ok(
    first <= bound,
    `first progress event after ${first.toFixed(0)} ms (bound ${bound.toFixed(0)} ms, one block ${unit.toFixed(0)} ms)`,
  );
  assert.ok(stopped <= bound, `stopped ${stopped.toFixed(0)} ms after the abort (bound ${bound.toFixed(0)} ms)`);
  model.dispose();
  x.dispose();
  bg.dispose();
});

test('an abort during the draws of expected Hessians ends the call with CancelledError and no leaked tensors', async () => {
  const model = mlp(3);
  const x = tf.tensor2d(values(400 * 3, 7), [400, 3]);
  const bg = tf.tensor2d(values(20 * 3, 8), [20, 3]);
  const before = tf.memory().numTensors;
  const ac = new AbortController();
  let done = 0;
  await assert.rejects(
    expectedHessians(model, x, {
      baseline: bg,
      numSamples: 10_000,
      memoryBudgetMB: 4000,
      signal: ac.signal,
      onProgress: (e) => {
        done = e.done;
        if (e.done === 2) ac.abort();
      },
    }),
    CancelledError,
  );
  assert.equal(done, 2);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
  x.dispose();
  bg.dispose();
});
