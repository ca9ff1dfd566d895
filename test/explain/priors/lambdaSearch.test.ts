/** Per-split λ selection on validation data (attribution-priors sparsity protocol). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { lambdaSearch, logGrid, type LambdaTrial } from '../../../explain/priors/lambdaSearch';
import { CancelledError, requestCancel, clearCancel } from '../../../explain/progress';

const GRID = [0, 0.01, 0.1, 1, 10];

/** Validation peaks at λ = 0.1 on even splits and λ = 1 on odd ones; test is a different curve. */
async function constructed(t: LambdaTrial): Promise<{ validation: number; test: number; tag: string }> {
  const peak = t.split % 2 === 0 ? 2 : 3;
  return { validation: 1 - Math.abs(t.lambdaIndex - peak) / 10, test: 0.5 + t.lambdaIndex / 100, tag: `${t.split}:${t.lambda}` };
}

test('picks the λ with the best validation metric per split and reports that run’s test metric', async () => {
  const r = await lambdaSearch(constructed, { lambdas: GRID, splits: 4 });
  assert.deepEqual(r.chosenLambdas, [0.1, 1, 0.1, 1]);
  assert.deepEqual(r.test, [0.52, 0.53, 0.52, 0.53]);
  assert.equal(r.splits[1].validation, 1);
  assert.equal(r.splits[1].chosen.tag, '1:1');
  assert.equal(r.splits[0].runs.length, GRID.length);
  assert.equal(r.medianLambda, (0.1 + 1) / 2);
  assert.deepEqual(r.lambdas, GRID);
});

test("direction 'min' picks the smallest validation value (a loss)", async () => {
  const r = await lambdaSearch(async (t) => ({ validation: (t.lambdaIndex - 3) ** 2, test: t.lambda }), {
    lambdas: GRID,
    splits: 1,
    direction: 'min',
  });
  assert.deepEqual(r.chosenLambdas, [1]);
  assert.deepEqual(r.test, [1]);
});

test('ties go to the earliest λ in the grid; NaN validation is never chosen', async () => {
  const tie = await lambdaSearch(async (t) => ({ validation: t.lambdaIndex >= 2 ? 0.9 : 0.5, test: t.lambdaIndex }), {
    lambdas: GRID,
    splits: 1,
  });
  assert.equal(tie.splits[0].lambdaIndex, 2);
  const nan = await lambdaSearch(async (t) => ({ validation: t.lambdaIndex === 4 ? 0.1 : NaN, test: 7 }), {
    lambdas: GRID,
    splits: 1,
  });
  assert.equal(nan.splits[0].lambdaIndex, 4);
  await assert.rejects(
    lambdaSearch(async () => ({ validation: NaN, test: 0 }), { lambdas: GRID, splits: [3] }),
    {
      message:
        "Argument 'trainAndScore' passed to 'lambdaSearch' gave a NaN validation metric for every lambda of split 3, so none can be chosen.",
    },
  );
});

test('seeds: split seed = seed + split for every λ; run seeds distinct and the same for equal (seed, split, λ index)', async () => {
  const trials: LambdaTrial[] = [];
  await lambdaSearch(async (t) => (trials.push(t), { validation: 0, test: 0 }), { lambdas: GRID, splits: [5, 2], seed: 10 });
  assert.deepEqual(
    trials.map((t) => t.split),
    [5, 5, 5, 5, 5, 2, 2, 2, 2, 2],
  );
  assert.deepEqual([...new Set(trials.map((t) => t.splitSeed))], [15, 12]);
  assert.equal(new Set(trials.map((t) => t.seed)).size, trials.length);
  const again: LambdaTrial[] = [];
  await lambdaSearch(async (t) => (again.push(t), { validation: 0, test: 0 }), {
    lambdas: [3, 4, 5, 6, 7],
    splits: [2],
    seed: 10,
  });
  assert.deepEqual(
    again.map((t) => t.seed),
    trials.slice(5).map((t) => t.seed),
  );
});

test('progress is reported per run and onRun sees every score', async () => {
  const events: string[] = [];
  let runs = 0;
  await lambdaSearch(constructed, {
    lambdas: GRID.slice(0, 2),
    splits: 2,
    onProgress: (e) => events.push(`${e.label} ${e.done}/${e.total}`),
    onRun: () => runs++,
  });
  assert.deepEqual(events, ['lambdaSearch 1/4', 'lambdaSearch 2/4', 'lambdaSearch 3/4', 'lambdaSearch 4/4']);
  assert.equal(runs, 4);
});

