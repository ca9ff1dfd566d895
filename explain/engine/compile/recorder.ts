/**
 * Records the TensorFlow ops that tfjs-node executes while a function runs eagerly: op name,
 * attributes, inputs and outputs (the backward passes of `tf.grad` / `tf.variableGrads` included,
 * since their kernels are the same ops), the values uploaded from JavaScript (which become Const
 * nodes) and the tensors that existed before the call (the arguments, and variables read by the
 * function, which become Placeholders). What the record cannot express is collected as reasons;
 * the function's eager result is returned either way, so a failed record costs nothing but time.
 *
 * The mechanism (TensorFlow's graph runtime driven from tfjs-node) is the one of TensorFlow's own
 * `tf.function` tracing (Abadi et al., "TensorFlow: a system for large-scale machine learning",
 * OSDI 2016; Agrawal et al., "TensorFlow Eager", SysML 2019): ops recorded once become a graph.
 */
import * as tf from '@tensorflow/tfjs';

/** One attribute as tfjs-node passes it to `executeOp`. */
export interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

/** What tfjs-node's binding returns per op output. */
interface OutputMetadata {
  id: number;
  shape: number[];
  dtype: number;
}

/** The part of tfjs-node's binding the recorder wraps. */
export interface NativeBinding {
  executeOp(name: string, attrs: OpAttr[], inputIds: number[], numOutputs: number): OutputMetadata[];
  createTensor(shape: number[], dtype: number, values: unknown): number;
  tensorDataSync(id: number): unknown;
  loadSavedModel(path: string, tags: string): number;
  runSavedModel(...args: unknown[]): OutputMetadata[];
  deleteSavedModel(id: number): void;
  TF_FLOAT: number;
  TF_INT32: number;
  TF_INT64: number;
  TF_BOOL: number;
  TF_UINT8: number;
  TF_STRING: number;
  TF_COMPLEX64: number;
  TF_ATTR_STRING: number;
  TF_ATTR_INT: number;
  TF_ATTR_FLOAT: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_SHAPE: number;
}

interface TensorData {
  id: number;
  shape: number[];
  /** TensorFlow's dtype enum once written (tfjs-node's `move` stores it so). */
  dtype: number;
  values: unknown;
}

/** The part of tfjs-node's backend the recorder uses. */
export interface NativeBackend {
  binding: NativeBinding;
  tensorMap: { get(dataId: tf.DataId): TensorData; has(dataId: tf.DataId): boolean };
  getDTypeInteger(dtype: string): number;
  write(values: unknown, shape: number[], dtype: string): tf.DataId;
  getInputTensorIds(tensors: Array<tf.Tensor | tf.TensorInfo>): number[];
  loadSavedModelMetaGraph(path: string, tags: string): number;
  runSavedModel(id: number, inputs: tf.Tensor[], infos: Array<{ name: string; tfDtype: string }>, outputs: string[]): tf.Tensor[];
  deleteSavedModel(id: number): void;
}

/** A recorded op. Inputs name node outputs (`node` or `node:1`). */
export interface RecordedOp {
  kind: 'op';
  name: string;
  op: string;
  attrs: OpAttr[];
  inputs: string[];
  outputs: Array<{ shape: number[]; dtype: number }>;
}

/** A value uploaded from JavaScript during the call. */
export interface RecordedConst {
  kind: 'const';
  name: string;
  dtype: number;
  shape: number[];
  bytes: Uint8Array;
}

/** A tensor that existed before the call: argument `index`, or a variable read by the function. */
export interface RecordedInput {
  name: string;
  dtype: number;
  shape: number[];
  /** The argument's position, or the variable read. */
  source: { arg: number } | { variable: tf.Variable };
}

/** Everything recorded for one call. */
export interface Trace {
  inputs: RecordedInput[];
  nodes: Array<RecordedOp | RecordedConst>;
  /** Node outputs that are the function's results, in order. */
  outputs: string[];
  outputShapes: number[][];
  outputDtypes: tf.DataType[];
  /** Whether the function returned one tensor (not an array). */
  single: boolean;
  /** Why the record cannot run as a graph (empty: it can). */
  reasons: string[];
}

