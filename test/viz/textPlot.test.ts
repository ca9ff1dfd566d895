import test from 'node:test';
import assert from 'node:assert/strict';
import { textPlot } from '../../viz';
import { TOKEN_ATTRIBUTIONS, TOKEN_INTERACTIONS, TOKENS } from './fixtures';
import { rowsOf } from './helpers';

function fillScale(chart: ReturnType<typeof textPlot>) {
  return (chart.spec.layer as { encoding: { fill?: { scale: { domain: number[]; range: string[] }; legend: unknown } } }[])[0]
    .encoding.fill!;
}

test('tokens are coloured on a diverging scale centred at 0, symmetric by default, with a legend', () => {
  const chart = textPlot(TOKENS, TOKEN_ATTRIBUTIONS);
  const fill = fillScale(chart);
  assert.deepEqual(fill.scale.domain, [-0.6, 0, 0.6]);
  assert.deepEqual(fill.scale.range, ['#8c0f0f', '#ffffff', '#00dcaa']);
  assert.notEqual(fill.legend, null);
  const rows = rowsOf(chart);
  assert.deepEqual(
    rows.map((r) => r.token),
    TOKENS,
  );
  assert.deepEqual(
    rows.map((r) => r.value),
    TOKEN_ATTRIBUTIONS,
  );
  // Left to right without overlap.
  for (let i = 1; i < rows.length; i++) assert.ok((rows[i].x as number) > (rows[i - 1].x2 as number));
  assert.equal(fillScale(textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { includeLegend: false })).legend, null);
  assert.deepEqual(fillScale(textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { vmin: -1 })).scale.domain, [-1, 0, 0.35]);
});

test('long texts wrap at maxWidth', () => {
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
  const rows = rowsOf(
    textPlot(
      words,
      words.map((_, i) => i - 20),
      { maxWidth: 300 },
    ),
  );
  assert.ok(Math.max(...rows.map((r) => r.line as number)) >= 3);
  for (const r of rows) assert.ok((r.x2 as number) <= 300 || r.x === 0);
});

test("interactionIndex adds the token's interaction row with the diagonal zeroed", () => {
  const rows = rowsOf(textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { interactions: TOKEN_INTERACTIONS, interactionIndex: 3 }));
  const second = rows.filter((r) => r.block === 'interaction');
  assert.deepEqual(
    second.map((r) => r.value),
    TOKEN_INTERACTIONS[3].map((v, j) => (j === 3 ? 0 : v)),
  );
  assert.deepEqual(
    rows.filter((r) => r.bold).map((r) => [r.block, r.token]),
    [['attribution', 'not']],
  );
  const kept = rowsOf(
    textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { interactions: TOKEN_INTERACTIONS, interactionIndex: 3, zeroDiagonal: false }),
  );
  assert.equal(kept.filter((r) => r.block === 'interaction')[3].value, 0.5);
});

test('bad input is refused with clear messages', () => {
  assert.throws(() => textPlot(TOKENS, [1, 2]), {
    message: "Argument 'attributions' passed to 'textPlot' must have 7 entries (one per token), but got 2.",
  });
  assert.throws(() => textPlot([], []), {
    message: "Argument 'tokens' passed to 'textPlot' must not be empty, but got an empty array.",
  });
  assert.throws(() => textPlot(['a'], [NaN]), {
    message: "Argument 'attributions' passed to 'textPlot' must contain only finite numbers, but got NaN at [0].",
  });
  assert.throws(() => textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { interactionIndex: 1 }), {
    message: "Argument 'interactionIndex' passed to 'textPlot' requires 'interactions' to be given as well.",
  });
  assert.throws(() => textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { interactions: TOKEN_INTERACTIONS, interactionIndex: 9 }), {
    message: "Argument 'interactionIndex' passed to 'textPlot' must be a token index in [0, 7), but got 9.",
  });
});

test('issue 16 #22: vmin above vmax is an error naming both', () => {
  assert.throws(() => textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { vmin: 2, vmax: 1 }), {
    message: "Options 'vmin' and 'vmax' passed to 'textPlot' must satisfy vmin < vmax, but got vmin = 2 and vmax = 1.",
  });
  // Only vmin given, above every attribution: the derived vmax (the largest attribution) is below it.
  assert.throws(() => textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { vmin: 1 }), {
    message: "Options 'vmin' and 'vmax' passed to 'textPlot' must satisfy vmin < vmax, but got vmin = 1 and vmax = 0.35.",
  });
  assert.doesNotThrow(() => textPlot(TOKENS, TOKEN_ATTRIBUTIONS, { vmin: -1, vmax: 1 }));
});

test('issue 16 #15: a token holding U+2028 or U+2029 renders (vega expressions end strings at them)', async () => {
  const svg = await textPlot(['line\u2028sep', 'para\u2029sep', 'ok'], [0.5, -0.5, 0.1]).toSVG();
  assert.match(svg, /^<svg/);
});
