import test from 'node:test';
import assert from 'node:assert/strict';
import { barInteractionPlot } from '../../viz';
import { resetWarnings } from '../../viz/internal/errors';
import { TOKEN_INTERACTIONS, TOKENS } from './fixtures';
import { captureWarnings, rowsOf } from './helpers';
import { interactionResult, GAMMA } from './resultForms';

test('the top k pairs by |interaction|, strongest first, diagonal excluded', () => {
  const rows = rowsOf(barInteractionPlot(TOKEN_INTERACTIONS, TOKENS, { topK: 3 }));
  assert.deepEqual(
    rows.map((r) => r.pair),
    ['not, good (3, 4)', 'movie, good (1, 4)', 'at, all (5, 6)'],
  );
  assert.deepEqual(
    rows.map((r) => r.value),
    [-0.8, 0.3, 0.05],
  );
  assert.ok(rows.every((r) => r.i !== r.j));
  // With the diagonal kept, the self-interactions (0.5) rank above 0.3.
  const withDiag = rowsOf(barInteractionPlot(TOKEN_INTERACTIONS, TOKENS, { topK: 3, zeroDiagonal: false }));
  assert.deepEqual(
    withDiag.map((r) => [r.i, r.j]),
    [
      [3, 4],
      [0, 0],
      [1, 1],
    ],
  );
  const chosen = rowsOf(
    barInteractionPlot(TOKEN_INTERACTIONS, TOKENS, {
      pairIndices: [
        [0, 1],
        [4, 3],
      ],
    }),
  );
  assert.deepEqual(
    chosen.map((r) => r.value),
    [TOKEN_INTERACTIONS[0][1], -0.8],
  );
});

test('a top k beyond the number of pairs is clamped with one warning', () => {
  resetWarnings();
  const { result, warnings: w } = captureWarnings(() =>
    barInteractionPlot(
      [
        [1, 2],
        [2, 1],
      ],
      ['a', 'b'],
      { topK: 5 },
    ),
  );
  assert.deepEqual(w, [
    "pathlab: Option 'topK' passed to 'barInteractionPlot' is 5, but there are only 1 token pairs; plotting all 1.",
  ]);
  assert.equal(rowsOf(result).length, 1);
});

test('topK beside pairIndices is ignored with one warning saying why', () => {
  resetWarnings();
  const { result, warnings: w } = captureWarnings(() =>
    barInteractionPlot(
      [
        [1, 2],
        [2, 1],
      ],
      ['a', 'b'],
      { topK: 1, pairIndices: [[0, 1]] },
    ),
  );
  assert.deepEqual(w, ["pathlab: Option 'topK' passed to 'barInteractionPlot' is ignored: 'pairIndices' were given."]);
  assert.equal(rowsOf(result).length, 1);
});

test('bad input is refused with clear messages', () => {
  assert.throws(() => barInteractionPlot(TOKEN_INTERACTIONS, ['a']), {
    message: /Argument 'tokens' passed to 'barInteractionPlot' must have 7 entries/,
  });
  assert.throws(() => barInteractionPlot(TOKEN_INTERACTIONS, TOKENS, { pairIndices: [[0, 9]] }), {
    message:
      "Argument 'pairIndices[0]' passed to 'barInteractionPlot' must be a pair [i, j] of token indices in [0, 7), but got an array of length 2.",
  });
});

test('barInteractionPlot(result) draws one row, or the mean |Γ| over the rows, named by the result', () => {
  const names = ['age', 'bmi', 'bp'];
  assert.deepEqual(
    barInteractionPlot(interactionResult(GAMMA, names), { row: 2, topK: 2 }).spec,
    barInteractionPlot(GAMMA[2], names, { topK: 2 }).spec,
  );
  assert.deepEqual(
    barInteractionPlot(interactionResult([GAMMA[1]]), { tokens: names }).spec,
    barInteractionPlot(GAMMA[1], names).spec,
  );
  const meanAbs = GAMMA[0].map((line, i) => line.map((_, j) => GAMMA.reduce((s, m) => s + Math.abs(m[i][j]), 0) / GAMMA.length));
  assert.deepEqual(barInteractionPlot(interactionResult()).spec, barInteractionPlot(meanAbs, ['0', '1', '2']).spec);
  assert.throws(
    () => barInteractionPlot(interactionResult(), { row: 4 }),
    new Error(
      "Argument 'row' passed to 'barInteractionPlot' must be an integer in [0, 3] (an explained row of the result), but got 4.",
    ),
  );
});
