/** parseIdx: header, dimensions and data of hand-built IDX files; exact errors for broken ones. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseIdx } from '../../data/parseIdx';

const idx = (dims: number[], data: number[], type = 0x08) => {
  const head = [0, 0, type, dims.length];
  for (const d of dims) head.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...head, ...data]);
};

test('parses dimensions (big-endian) and row-major data', () => {
  const r = parseIdx(idx([2, 3], [1, 2, 3, 4, 5, 255]));
  assert.deepEqual(r.dims, [2, 3]);
  assert.deepEqual(Array.from(r.data), [1, 2, 3, 4, 5, 255]);
  const big = parseIdx(idx([300], new Array(300).fill(7)));
  assert.deepEqual(big.dims, [300]);
});

test('broken files are rejected with exact messages naming the source', () => {
  assert.throws(() => parseIdx(Uint8Array.from([0, 0]), 'f'), {
    message: 'f is not an MNIST IDX file of unsigned bytes: it has 2 bytes, fewer than the 4-byte magic number.',
  });
  assert.throws(() => parseIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), 'f'), {
    message: 'f is not an MNIST IDX file of unsigned bytes: it has a magic number starting 1, 0 instead of 0, 0.',
  });
  assert.throws(() => parseIdx(idx([1], [0], 0x0d), 'f'), {
    message: 'f is not an MNIST IDX file of unsigned bytes: it has type byte 0x0d; only unsigned bytes (0x08) are supported.',
  });
  assert.throws(() => parseIdx(idx([2, 2], [1, 2, 3]), 'f'), {
    message: 'f is not an MNIST IDX file of unsigned bytes: it has dimensions [2, 2] (4 values) but 3 bytes of data.',
  });
});
