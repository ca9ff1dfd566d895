/** Every message of viz/internal/errors.ts has a test that pins its literal text (see test/messageCoverage.ts). */
import test from 'node:test';
import { assertMessagesPinned } from '../../messageCoverage';

test('every viz/ error and warning message is pinned by a literal in some test', () => {
  assertMessagesPinned('viz/internal/errors.ts', 'errors');
  assertMessagesPinned('viz/internal/errors.ts', 'warnings');
});