/** Ops whose output shape depends on input values: a graph recorded once would be wrong later. */
const DATA_DEPENDENT_SHAPE = new Set([
  'Where',
  'Unique',
  'UniqueV2',
  'UniqueWithCounts',
  'ListDiff',
  'NonMaxSuppression',
  'NonMaxSuppressionV2',
  'NonMaxSuppressionV3',
  'NonMaxSuppressionV4',
  'NonMaxSuppressionV5',
  'DenseBincount',
  'Bincount',
  'StringSplit',
  'StringSplitV2',
  'RaggedRange',
]);

/** Ops that draw random numbers inside TensorFlow (a graph would draw anew on every call). */
const RANDOM = new Set([
  'RandomUniform',
  'RandomStandardNormal',
  'TruncatedNormal',
  'RandomUniformInt',
  'Multinomial',
  'RandomShuffle',
]);

/** The native backend, or null when tfjs runs on another one. */
export function nativeBackend(): NativeBackend | null {
  if (tf.getBackend() !== 'tensorflow') return null;
  const be = tf.backend() as unknown as Partial<NativeBackend>;
  return be.binding && be.tensorMap ? (be as NativeBackend) : null;
}

let recording = false;

/** Whether a record is under way (a compiled function called inside one runs inline). */
export function isRecording(): boolean {
  return recording;
}

/** Writes a tensor's pending JavaScript values into TensorFlow, so that it has an id. */
export function uploaded(be: NativeBackend, t: tf.Tensor): number {
  const info = be.tensorMap.get(t.dataId);
  if (info.values != null) {
    info.id = be.binding.createTensor(info.shape, info.dtype, info.values);
    info.values = null;
  }
  return info.id;
}

function bytesOf(values: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(values)) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  return null;
}

function flatten(result: unknown): tf.Tensor[] | null {
  if (result instanceof tf.Tensor) return [result];
  if (Array.isArray(result) && result.every((r) => r instanceof tf.Tensor)) return result as tf.Tensor[];
  return null;
}

/**
 * Runs `fn(...args)` eagerly on the native backend while recording its TensorFlow ops.
 * Returns the eager result (the caller owns it) and the record.
 */
