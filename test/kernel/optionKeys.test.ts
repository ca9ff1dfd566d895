import test from 'node:test';
import assert from 'node:assert/strict';
import { exportNotebook } from '../../kernel/exportNotebook';
import { runNotebook } from '../../kernel/runNotebook';

test('issue 16 #10: runNotebook and exportNotebook reject unknown option keys before doing anything', async () => {
  await assert.rejects(runNotebook('/nonexistent.ipynb', { timout: 5 } as never), {
    message:
      "Argument 'options' passed to 'runNotebook' has an unknown key 'timout' (did you mean 'timeout'?); valid keys: allowErrors, kernel, kernelName, log, output, parameters, timeout.",
  });
  await assert.rejects(runNotebook('/nonexistent.ipynb', { kernel: { startTimout: 1 } } as never), {
    message:
      "Argument 'options.kernel' passed to 'runNotebook' has an unknown key 'startTimout' (did you mean 'startTimeout'?); valid keys: argv, cwd, env, startTimeout.",
  });
  assert.throws(() => exportNotebook('/nonexistent.ipynb', { out: '/tmp/x', format: ['svg'] } as never), {
    message:
      "Argument 'options' passed to 'exportNotebook' has an unknown key 'format' (did you mean 'formats'?); valid keys: code, formats, out.",
  });
});
