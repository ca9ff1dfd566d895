/**
 * Turns a {@link Trace} into a TensorFlow SavedModel (serialized protobuf): a GraphDef whose
 * Placeholders are the recorded inputs, whose Const nodes are the uploaded values and whose
 * fetches (one Identity per result) are the function's results, under one `serve` meta graph
 * with a `serving_default` signature. tfjs-node ships the protobuf classes
 * (`@tensorflow/tfjs-node/dist/proto/api_pb.js`).
 */
import type { NativeBinding, OpAttr, Trace } from './recorder';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tfjs-node's generated protobuf classes ship no types
type Proto = any;

let protoModule: Proto | null = null;

function proto(): Proto {
  // Loaded only on the native backend, where the package is present.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional native package
  protoModule ??= require('@tensorflow/tfjs-node/dist/proto/api_pb.js');
  return protoModule;
}

/** TensorFlow's DataType enum for a tfjs dtype name. */
export const TF_DTYPE_NAMES: Record<number, string> = {
  1: 'DT_FLOAT',
  3: 'DT_INT32',
  4: 'DT_UINT8',
  9: 'DT_INT64',
  10: 'DT_BOOL',
};

function shapeProto(P: Proto, dims: readonly number[]): Proto {
  const s = new P.TensorShape();
  for (const d of dims) {
    const x = new P.TensorShape.Dim();
    x.setSize(d);
    s.addDim(x);
  }
  return s;
}

/** An attribute as an AttrValue, or a reason it cannot be one. */
function attrValue(P: Proto, b: NativeBinding, a: OpAttr): Proto | string {
  const v = new P.AttrValue();
  if (Array.isArray(a.value) && a.type !== b.TF_ATTR_SHAPE) {
    const l = new P.AttrValue.ListValue();
    for (const e of a.value) {
      if (a.type === b.TF_ATTR_INT) l.addI(e);
      else if (a.type === b.TF_ATTR_FLOAT) l.addF(e);
      else if (a.type === b.TF_ATTR_BOOL) l.addB(e);
      else if (a.type === b.TF_ATTR_TYPE) l.addType(e);
      else if (a.type === b.TF_ATTR_STRING) l.addS(Buffer.from(String(e)));
      else return `attribute ${a.name} is a list of type ${a.type}`;
    }
    v.setList(l);
    return v;
  }
  switch (a.type) {
    case b.TF_ATTR_INT:
      v.setI(a.value);
      break;
    case b.TF_ATTR_FLOAT:
      v.setF(a.value);
      break;
    case b.TF_ATTR_BOOL:
      v.setB(a.value);
      break;
    case b.TF_ATTR_TYPE:
      v.setType(a.value);
      break;
    case b.TF_ATTR_STRING:
      v.setS(Buffer.from(String(a.value)));
      break;
    case b.TF_ATTR_SHAPE:
      v.setShape(shapeProto(P, a.value as number[]));
      break;
    default:
      return `attribute ${a.name} has type ${a.type}`;
  }
  return v;
}

function nodeDef(P: Proto, name: string, op: string, inputs: string[], attrs: Array<[string, Proto]>): Proto {
  const n = new P.NodeDef();
  n.setName(name);
  n.setOp(op);
  for (const i of inputs) n.addInput(i);
  for (const [k, v] of attrs) n.getAttrMap().set(k, v);
  return n;
}

/** The tensor name a signature refers to (`node:0`). */
export function tensorName(output: string): string {
  return output.includes(':') ? output : `${output}:0`;
}

/** What the session needs to feed and fetch. */
export interface GraphSignature {
  /** Placeholder tensor names with their TensorFlow dtype names, in feed order. */
  inputs: Array<{ name: string; tfDtype: string }>;
  /** Fetched tensor names, in result order. */
  outputs: string[];
}

/**
 * The SavedModel bytes of a trace and its signature, or a reason the trace has no graph form.
 */
export function toSavedModel(trace: Trace, b: NativeBinding): { bytes: Uint8Array; signature: GraphSignature } | string {
  const P = proto();
  const g = new P.GraphDef();
  const typeAttr = (t: number): Proto => {
    const v = new P.AttrValue();
    v.setType(t);
    return v;
  };
  for (const input of trace.inputs) {
    const sv = new P.AttrValue();
    sv.setShape(shapeProto(P, input.shape));
    g.addNode(
      nodeDef(
        P,
        input.name,
        'Placeholder',
        [],
        [
          ['dtype', typeAttr(input.dtype)],
          ['shape', sv],
        ],
      ),
    );
  }
  for (const n of trace.nodes) {
    if (n.kind === 'const') {
      const tp = new P.Tensor();
      tp.setDtype(n.dtype);
      tp.setTensorShape(shapeProto(P, n.shape));
      tp.setTensorContent(n.bytes);
      const v = new P.AttrValue();
      v.setTensor(tp);
      g.addNode(
        nodeDef(
          P,
          n.name,
          'Const',
          [],
          [
            ['value', v],
            ['dtype', typeAttr(n.dtype)],
          ],
        ),
      );
      continue;
    }
    const attrs: Array<[string, Proto]> = [];
    for (const a of n.attrs) {
      const v = attrValue(P, b, a);
      if (typeof v === 'string') return `op ${n.op} has no graph form here (${v})`;
      attrs.push([a.name, v]);
    }
    g.addNode(nodeDef(P, n.name, n.op, n.inputs, attrs));
  }
  const outputs: string[] = [];
  trace.outputs.forEach((o, j) => {
    const name = `out_${j}`;
    // The dtype of the fetched tensor: the producing node's output, an input's or a const's.
    const dtype = dtypeOf(trace, o);
    g.addNode(nodeDef(P, name, 'Identity', [o], [['T', typeAttr(dtype)]]));
    outputs.push(`${name}:0`);
  });
  const versions = new P.VersionDef();
  versions.setProducer(1882);
  g.setVersions(versions);
  const meta = new P.MetaGraphDef();
  const mi = new P.MetaGraphDef.MetaInfoDef();
  mi.addTags('serve');
  meta.setMetaInfoDef(mi);
  meta.setGraphDef(g);
  const sig = new P.SignatureDef();
  const info = (name: string, dtype: number, shape: readonly number[]): Proto => {
    const x = new P.TensorInfo();
    x.setName(name);
    x.setDtype(dtype);
    x.setTensorShape(shapeProto(P, shape));
    return x;
  };
  for (const input of trace.inputs) sig.getInputsMap().set(input.name, info(`${input.name}:0`, input.dtype, input.shape));
  outputs.forEach((o, j) =>
    sig.getOutputsMap().set(`out_${j}`, info(o, dtypeOf(trace, trace.outputs[j]), trace.outputShapes[j])),
  );
  sig.setMethodName('tensorflow/serving/predict');
  meta.getSignatureDefMap().set('serving_default', sig);
  const sm = new P.SavedModel();
  sm.setSavedModelSchemaVersion(1);
  sm.addMetaGraphs(meta);
  const inputs = trace.inputs.map((i) => ({ name: `${i.name}:0`, tfDtype: TF_DTYPE_NAMES[i.dtype] ?? 'DT_FLOAT' }));
  return { bytes: sm.serializeBinary() as Uint8Array, signature: { inputs, outputs } };
}

function dtypeOf(trace: Trace, output: string): number {
  const [node, index] = output.split(':');
  const input = trace.inputs.find((i) => i.name === node);
  if (input) return input.dtype;
  const n = trace.nodes.find((x) => x.name === node);
  if (n === undefined) return 1;
  return n.kind === 'const' ? n.dtype : n.outputs[Number(index ?? 0)].dtype;
}
