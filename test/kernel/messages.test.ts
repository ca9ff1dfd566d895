/** Every message of the kernel's message tables has a test that pins its literal text (see test/messageCoverage.ts). */
import test from 'node:test';
import { assertMessagesPinned } from '../messageCoverage';

test("every message of the kernel's tables is pinned by a literal in some test", () => {
  assertMessagesPinned('kernel/notebook.ts', 'notebookErrors');
  assertMessagesPinned('kernel/outputPaths.ts', 'outputErrors');
  assertMessagesPinned('kernel/runNotebook.ts', 'runErrors');
  assertMessagesPinned('kernel/kernelServer.ts', 'asyncErrorText');
  // These need a failing npm or compiler run of the real setup, which no unit test can stage.
  const needsBrokenMachine = 'reached only when the machine lacks it or a real build fails';
  assertMessagesPinned('kernel/commands/setupNative.ts', 'setupNativeMessages', {
    noNodeHeaders: needsBrokenMachine,
    notInCache: needsBrokenMachine,
    buildFailed: needsBrokenMachine,
    loadFailed: needsBrokenMachine,
  });
});
