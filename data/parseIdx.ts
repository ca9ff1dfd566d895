/**
 * The IDX format of the MNIST files (LeCun, Cortes & Burges, "The MNIST database of handwritten
 * digits"): two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions, each
 * dimension as a big-endian 32-bit integer, then the data in row-major order.
 */
import { dataErrors } from './errors';

/** A parsed IDX file of unsigned bytes. */
export interface IdxArray {
  /** Dimensions, e.g. [60000, 28, 28] for images or [60000] for labels. */
  dims: number[];
  /** The values, row-major (a view on the file's bytes, not a copy). */
  data: Uint8Array;
}

/**
 * Parses an IDX file of unsigned bytes (type 0x08), as the MNIST distribution's
 * `*-idx3-ubyte` / `*-idx1-ubyte` files. `source` names the file in error messages.
 */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): IdxArray {
  if (bytes.length < 4)
    throw new Error(dataErrors.idxHeader(source, `${bytes.length} bytes, fewer than the 4-byte magic number`));
  if (bytes[0] !== 0 || bytes[1] !== 0)
    throw new Error(dataErrors.idxHeader(source, `a magic number starting ${bytes[0]}, ${bytes[1]} instead of 0, 0`));
  if (bytes[2] !== 0x08)
    throw new Error(
      dataErrors.idxHeader(
        source,
        `type byte 0x${bytes[2].toString(16).padStart(2, '0')}; only unsigned bytes (0x08) are supported`,
      ),
    );
  const rank = bytes[3];
  const start = 4 + 4 * rank;
  if (rank < 1 || bytes.length < start)
    throw new Error(dataErrors.idxHeader(source, `${rank} dimensions in a ${bytes.length}-byte file`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - start !== size) {
    throw new Error(
      dataErrors.idxHeader(source, `dimensions [${dims.join(', ')}] (${size} values) but ${bytes.length - start} bytes of data`),
    );
  }
  return { dims, data: bytes.subarray(start) };
}
