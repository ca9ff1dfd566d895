import test from 'node:test';
import assert from 'node:assert/strict';
import { checkMemory, chunkBytes, DEFAULT_MEMORY_BUDGET_MB } from '../../../explain/internal/memory';

test('checkMemory: returns the estimate when it fits, else names the argument and the largest value that fits', () => {
  const plan = { fn: 'f', arg: 'numSamples', fixedBytes: 2 ** 20, bytesPerUnit: 2 ** 10, budgetMB: 2 };
  assert.equal(checkMemory({ ...plan, value: 1024 }), 2 * 2 ** 20);
  assert.throws(() => checkMemory({ ...plan, value: 1025 }), {
    message:
      "Argument 'numSamples' passed to 'f' would need ≈ 3 MB with numSamples = 1025, more than memoryBudgetMB = 2; " +
      'use numSamples <= 1024, a smaller batchSize, fewer inputs per call, or a larger memoryBudgetMB.',
  });
  // Nothing fits when the fixed part alone is over the budget.
  assert.throws(() => checkMemory({ ...plan, fixedBytes: 3 * 2 ** 20, value: 1 }), {
    message:
      "Argument 'numSamples' passed to 'f' would need ≈ 4 MB with numSamples = 1, more than memoryBudgetMB = 2; " +
      'use a smaller batchSize, fewer inputs per call, or a larger memoryBudgetMB.',
  });
  assert.equal(DEFAULT_MEMORY_BUDGET_MB, 1024);
  assert.equal(chunkBytes(10, 4, 2), 10 * (32 + 6) * 4);
});
