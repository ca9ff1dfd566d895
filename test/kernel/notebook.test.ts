import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readNotebook } from '../../kernel/notebook';

function withFile(content: string, fn: (file: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-nb-'));
  try {
    const file = path.join(dir, 'x.ipynb');
    fs.writeFileSync(file, content);
    fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('issue 16 #8: a notebook without top-level metadata reads with metadata {}', () => {
  withFile(
    JSON.stringify({ nbformat: 4, nbformat_minor: 4, cells: [{ cell_type: 'code', source: '1', outputs: [] }] }),
    (file) => {
      const nb = readNotebook(file);
      assert.deepEqual(nb.metadata, {});
      assert.equal(nb.nbformat_minor, 5);
      assert.deepEqual(nb.cells[0].metadata, {});
    },
  );
});

test('issue 16 #20: malformed notebooks are errors naming the file and the part', () => {
  const cases: [unknown, string][] = [
    [{ nbformat: 4, metadata: {} }, "is not a valid notebook: 'cells' must be a list, but got undefined."],
    [[1], 'is not a notebook: its top level is not a JSON object.'],
    [{ nbformat: 3, cells: [] }, ': nbformat 3 is not supported (only 4).'],
    [
      { nbformat: 4, cells: [{ cell_type: 'code', source: 1 }] },
      "is not a valid notebook: cell 1's source must be a string or a list of strings, but got number.",
    ],
    [
      { nbformat: 4, cells: [{ cell_type: 'code', source: '', outputs: {} }] },
      "is not a valid notebook: cell 1's outputs must be a list, but got object.",
    ],
    [
      {
        nbformat: 4,
        cells: [{ cell_type: 'code', source: '', outputs: [{ output_type: 'display_data', data: { 'image/png': 5 } }] }],
      },
      "is not a valid notebook: cell 1's output 1's image/png must be a string or a list of strings, but got number.",
    ],
    [
      { nbformat: 4, cells: [{ cell_type: 'python', source: '' }] },
      "is not a valid notebook: cell 1's cell_type must be 'code', 'markdown' or 'raw', but got string.",
    ],
  ];
  for (const [nb, tail] of cases) {
    withFile(JSON.stringify(nb), (file) =>
      assert.throws(() => readNotebook(file), { message: `${file}${tail.startsWith(':') ? '' : ' '}${tail}` }),
    );
  }
  // The reason is the JSON parser's own message (its wording is Node's, not pathlab's).
  let why = '';
  try {
    JSON.parse('{"nbformat": 4,');
  } catch (e) {
    why = (e as Error).message;
  }
  assert.ok(why.length > 0);
  withFile('{"nbformat": 4,', (file) =>
    assert.throws(() => readNotebook(file), { message: `${file} is not a notebook: it is not valid JSON (${why}).` }),
  );
});

test('issue 16 #20: for a run (which clears outputs) malformed outputs are dropped, not fatal', () => {
  const bad = {
    nbformat: 4,
    cells: [
      { cell_type: 'code', source: '1', outputs: {} },
      { cell_type: 'code', source: '2', outputs: [{ output_type: 'display_data', data: { 'image/png': 5 } }] },
      { cell_type: 'markdown', source: '# t' },
    ],
  };
  withFile(JSON.stringify(bad), (file) => {
    assert.throws(() => readNotebook(file), { message: /cell 1's outputs must be a list, but got object\.$/ });
    const nb = readNotebook(file, { ignoreOutputs: true });
    assert.deepEqual(
      nb.cells.map((c) => c.outputs),
      [[], [], undefined],
    );
  });
  // The structure a run needs is still checked.
  withFile(JSON.stringify({ nbformat: 4 }), (file) =>
    assert.throws(() => readNotebook(file, { ignoreOutputs: true }), { message: /'cells' must be a list, but got undefined\.$/ }),
  );
});

test('issue 16 #8: metadata that is not an object is an error, or for a run replaced with {} and a warning', () => {
  const bad = {
    nbformat: 4,
    metadata: 'oops',
    cells: [
      { cell_type: 'code', source: '1', metadata: [1, 2], outputs: [] },
      { cell_type: 'markdown', source: '# t', metadata: null },
      { cell_type: 'code', source: '2', metadata: { tags: ['keep'] }, outputs: [] },
    ],
  };
  withFile(JSON.stringify(bad), (file) => {
    assert.throws(() => readNotebook(file), {
      message: `${file} is not a valid notebook: 'metadata' must be an object, but got string.`,
    });
    const warnings: string[] = [];
    const nb = readNotebook(file, { ignoreOutputs: true, onReplacedMetadata: (w) => warnings.push(w) });
    assert.deepEqual(nb.metadata, {});
    assert.deepEqual(
      nb.cells.map((c) => c.metadata),
      [{}, {}, { tags: ['keep'] }],
    );
    assert.deepEqual(warnings, [
      `${file}: 'metadata' must be an object, but got string; it was replaced with an empty object.`,
      `${file}: cell 1's metadata must be an object, but got an array; it was replaced with an empty object.`,
      `${file}: cell 2's metadata must be an object, but got null; it was replaced with an empty object.`,
    ]);
  });
});
