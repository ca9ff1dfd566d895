/** Every message of explain/internal/errors.ts has a test that pins its literal text (see test/messageCoverage.ts). */
import test from 'node:test';
import { assertMessagesPinned } from '../../messageCoverage';

test('every explain/ error message is pinned by a literal in some test', () => {
  assertMessagesPinned('explain/internal/errors.ts', 'errors');
});