test('an aborted signal or a cancel request stops the search between runs', async () => {
  const controller = new AbortController();
  let calls = 0;
  await assert.rejects(
    lambdaSearch(
      async () => {
        if (++calls === 3) controller.abort();
        return { validation: 0, test: 0 };
      },
      { lambdas: GRID, splits: 3, signal: controller.signal },
    ),
    (e: unknown) => e instanceof CancelledError && e.message === "'lambdaSearch' was cancelled.",
  );
  assert.equal(calls, 3);
  let more = 0;
  try {
    await assert.rejects(
      lambdaSearch(
        async () => {
          if (++more === 2) requestCancel();
          return { validation: 0, test: 0 };
        },
        { lambdas: GRID, splits: 1 },
      ),
      CancelledError,
    );
  } finally {
    clearCancel();
  }
  assert.equal(more, 2);
});

test('logGrid is numpy.logspace: ends exact, even steps in log10', () => {
  const g = logGrid(1e-3, 1e2, 11);
  assert.equal(g.length, 11);
  assert.equal(g[0], 1e-3);
  assert.equal(g[10], 1e2);
  for (let i = 0; i < 11; i++) assert.ok(Math.abs(Math.log10(g[i]) - (-3 + i / 2)) < 1e-12);
  assert.throws(() => logGrid(0, 1, 3), {
    message: "Argument 'low' passed to 'logGrid' must be a finite number > 0, but got 0.",
  });
  assert.throws(() => logGrid(1, 1, 3), {
    message: "Argument 'high' passed to 'logGrid' must be a finite number > low (1), but got 1.",
  });
  assert.throws(() => logGrid(1, 10, 1), { message: "Argument 'count' passed to 'logGrid' must be an integer >= 2, but got 1." });
});

test('bad arguments name the argument, the function and what was received', async () => {
  const ok = async () => ({ validation: 0, test: 0 });
  const cases: [() => Promise<unknown>, string][] = [
    [
      () => lambdaSearch(42 as never, { lambdas: GRID, splits: 1 }),
      "Argument 'trainAndScore' passed to 'lambdaSearch' must be an async function of a trial returning { validation, test }, but got 42.",
    ],
    [
      () => lambdaSearch(ok, null as never),
      "Argument 'options' passed to 'lambdaSearch' must be an object with 'lambdas' and 'splits', but got null.",
    ],
    [
      () => lambdaSearch(ok, { lambdas: [], splits: 1 }),
      "Argument 'lambdas' passed to 'lambdaSearch' must be a non-empty array of penalty weights, but got an array of length 0.",
    ],
    [
      () => lambdaSearch(ok, { lambdas: [0.1, -1], splits: 1 }),
      "Argument 'lambdas' passed to 'lambdaSearch' must contain finite numbers >= 0, but got -1 at index 1.",
    ],
    [
      () => lambdaSearch(ok, { lambdas: [0.1, 1, 0.1], splits: 1 }),
      "Argument 'lambdas' passed to 'lambdaSearch' must not repeat a value, but got 0.1 again at index 2.",
    ],
    [
      () => lambdaSearch(ok, { lambdas: GRID, splits: 0 }),
      "Argument 'splits' passed to 'lambdaSearch' must be an integer >= 1, but got 0.",
    ],
    [
      () => lambdaSearch(ok, { lambdas: GRID, splits: [1, 1] }),
      "Argument 'splits' passed to 'lambdaSearch' must be a positive integer or a non-empty array of distinct integers >= 0, but got an array of length 2.",
    ],
    [
      () => lambdaSearch(ok, { lambdas: GRID, splits: 1, seed: -1 }),
      "Argument 'seed' passed to 'lambdaSearch' must be an integer >= 0, but got -1.",
    ],
    [
      () => lambdaSearch(ok, { lambdas: GRID, splits: 1, direction: 'up' as never }),
      "Argument 'direction' passed to 'lambdaSearch' must be one of 'max', 'min', but got \"up\".",
    ],
    [
      () => lambdaSearch(async () => ({ validation: 0.5 }) as never, { lambdas: GRID, splits: 1 }),
      "Argument 'trainAndScore' passed to 'lambdaSearch' must resolve to { validation: number, test: number }, but for split 0 and lambda 0 it gave an object with keys {validation}.",
    ],
  ];
  for (const [run, message] of cases) await assert.rejects(run, { message });
});
