import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { createCellExecutor, topLevelImports } from '../../kernel/cellExecutor';

const executor = createCellExecutor(os.tmpdir(), { worker: false });
after(() => executor.close());

test('the top-level imports of a cell and the names they bind', () => {
  const code = [
    "import * as fs from 'fs';",
    "import def, { join, type ParsedPath, sep as separator } from 'path';",
    "import type { Stats } from 'fs';",
    "import { type Dirent } from 'fs';",
    "import 'os';",
    "import cp = require('child_process');",
    'function f() { return 1; }',
  ].join('\n');
  assert.deepEqual(topLevelImports(code), [
    { text: "import * as fs from 'fs';", names: ['fs'], typeOnly: false },
    {
      text: "import def, { join, type ParsedPath, sep as separator } from 'path';",
      names: ['def', 'join', 'separator'],
      typeOnly: false,
    },
    { text: "import type { Stats } from 'fs';", names: ['Stats'], typeOnly: true },
    { text: "import { type Dirent } from 'fs';", names: [], typeOnly: true },
    { text: "import cp = require('child_process');", names: ['cp'], typeOnly: false },
  ]);
  assert.deepEqual(topLevelImports('const a = 1;'), []);
});

test('a cell that fails at run time keeps its imports for the next cells', async () => {
  const failed = await executor.execute(
    [
      "import * as fs from 'fs';",
      "import { join } from 'path';",
      "import type { Stats } from 'fs';",
      "throw new Error('boom');",
    ].join('\n'),
    1,
  );
  assert.equal(failed.ok, false);
  assert.equal(failed.error?.ename, 'Error');
  assert.equal(failed.error?.evalue, 'boom');
  const next = await executor.execute("const st: Stats | null = null;\nfs.existsSync(join('/', 'tmp')) && st === null", 2);
  assert.equal(next.error, undefined);
  assert.equal(next.ok, true);
  assert.equal(next.value, true);
});

test('a declaration that did not run is not kept', async () => {
  const failed = await executor.execute("throw new Error('first');\nconst later = 1;", 3);
  assert.equal(failed.ok, false);
  const next = await executor.execute('later', 4);
  assert.equal(next.ok, false);
  assert.equal(next.error?.ename, 'TypeScriptError');
  assert.equal(next.error?.evalue, "Cannot find name 'later'. (line 1)");
});