export function record<R extends tf.Tensor | tf.Tensor[]>(
  be: NativeBackend,
  fn: (...args: tf.Tensor[]) => R,
  args: tf.Tensor[],
  embedConstants = false,
): { result: R; trace: Trace } {
  const b = be.binding;
  const nodes: Array<RecordedOp | RecordedConst> = [];
  const inputs: RecordedInput[] = [];
  const reasons: string[] = [];
  const producer = new Map<number, string>();
  const reason = (r: string): void => {
    if (!reasons.includes(r)) reasons.push(r);
  };
  args.forEach((t, i) => {
    const id = uploaded(be, t);
    if (producer.has(id)) return; // the same tensor twice: one placeholder serves both
    const name = `in_${i}`;
    inputs.push({ name, dtype: be.getDTypeInteger(t.dtype), shape: t.shape.slice(), source: { arg: i } });
    producer.set(id, name);
  });
  // Variables with pending values get their TensorFlow id now, so that reading one inside the
  // call is seen as reading an existing tensor, not as a value uploaded by the call.
  const variables = Object.values(tf.engine().registeredVariables);
  for (const v of variables) if (!v.isDisposed) uploaded(be, v);
  let variableIds: Map<number, tf.Variable> | null = null;
  const createdHere = new WeakSet<object>();
  /** Shape and dtype of every op input by TensorFlow id. */
  const seen = new Map<number, { shape: number[]; dtype: number }>();
  let k = 0;

  const origCreate = b.createTensor.bind(b);
  const origExec = b.executeOp.bind(b);
  const origRead = b.tensorDataSync.bind(b);
  const rec = Object.create(b) as NativeBinding;
  const define = (name: string, f: unknown) => Object.defineProperty(rec, name, { value: f, configurable: true });
  const constNode = (id: number, shape: number[], dtype: number, values: unknown): void => {
    const bytes = bytesOf(values);
    if (bytes === null || dtype === b.TF_STRING) {
      reason('a string tensor has no graph form here');
      return;
    }
    const name = `c_${k++}`;
    nodes.push({ kind: 'const', name, dtype, shape: shape.slice(), bytes });
    producer.set(id, name);
  };
  define('createTensor', (shape: number[], dtype: number, values: unknown) => {
    const id = origCreate(shape, dtype, values);
    constNode(id, shape, dtype, values);
    return id;
  });
  define('executeOp', (name: string, attrs: OpAttr[], inputIds: number[], numOutputs: number) => {
    const out = origExec(name, attrs, inputIds, numOutputs);
    if (numOutputs === 0) reason(`op ${name} has no graph form here (a side effect with no outputs)`);
    if (DATA_DEPENDENT_SHAPE.has(name)) reason(`op ${name} has a data-dependent output shape`);
    if (RANDOM.has(name)) reason(`op ${name} draws random numbers inside TensorFlow (draw them outside and pass them in)`);
    const node = `op_${k++}`;
    const ins = inputIds.map((id) => {
      const known = producer.get(id);
      if (known !== undefined) return known;
      variableIds ??= new Map(variables.filter((v) => !v.isDisposed).map((v) => [be.tensorMap.get(v.dataId).id, v]));
      const v = variableIds.get(id);
      if (v === undefined) {
        const info = seen.get(id);
        if (embedConstants && info !== undefined) {
          // A tensor of the caller's that stays fixed while the cache lives: its value, read now.
          constNode(id, info.shape, info.dtype, origRead(id));
          return producer.get(id) ?? `?${id}`;
        }
        reason('it reads a tensor that is neither an argument nor a variable (pass it as an argument)');
        return `?${id}`;
      }
      const inName = `var_${inputs.length}`;
      inputs.push({ name: inName, dtype: be.getDTypeInteger(v.dtype), shape: v.shape.slice(), source: { variable: v } });
      producer.set(id, inName);
      return inName;
    });
    nodes.push({
      kind: 'op',
      name: node,
      op: name,
      attrs,
      inputs: ins,
      outputs: out.map((o) => ({ shape: o.shape.slice(), dtype: o.dtype })),
    });
    out.forEach((o, j) => producer.set(o.id, j === 0 ? node : `${node}:${j}`));
    return out;
  });
  define('tensorDataSync', (id: number) => {
    // tfjs-node's GatherV2 reads its indices to check their bounds, which TensorFlow's GatherV2
    // checks too: that read changes nothing the graph computes.
    if (!/kernels[\\/]GatherV2\.js/.test(new Error().stack ?? '')) {
      reason('it reads a tensor back to JavaScript (dataSync, data or arraySync)');
    }
    return origRead(id);
  });
  for (const m of ['runSavedModel', 'loadSavedModel', 'deleteSavedModel']) {
    const orig = (b as unknown as Record<string, (...a: unknown[]) => unknown>)[m].bind(b);
    define(m, (...a: unknown[]) => {
      reason(`it calls ${m}, which has no graph form inside a recorded graph`);
      return orig(...a);
    });
  }
  // A tensor written from JavaScript before the call reaches TensorFlow at its first use as an op
  // input; it is not a constant of the function, so it is uploaded without a Const node.
  const origWrite = be.write;
  const origInputIds = be.getInputTensorIds;
  const beRecord = be as unknown as Record<string, unknown>;
  beRecord.write = function (this: NativeBackend, values: unknown, shape: number[], dtype: string) {
    const dataId = origWrite.call(this, values, shape, dtype);
    createdHere.add(dataId as object);
    return dataId;
  };
  beRecord.getInputTensorIds = function (this: NativeBackend, tensors: Array<tf.Tensor | tf.TensorInfo>) {
    for (const t of tensors) {
      const info = t instanceof tf.Tensor || 'dataId' in t ? be.tensorMap.get(t.dataId) : undefined;
      if (info !== undefined && info.values != null && !createdHere.has(t.dataId as object)) {
        info.id = origCreate(info.shape, info.dtype, info.values);
        info.values = null;
      }
    }
    const ids = origInputIds.call(this, tensors);
    ids.forEach((id, i) => {
      const t = tensors[i];
      if (!producer.has(id) && t !== undefined && 'dataId' in t)
        seen.set(id, { shape: t.shape.slice(), dtype: be.getDTypeInteger(t.dtype) });
    });
    return ids;
  };

  // Assigning a variable swaps its data in JavaScript, with no op: a graph would lose the update.
  const proto = tf.Variable.prototype as unknown as { assign: (v: tf.Tensor) => void };
  const origAssign = proto.assign;
  proto.assign = function (this: tf.Variable, v: tf.Tensor) {
    reason('it assigns a variable (a state change a recorded graph would not make)');
    return origAssign.call(this, v);
  };
  let result: R;
  recording = true;
  be.binding = rec;
  let outputs: string[] = [];
  let outs: tf.Tensor[] | null = null;
  try {
    result = fn(...args);
    outs = flatten(result);
    if (outs === null) {
      reason('its result is not a tensor or an array of tensors');
    } else {
      outputs = outs.map((t) => {
        const id = be.getInputTensorIds([t])[0];
        return producer.get(id) ?? (reason('a result is a tensor that is neither an argument nor computed by the call'), '?');
      });
    }
  } finally {
    be.binding = b;
    recording = false;
    proto.assign = origAssign;
    delete beRecord.write;
    delete beRecord.getInputTensorIds;
  }
  for (const o of outs ?? []) if (o.dtype === 'string' || o.dtype === 'complex64') reason(`a result has dtype ${o.dtype}`);
  return {
    result,
    trace: {
      inputs,
      nodes,
      outputs,
      outputShapes: (outs ?? []).map((t) => t.shape.slice()),
      outputDtypes: (outs ?? []).map((t) => t.dtype),
      single: result! instanceof tf.Tensor,
      reasons,
    },
  };
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Why two records of the same function on the same input shapes differ, or null when they are
 * the same graph: a constant that changes is a value computed in JavaScript from the data or a
 * random draw; different ops are control flow or shapes that depend on the data.
 */
export function traceDifference(a: Trace, b: Trace): string | null {
  const shapesDiffer = (): boolean =>
    a.outputShapes.length !== b.outputShapes.length || a.outputShapes.some((s, i) => !sameArray(s, b.outputShapes[i]));
  if (a.nodes.length !== b.nodes.length || a.inputs.length !== b.inputs.length || shapesDiffer()) {
    return 'the recorded ops change between calls with the same input shapes (a data-dependent shape or branch)';
  }
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x.kind !== y.kind)
      return 'the recorded ops change between calls with the same input shapes (a data-dependent shape or branch)';
    if (x.kind === 'const' && y.kind === 'const') {
      if (x.dtype !== y.dtype || !sameArray(x.shape, y.shape) || !sameArray(x.bytes, y.bytes)) {
        return 'a value uploaded inside the function changes between calls (a random draw or a number computed from the data: pass it as an argument)';
      }
    } else if (x.kind === 'op' && y.kind === 'op') {
      const same =
        x.op === y.op &&
        x.inputs.length === y.inputs.length &&
        x.inputs.every((n, j) => n === y.inputs[j]) &&
        JSON.stringify(x.attrs) === JSON.stringify(y.attrs) &&
        x.outputs.every((o, j) => sameArray(o.shape, y.outputs[j].shape));
      if (!same) return 'the recorded ops change between calls with the same input shapes (a data-dependent shape or branch)';
    }
  }
  for (let i = 0; i < a.inputs.length; i++) {
    const x = a.inputs[i].source;
    const y = b.inputs[i].source;
    const sameSource = 'arg' in x ? 'arg' in y && x.arg === y.arg : 'variable' in y && x.variable === y.variable;
    if (!sameSource) return 'the function reads different variables between calls';
  }
  return null;
}
