import test from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkExportNames, runOutputPaths } from '../../kernel/outputPaths';

test('issue 16 #18: two inputs of one name into one --out are an error naming both', () => {
  assert.throws(() => runOutputPaths(['a/same.ipynb', 'b/same.ipynb'], 'o'), {
    message:
      'a/same.ipynb and b/same.ipynb would both be written to o/same.ipynb; give them different names or run them with different --out folders.',
  });
  assert.deepEqual(runOutputPaths(['a/x.ipynb', 'b/y.ipynb'], 'o'), [path.join('o', 'x.ipynb'), path.join('o', 'y.ipynb')]);
  // Without --out each goes beside its input, so same names in different folders do not collide.
  assert.deepEqual(runOutputPaths(['a/same.ipynb', 'b/same.ipynb']), [
    path.join('a', 'same.out.ipynb'),
    path.join('b', 'same.out.ipynb'),
  ]);
});

test("issue 16 #18: an --out that is the input's folder would overwrite it: an error", () => {
  assert.throws(() => runOutputPaths(['dir/x.ipynb'], 'dir'), {
    message: `the executed notebook of dir/x.ipynb would overwrite the input ${path.join('dir', 'x.ipynb')}; choose another --out folder.`,
  });
  assert.throws(() => runOutputPaths(['dir/x.ipynb'], './dir/'), { message: /would overwrite the input/ });
  // One input's output may not be another input either.
  assert.throws(() => runOutputPaths(['x.out.ipynb', 'x.ipynb']), {
    message: 'the executed notebook of x.ipynb would overwrite the input x.out.ipynb; choose another --out folder.',
  });
});

test('issue 16 #18: exporting two notebooks of one name into one folder is an error', () => {
  assert.throws(() => checkExportNames(['a/r.ipynb', 'b/r.ipynb'], 'out'), {
    message: `a/r.ipynb and b/r.ipynb would both write ${path.join('out', 'r.html')} (and their chart files); export them to different --out folders.`,
  });
  assert.doesNotThrow(() => checkExportNames(['a/r.ipynb', 'a/s.ipynb', 'a/r.ipynb'], 'out'));
});
