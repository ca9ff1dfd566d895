/**
 * A small ONNX model written byte by byte (the protobuf wire format of onnx.proto), so the
 * black-box tests need no model file: y = relu(x·W1 + b1)·W2 + b2. Not a test file itself.
 */

function varint(v: number): number[] {
  const out: number[] = [];
  let x = v;
  while (x >= 0x80) {
    out.push((x & 0x7f) | 0x80);
    x = Math.floor(x / 128);
  }
  out.push(x);
  return out;
}
const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, v: number) => [...key(field, 0), ...varint(v)];
const bytes = (field: number, b: number[]) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytes(field, [...Buffer.from(s, 'utf8')]);

function tensor(name: string, dims: number[], data: number[]): number[] {
  const raw = [...Buffer.from(Float32Array.from(data).buffer)];
  return [...dims.flatMap((d) => int(1, d)), ...int(2, 1), ...str(8, name), ...bytes(9, raw)];
}
function valueInfo(name: string, dims: (number | string)[]): number[] {
  const dim = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, 1), ...bytes(2, dim)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}
function node(op: string, inputs: string[], outputs: string[], name: string): number[] {
  return [...inputs.flatMap((s) => str(1, s)), ...outputs.flatMap((s) => str(2, s)), ...str(3, name), ...str(4, op)];
}

/** Weights of the ONNX MLP d-h-k (row-major [in, out]). */
export interface MlpWeights {
  w1: number[];
  b1: number[];
  w2: number[];
  b2: number[];
  d: number;
  h: number;
  k: number;
}

/** The serialized ONNX model (opset 13) of the MLP with input 'x' [batch, d] and output 'y' [batch, k]. */
export function onnxMlp(w: MlpWeights): Uint8Array {
  const graph = [
    ...bytes(1, node('MatMul', ['x', 'W1'], ['t1'], 'mm1')),
    ...bytes(1, node('Add', ['t1', 'B1'], ['t2'], 'add1')),
    ...bytes(1, node('Relu', ['t2'], ['t3'], 'relu')),
    ...bytes(1, node('MatMul', ['t3', 'W2'], ['t4'], 'mm2')),
    ...bytes(1, node('Add', ['t4', 'B2'], ['y'], 'add2')),
    ...str(2, 'mlp'),
    ...bytes(5, tensor('W1', [w.d, w.h], w.w1)),
    ...bytes(5, tensor('B1', [w.h], w.b1)),
    ...bytes(5, tensor('W2', [w.h, w.k], w.w2)),
    ...bytes(5, tensor('B2', [w.k], w.b2)),
    ...bytes(11, valueInfo('x', ['batch', w.d])),
    ...bytes(12, valueInfo('y', ['batch', w.k])),
  ];
  const model = [...int(1, 8), ...str(2, 'pathlab-test'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 13)])];
  return Uint8Array.from(model);
}
