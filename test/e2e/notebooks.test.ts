/**
 * Checks what `npm run notebooks` left in out/: every notebook executed without an error output,
 * and its export wrote one HTML report and the chart files. CI runs `npm run notebooks` first; run
 * it yourself before this test (it is skipped, with that advice, when out/ is missing outside CI).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const executedDir = path.join(root, 'out', 'notebooks');
const reportDir = path.join(root, 'out', 'report');
const notebooks = fs
  .readdirSync(path.join(root, 'notebooks'))
  .filter((f) => f.endsWith('.ipynb'))
  .map((f) => f.replace(/\.ipynb$/, ''));
const ran = fs.existsSync(executedDir);
const skip = !ran && !process.env.CI ? 'run `npm run notebooks` first' : false;

interface Cell {
  cell_type: string;
  outputs?: { output_type: string; data?: Record<string, unknown> }[];
  metadata?: { pathlab?: { status?: string } };
}

test('there are notebooks to check', () => {
  assert.ok(notebooks.length >= 7, `expected the seven notebooks, found ${notebooks.join(', ')}`);
});

for (const name of notebooks) {
  test(`${name}: executed without errors, report and charts exported`, { skip }, () => {
    const executed = path.join(executedDir, `${name}.ipynb`);
    assert.ok(fs.existsSync(executed), `${executed} was not written`);
    // A run older than the notebook's source checks a notebook that no longer exists.
    const source = path.join(root, 'notebooks', `${name}.ipynb`);
    assert.ok(
      fs.statSync(executed).mtimeMs >= fs.statSync(source).mtimeMs,
      `${executed} is older than ${source}: run \`npm run notebooks\` again`,
    );
    const nb = JSON.parse(fs.readFileSync(executed, 'utf8')) as { cells: Cell[] };
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    const errors = code.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
    assert.equal(errors.length, 0, `${name} has error outputs`);
    const statuses = code.map((c) => c.metadata?.pathlab?.status).filter(Boolean);
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'ok'), `${name} cell statuses: ${statuses.join(', ')}`);
    const charts = code.flatMap((c) => (c.outputs ?? []).filter((o) => o.data && 'application/vnd.vegalite.v5+json' in o.data));
    assert.ok(charts.length > 0, `${name} displayed no chart`);

    const report = path.join(reportDir, `${name}.html`);
    assert.ok(fs.existsSync(report), `${report} was not written`);
    const html = fs.readFileSync(report, 'utf8');
    assert.ok(!/<script[^>]+src=["']https?:/.test(html), 'the report loads a script from the network');
    const files = fs.readdirSync(reportDir).filter((f) => f.startsWith(`${name}_cell`));
    for (const ext of ['svg', 'png', 'html', 'json']) {
      assert.equal(
        files.filter((f) => f.endsWith(`.${ext}`)).length,
        charts.length,
        `${name}: .${ext} files for ${charts.length} charts`,
      );
    }
  });
}
