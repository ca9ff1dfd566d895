/**
 * Every plot's spec on fixed data: rounded-JSON snapshots (PATHLAB_UPDATE_SNAPSHOTS=1 rewrites
 * them) and validation against the vendored vega-lite v5 JSON schema.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { allCharts, repoRoot } from './fixtures';

const SNAPSHOTS = path.join(repoRoot(), 'test', 'viz', 'snapshots');
const UPDATE = process.env.PATHLAB_UPDATE_SNAPSHOTS === '1';

/** Rounds every number to 5 significant digits, so last-bit float differences do not matter. */
function rounded(node: unknown): unknown {
  if (typeof node === 'number') return Number.isInteger(node) ? node : Number(node.toPrecision(5));
  if (Array.isArray(node)) return node.map(rounded);
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rounded(v)]));
  return node;
}

const charts = allCharts();

test('every plot matches its spec snapshot', () => {
  fs.mkdirSync(SNAPSHOTS, { recursive: true });
  for (const [name, chart] of Object.entries(charts)) {
    const file = path.join(SNAPSHOTS, `${name}.json`);
    const actual = JSON.stringify(rounded(chart.spec), null, 1) + '\n';
    if (UPDATE || !fs.existsSync(file)) {
      if (!UPDATE) assert.fail(`missing snapshot ${file}; run with PATHLAB_UPDATE_SNAPSHOTS=1 to write it`);
      fs.writeFileSync(file, actual);
      continue;
    }
    const expected = fs.readFileSync(file, 'utf8');
    assert.deepEqual(
      JSON.parse(actual),
      JSON.parse(expected),
      `spec of '${name}' differs from ${file} (PATHLAB_UPDATE_SNAPSHOTS=1 to accept)`,
    );
  }
});

test('every spec validates against the vega-lite v5 schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'viz', 'schema', 'vega-lite-v5.23.0.schema.json'), 'utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  // ajv's default class is draft-07, as the schema declares; formats (uri, color-hex) are not checked.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(schema);
  for (const [name, chart] of Object.entries(charts)) {
    const ok = validate(chart.spec);
    assert.ok(ok, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    assert.equal(chart.spec.$schema, 'https://vega.github.io/schema/vega-lite/v5.json');
  }
  // The validator itself must reject what v5 does not allow.
  assert.equal(validate({ mark: 'notamark', data: { values: [] } }), false);
  assert.equal(validate({ ...charts.line.spec, width: 'wide' }), false);
});
