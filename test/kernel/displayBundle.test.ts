import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { toDisplayBundle, plainText } from '../../kernel/displayBundle';

test('a chart becomes one bundle: JSON spec as object, PNG bytes as base64, text kept', async () => {
  const chart = {
    toMimeBundle: async () => ({
      'application/vnd.vegalite.v5+json': '{"mark":"bar"}',
      'image/svg+xml': '<svg/>',
      'image/png': new Uint8Array([1, 2, 3]),
      'text/plain': 'a bar chart',
    }),
  };
  assert.deepEqual(await toDisplayBundle(chart), {
    'application/vnd.vegalite.v5+json': { mark: 'bar' },
    'image/svg+xml': '<svg/>',
    'image/png': 'AQID',
    'text/plain': 'a bar chart',
  });
});

test('a bundle without text/plain gets one from toText()', async () => {
  const v = { toMimeBundle: async () => ({ 'image/svg+xml': '<svg/>' }), toText: () => 'table' };
  assert.equal((await toDisplayBundle(v))['text/plain'], 'table');
});

test('results with toText and tensors print as text', async () => {
  assert.deepEqual(await toDisplayBundle({ toText: () => 'x | 1' }), { 'text/plain': 'x | 1' });
  const before = tf.memory().numTensors;
  const t = tf.tensor2d([
    [1, 2],
    [3, 4],
  ]);
  const text = plainText(t);
  assert.match(text, /dtype: float32/);
  assert.match(text, /shape: \[2,2\]/);
  assert.match(text, /\[\[1, 2\],\s+\[3, 4\]\]/);
  t.dispose();
  assert.match(plainText(t), /^Tensor \(disposed\) float32 \[2, 2\]$/);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(plainText({ a: 1 }), '{ a: 1 }');
  assert.equal(plainText('raw'), 'raw');
});
