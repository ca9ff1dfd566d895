/** Every message of data/errors.ts has a test that pins its literal text (see test/messageCoverage.ts). */
import test from 'node:test';
import { assertMessagesPinned } from '../messageCoverage';

test('every data/ error message is pinned by a literal in some test', () => {
  assertMessagesPinned('data/errors.ts', 'dataErrors');
});
