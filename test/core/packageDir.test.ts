import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageDir } from '../../core';

test('packageDir finds a package with "exports" (vega) and names a missing one', () => {
  const dir = packageDir('vega');
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name, 'vega');
  assert.throws(() => packageDir('no-such-package-pathlab'), {
    message: "pathlab: cannot find the package 'no-such-package-pathlab'.",
  });
});
