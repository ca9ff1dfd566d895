import test from 'node:test';
import assert from 'node:assert/strict';
import { matrixInteractionPlot } from '../../viz';
import { TOKEN_INTERACTIONS, TOKENS } from './fixtures';
import { rowsOf } from './helpers';
import { interactionResult, GAMMA } from './resultForms';

test('the diagonal is zeroed by default and the scale is symmetric at max |off-diagonal|', () => {
  const chart = matrixInteractionPlot(TOKEN_INTERACTIONS, TOKENS);
  const rows = rowsOf(chart);
  assert.equal(rows.length, 49);
  for (const r of rows) {
    const i = r.i as number;
    const j = r.j as number;
    assert.equal(r.value, i === j ? 0 : TOKEN_INTERACTIONS[i][j]);
    assert.equal(r.rowToken, TOKENS[i]);
    assert.equal(r.columnToken, TOKENS[j]);
  }
  const fill = (chart.spec.layer as { encoding: { fill?: { scale: { domain: number[] } } } }[])[0].encoding.fill!;
  assert.deepEqual(fill.scale.domain, [-0.8, 0, 0.8]);
  const kept = matrixInteractionPlot(TOKEN_INTERACTIONS, TOKENS, { zeroDiagonal: false });
  assert.ok(
    rowsOf(kept)
      .filter((r) => r.i === r.j)
      .every((r) => r.value === 0.5),
  );
  assert.equal((kept.spec.layer as unknown[]).length, 2, 'values are written in cells for small matrices');
  assert.equal((matrixInteractionPlot(TOKEN_INTERACTIONS, TOKENS, { showValues: false }).spec.layer as unknown[]).length, 1);
});

test('bad input is refused with clear messages', () => {
  assert.throws(() => matrixInteractionPlot(TOKEN_INTERACTIONS, TOKENS.slice(1)), {
    message:
      "Argument 'tokens' passed to 'matrixInteractionPlot' must have 7 entries (one per row of the interaction matrix), but got 6.",
  });
  assert.throws(() => matrixInteractionPlot([[1, 2, 3]], ['a']), {
    message:
      "Argument 'interactions' passed to 'matrixInteractionPlot' must be a square 2-D array [tokens, tokens], but got shape [1, 3].",
  });
  assert.throws(
    () =>
      matrixInteractionPlot(
        [
          [1, Infinity],
          [0, 1],
        ],
        ['a', 'b'],
      ),
    {
      message:
        "Argument 'interactions' passed to 'matrixInteractionPlot' must contain only finite numbers, but got Infinity at [0, 1].",
    },
  );
});

test('issue 16 #15: tokens holding U+2028/U+2029 render; the axis expression escapes them', async () => {
  const chart = matrixInteractionPlot(
    [
      [1, 2],
      [2, 1],
    ],
    ['a\u2028b', 'c\u2029d'],
  );
  const expr = /"labelExpr":("(?:[^"\\]|\\.)*")/.exec(JSON.stringify(chart.spec))?.[1] as string;
  assert.equal(JSON.parse(expr), `["a\\u2028b","c\\u2029d"][datum.value] || ''`);
  const svg = await chart.toSVG();
  assert.match(svg, /^<svg/);
});

test('matrixInteractionPlot(result) draws one row, or the mean |Γ| over the rows, named by the result', () => {
  const names = ['age', 'bmi', 'bp'];
  assert.deepEqual(
    matrixInteractionPlot(interactionResult(GAMMA, names), { row: 1, title: 't' }).spec,
    matrixInteractionPlot(GAMMA[1], names, { title: 't' }).spec,
  );
  const r = interactionResult(GAMMA, names);
  assert.deepEqual(matrixInteractionPlot(r).spec, matrixInteractionPlot(r.meanAbs(), names).spec);
  const single = { interactions: [[1, 2, 3]], featureShape: [3], interactionIndex: 0 };
  assert.throws(
    () => matrixInteractionPlot(single),
    new Error(
      "Argument 'interactions' passed to 'matrixInteractionPlot' must hold full matrices, but got a result of one row (interactionIndex); explain without interactionIndex.",
    ),
  );
});
