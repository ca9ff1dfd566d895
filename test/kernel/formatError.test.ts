import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatCompileError, formatRuntimeError, cellScriptName, mapLibraryFrame } from '../../kernel/formatError';
import { imageAttributionPlot } from '../../viz';

test('compile errors name the cell line and point at the column', () => {
  const e = formatCompileError(
    [
      {
        start: { line: 1, character: 6 },
        messageText: "Type 'number' is not assignable to type 'string'.",
        code: 2322,
        category: 1,
      },
    ],
    'const a = 1;\nconst z: string = a;',
  );
  assert.equal(e.ename, 'TypeScriptError');
  assert.equal(e.evalue, "Type 'number' is not assignable to type 'string'. (line 2)");
  assert.equal(e.traceback[0], "Cell line 2, column 7 - error TS2322: Type 'number' is not assignable to type 'string'.");
  // With the execution count, named as runtime errors name the cell.
  const numbered = formatCompileError(
    [{ start: { line: 1, character: 6 }, messageText: 'x', code: 2322, category: 1 }],
    'a\nb',
    5,
  );
  assert.equal(numbered.traceback[0], 'Cell [5], line 2, column 7 - error TS2322: x');
  assert.ok(e.traceback.includes('--> 2 | const z: string = a;'));
  assert.ok(e.traceback.includes('      |       ^'));
});

test('runtime frames in a cell script map to cell lines; machinery frames are dropped', () => {
  const err = new RangeError('too big');
  err.stack = [
    'RangeError: too big',
    `    at f (${cellScriptName(7)}:3:15)`,
    `    at ${cellScriptName(7)}:5:1`,
    `    at ${cellScriptName(7)}:9:3`,
    '    at Script.runInThisContext (node:vm:137:12)',
    '    at execute (/x/node_modules/tslab/dist/executor.js:160:40)',
    '    at mean (/x/dist/explain/internal/stats.js:10:2)',
  ].join('\n');
  const cells = new Map([[7, { number: 4, source: 'a\nb\nc\nd', lineMap: [0, 0, 2, 2, 3, 3, 3] }]]);
  const e = formatRuntimeError(err, cells);
  assert.equal(e.ename, 'RangeError');
  assert.equal(e.evalue, 'too big');
  assert.deepEqual(e.traceback.slice(0, 4), [
    'RangeError: too big',
    '    at f, cell [4] line 3',
    '    at cell [4] line 4',
    '    at mean (/x/dist/explain/internal/stats.js:10:2)',
  ]);
  assert.equal(e.traceback[5], 'Cell [4], line 3:');
});

test('library frames point at the TypeScript sources through the source maps', () => {
  let err: Error | undefined;
  try {
    imageAttributionPlot([[[[1]]]], { images: [[[1]], [[1]]] });
  } catch (e) {
    err = e as Error;
  }
  assert.ok(err);
  const e = formatRuntimeError(err, new Map());
  const frame = e.traceback.find((l) => l.startsWith('    at imageAttributionPlot'));
  const src = path.resolve(__dirname, '..', '..', '..', 'viz', 'imageAttributionPlot.ts');
  const m = /\((.+\.ts):(\d+):(\d+)\)$/.exec(frame ?? '');
  assert.ok(m, `frame not mapped: ${frame}`);
  assert.equal(m[1], src);
  // The line the source map names is the line in the .ts file that throws.
  const line = fs.readFileSync(src, 'utf8').split('\n')[Number(m[2]) - 1];
  assert.match(line, /throw new Error\(errors\.shapeMismatch\('images'/);
  assert.ok(!e.traceback.some((l) => /[\\/]dist[\\/]viz[\\/]/.test(l)), e.traceback.join('\n'));
  // A frame whose file has no map stays as it was.
  assert.equal(mapLibraryFrame('    at f (/nowhere/x.js:3:4)'), '    at f (/nowhere/x.js:3:4)');
});
