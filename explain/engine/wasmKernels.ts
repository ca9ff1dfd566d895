/**
 * Kernels the wasm backend lacks to train a conv net, built from the wasm backend's own fast
 * kernels (XNNPACK matmul and depthwise convolution, C++ strided slice, pad and transpose).
 *
 * @tensorflow/tfjs-backend-wasm 4.22 registers Conv2D and its input gradient but not
 * `Conv2DBackpropFilter`, so `model.fit` of any conv net fails there; nor the two depthwise
 * backprop kernels. Each kernel here is a short composition of existing wasm kernels called
 * directly (no engine round trip, no tape), with every intermediate freed by its data id.
 *
 * Layout and geometry follow tfjs-core's `computeConv2DInfo`: NHWC (NCHW is transposed in and
 * out), strides, dilations, 'same' / 'valid' / explicit padding and `dimRoundingMode`.
 * Conventions are those of TensorFlow (Abadi et al., "TensorFlow: A system for large-scale
 * machine learning", OSDI 2016): filter [fh, fw, inC, outC], depthwise filter [fh, fw, inC, mult]
 * with output channel c·mult + m.
 */
import * as tf from '@tensorflow/tfjs';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type RoundingMode = 'floor' | 'round' | 'ceil';
type Shape4 = [number, number, number, number];

/** The part of the wasm backend these kernels use. */
interface WasmBackendLike {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  /** A view of a tensor's float32 values on the wasm heap (valid until the heap grows). */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  /** A new tensor holding `values`. */
  makeOutput(
    shape: number[],
    dtype: 'float32' | 'int32',
    memoryOffset?: number,
    values?: Float32Array | Int32Array,
  ): tf.TensorInfo;
}

/**
 * Runs wasm kernels one after the other and frees every intermediate result, except the one
 * handed back with {@link keep}.
 */
class WasmOps {
  private readonly temps: tf.TensorInfo[] = [];

  constructor(private readonly backend: WasmBackendLike) {}

  run(kernelName: string, inputs: tf.NamedTensorInfoMap | tf.TensorInfo[], attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    const config = tf.getKernel(kernelName, 'wasm');
    if (config === undefined) throw new Error(`pathlab: the wasm backend has no '${kernelName}' kernel`);
    const out = config.kernelFunc({
      inputs: inputs as tf.NamedTensorInfoMap,
      backend: this.backend,
      attrs,
    }) as tf.TensorInfo;
    this.temps.push(out);
    return out;
  }

  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Pads with zeros where an amount is positive and crops where it is negative. */
  padOrCrop(x: tf.TensorInfo, amounts: Array<[number, number]>): tf.TensorInfo {
    let out = x;
    if (amounts.some(([a, b]) => a > 0 || b > 0)) {
      out = this.run(
        'PadV2',
        { x: out },
        {
          paddings: amounts.map(([a, b]) => [Math.max(0, a), Math.max(0, b)]),
          constantValue: 0,
        },
      );
    }
    if (amounts.some(([a, b]) => a < 0 || b < 0)) {
      const begin = amounts.map(([a]) => Math.max(0, -a));
      const size = out.shape.map((d, i) => d - begin[i] - Math.max(0, -amounts[i][1]));
      out = this.run('Slice', { x: out }, { begin, size });
    }
    return out;
  }

  /** Hands `out` to the caller and frees everything else. */
  keep(out: tf.TensorInfo): tf.TensorInfo {
    for (const t of this.temps) if (t !== out) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
    return out;
  }

  /** Frees everything (on error). */
  release(): void {
    this.keep({ dataId: {}, shape: [], dtype: 'float32' });
  }
}

/** The arguments tfjs hands a kernel. */
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap };

/**
 * A kernel whose body runs on one {@link WasmOps} and returns `ops.keep(result)`; on error every
 * intermediate is freed before the error propagates.
 */
function opsKernel<A>(
  body: (ops: WasmOps, inputs: tf.NamedTensorInfoMap, attrs: A) => tf.TensorInfo,
): (args: KernelArgs) => tf.TensorInfo {
  return (args) => {
    const ops = new WasmOps(args.backend as WasmBackendLike);
    try {
      return body(ops, args.inputs, args.attrs as unknown as A);
    } catch (e) {
      ops.release();
      throw e;
    }
  };
}

interface Geometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  effectiveFilterHeight: number;
  effectiveFilterWidth: number;
  padTop: number;
  padLeft: number;
}

function geometry(
  inShape: Shape4,
  filterShape: Shape4,
  strides: [number, number] | number,
  dilations: [number, number] | number,
  pad: Pad,
  roundingMode: RoundingMode | undefined,
  depthwise: boolean,
): Geometry {
  const info = tf.backend_util.computeConv2DInfo(inShape, filterShape, strides, dilations, pad, roundingMode, depthwise);
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    effectiveFilterHeight: info.effectiveFilterHeight,
    effectiveFilterWidth: info.effectiveFilterWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * x as [C, N, H', W'], zero-padded so that every filter offset's strided window stays inside.
 * Channels first, so that each offset's slice reshapes to a [C, N·outH·outW] matrix for free.
 */
function paddedChannelsFirst(ops: WasmOps, x: tf.TensorInfo, g: Geometry): tf.TensorInfo {
  const xT = ops.transpose(x, [3, 0, 1, 2]);
  const spanH = (g.outHeight - 1) * g.strideHeight + g.effectiveFilterHeight;
  const spanW = (g.outWidth - 1) * g.strideWidth + g.effectiveFilterWidth;
  return ops.padOrCrop(xT, [
    [0, 0],
    [0, 0],
    [g.padTop, Math.max(0, spanH - g.padTop - g.inHeight)],
    [g.padLeft, Math.max(0, spanW - g.padLeft - g.inWidth)],
  ]);
}

/** The [C, N, outH, outW] slice of {@link paddedChannelsFirst} seen by filter offset (u, v). */
function offsetSlice(ops: WasmOps, xTp: tf.TensorInfo, g: Geometry, u: number, v: number): tf.TensorInfo {
  const r0 = u * g.dilationHeight;
  const c0 = v * g.dilationWidth;
  return ops.run(
    'StridedSlice',
    { x: xTp },
    {
      begin: [0, 0, r0, c0],
      end: [xTp.shape[0], xTp.shape[1], r0 + (g.outHeight - 1) * g.strideHeight + 1, c0 + (g.outWidth - 1) * g.strideWidth + 1],
      strides: [1, 1, g.strideHeight, g.strideWidth],
      beginMask: 0,
      endMask: 0,
      ellipsisMask: 0,
      newAxisMask: 0,
      shrinkAxisMask: 0,
    },
  );
}

/** The attributes every convolution and pooling backprop kernel here gets. */
interface ConvAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dimRoundingMode?: RoundingMode;
}

interface Conv2DBackpropFilterAttrs extends ConvAttrs {
  dataFormat?: 'NHWC' | 'NCHW';
  filterShape: Shape4;
}

/**
 * dW[u, v, i, o] = Σ_{n, r, c} x[n, r·s + u − pad, c·s + v − pad, i] · dy[n, r, c, o] is itself a
 * convolution, with the roles swapped: the input channels become the batch, the batch becomes
 * the channels, dy is the filter and the forward stride becomes the dilation. So it is one XNNPACK
 * convolution with an output of the filter's size. (Slicing x once per filter offset and
 * multiplying costs the same flops, but the wasm backend's strided slice is a slow loop.)
 */
const conv2DBackpropFilter = opsKernel<Conv2DBackpropFilterAttrs>((ops, inputs, attrs) => {
  let x = inputs.x as tf.TensorInfo;
  let dy = inputs.dy as tf.TensorInfo;
  if (attrs.dataFormat === 'NCHW') {
    x = ops.transpose(x, [0, 2, 3, 1]);
    dy = ops.transpose(dy, [0, 2, 3, 1]);
  }
  const g = geometry(x.shape as Shape4, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false);
  // [inC, H, W, N], framed to exactly the rows and columns the filter offsets reach.
  const spanH = (g.outHeight - 1) * g.strideHeight + g.filterHeight;
  const spanW = (g.outWidth - 1) * g.strideWidth + g.filterWidth;
  const xr = ops.padOrCrop(ops.transpose(x, [3, 1, 2, 0]), [
    [0, 0],
    [g.padTop, spanH - g.padTop - g.inHeight],
    [g.padLeft, spanW - g.padLeft - g.inWidth],
    [0, 0],
  ]);
  const dyr = ops.transpose(dy, [1, 2, 0, 3]);
  const dw = ops.run(
    'Conv2D',
    { x: xr, filter: dyr },
    {
      strides: [1, 1],
      pad: 'valid',
      dilations: [g.strideHeight, g.strideWidth],
      dataFormat: 'NHWC',
    },
  );
  return ops.keep(ops.transpose(dw, [1, 2, 0, 3]));
});

interface DepthwiseBackpropFilterAttrs extends ConvAttrs {
  dilations: [number, number] | number;
  filterShape: Shape4;
}

/**
 * dW[u, v, c, m] = Σ over batch and output pixels of x seen by offset (u, v) in channel c times
 * dy in channel c·mult + m: per offset one broadcast multiply and one innermost-axis sum.
 */
const depthwiseBackpropFilter = opsKernel<DepthwiseBackpropFilterAttrs>((ops, inputs, attrs) => {
  const x = inputs.x as tf.TensorInfo;
  const dy = inputs.dy as tf.TensorInfo;
  const g = geometry(
    x.shape as Shape4,
    attrs.filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const mult = attrs.filterShape[3];
  const rows = g.batch * g.outHeight * g.outWidth;
  const xTp = paddedChannelsFirst(ops, x, g);
  // [C, mult, rows], so that the reduction runs over the innermost axis.
  const dyT = ops.transpose(ops.reshape(dy, [rows, g.inChannels, mult]), [1, 2, 0]);
  const parts: tf.TensorInfo[] = [];
  for (let u = 0; u < g.filterHeight; u++) {
    for (let v = 0; v < g.filterWidth; v++) {
      const patch = ops.reshape(offsetSlice(ops, xTp, g, u, v), [g.inChannels, 1, rows]);
      const prod = ops.run('Multiply', { a: patch, b: dyT });
      parts.push(ops.run('Sum', { x: prod }, { axis: [2], keepDims: false }));
    }
  }
  const stacked = parts.length === 1 ? parts[0] : ops.run('Concat', parts, { axis: 0 });
  return ops.keep(ops.reshape(stacked, [...attrs.filterShape]));
});

/**
 * dy [N, outH, outW, K] spread out by the stride (zeros between rows and columns) and padded by
 * (effective filter − 1 − forward padding), cropped where that is negative: the input of the
 * 'valid', stride-1 correlation with the 180°-turned filter that computes a convolution's input
 * gradient.
 */
function spreadAndFrame(ops: WasmOps, dy: tf.TensorInfo, g: Geometry, k: number): tf.TensorInfo {
  let spread = dy;
  let spreadH = g.outHeight;
  let spreadW = g.outWidth;
  if (g.strideHeight > 1 || g.strideWidth > 1) {
    const six = ops.reshape(dy, [g.batch, g.outHeight, 1, g.outWidth, 1, k]);
    const padded = ops.padOrCrop(six, [
      [0, 0],
      [0, 0],
      [0, g.strideHeight - 1],
      [0, 0],
      [0, g.strideWidth - 1],
      [0, 0],
    ]);
    spreadH = g.outHeight * g.strideHeight;
    spreadW = g.outWidth * g.strideWidth;
    spread = ops.reshape(padded, [g.batch, spreadH, spreadW, k]);
  }
  const top = g.effectiveFilterHeight - 1 - g.padTop;
  const left = g.effectiveFilterWidth - 1 - g.padLeft;
  return ops.padOrCrop(spread, [
    [0, 0],
    [top, g.inHeight + g.effectiveFilterHeight - 1 - top - spreadH],
    [left, g.inWidth + g.effectiveFilterWidth - 1 - left - spreadW],
    [0, 0],
  ]);
}

interface DepthwiseBackpropInputAttrs extends ConvAttrs {
  dilations: [number, number] | number;
  inputShape: Shape4;
}

/**
 * dx is the 'valid' correlation of dy — spread out by the stride (zeros in between) and padded
 * by (effective filter − 1 − forward padding) — with the filter turned by 180°, per channel: one
 * XNNPACK depthwise convolution over the inC·mult channels, then a sum over the multiplier.
 */
const depthwiseBackpropInput = opsKernel<DepthwiseBackpropInputAttrs>((ops, inputs, attrs) => {
  const dy = inputs.dy as tf.TensorInfo;
  const filter = inputs.filter as tf.TensorInfo;
  const filterShape = filter.shape as Shape4;
  const g = geometry(attrs.inputShape, filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  const mult = filterShape[3];
  const k = g.inChannels * mult;
  const framed = spreadAndFrame(ops, dy, g, k);
  const turned = ops.reshape(ops.run('Reverse', { x: filter }, { dims: [0, 1] }), [g.filterHeight, g.filterWidth, k, 1]);
  const conv = ops.run(
    'DepthwiseConv2dNative',
    { x: framed, filter: turned },
    {
      strides: [1, 1],
      pad: 'valid',
      dilations: [g.dilationHeight, g.dilationWidth],
    },
  );
  if (mult === 1) return ops.keep(conv);
  const split = ops.reshape(conv, [g.batch, g.inHeight, g.inWidth, g.inChannels, mult]);
  return ops.keep(ops.run('Sum', { x: split }, { axis: [4], keepDims: false }));
});

interface MaxPoolGradAttrs extends ConvAttrs {
  filterSize: [number, number] | number;
}

/**
 * Max-pool backprop: each window's dy goes to the first position of its maximum (row-major in
 * the window, padding excluded), as tfjs's cpu kernel and TensorFlow do. tfjs-backend-wasm 4.22's
 * own kernel starts its running maximum at the smallest positive float instead of −∞, so every
 * window whose maximum is ≤ 0 loses its gradient (or hands it to the tensor's first element):
 * max-pooling anything but ReLU outputs trains wrongly there. This is a plain loop over the wasm
 * heap, one pass over the windows with the channels innermost (NHWC-contiguous).
 */
function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const attrs = args.attrs as unknown as MaxPoolGradAttrs;
  const x = args.inputs.input as tf.TensorInfo;
  const dyInfo = args.inputs.dy as tf.TensorInfo;
  const info = tf.backend_util.computePool2DInfo(
    x.shape as Shape4,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: ch, outHeight, outWidth, strideHeight, strideWidth } = info;
  const fh = info.effectiveFilterHeight;
  const fw = info.effectiveFilterWidth;
  const xs = backend.typedArrayFromHeap(x);
  const dy = backend.typedArrayFromHeap(dyInfo);
  const dx = new Float32Array(xs.length);
  const best = new Float32Array(ch);
  const where = new Int32Array(ch);
  for (let b = 0; b < batchSize; b++) {
    for (let i = 0; i < outHeight; i++) {
      const r0 = i * strideHeight - info.padInfo.top;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(inHeight, r0 + fh);
      for (let j = 0; j < outWidth; j++) {
        const c0 = j * strideWidth - info.padInfo.left;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(inWidth, c0 + fw);
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = rMin; r < rMax; r++) {
          for (let c = cMin; c < cMax; c++) {
            const base = ((b * inHeight + r) * inWidth + c) * ch;
            for (let d = 0; d < ch; d++) {
              const v = xs[base + d];
              if (v > best[d]) {
                best[d] = v;
                where[d] = base + d;
              }
            }
          }
        }
        const dyBase = ((b * outHeight + i) * outWidth + j) * ch;
        for (let d = 0; d < ch; d++) if (where[d] >= 0) dx[where[d]] += dy[dyBase + d];
      }
    }
  }
  return backend.makeOutput(x.shape, 'float32', undefined, dx);
}

/**
 * out[s, …] = Σ of x[j, …] over the j whose segment id is s (ids outside [0, numSegments)
 * dropped, as TensorFlow's kernel does on CPU). The segment ids index the leading axes of x (their
 * shape is a prefix of x's). This is the gradient of Gather, so without it nothing with an
 * embedding layer (`tf.layers.embedding`, `tf.gather` of a variable) trains on wasm. One pass over
 * x, accumulating in x's dtype like the cpu kernel.
 */
function unsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = args.inputs.x as tf.TensorInfo;
  const ids = args.inputs.segmentIds as tf.TensorInfo;
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  const rows = ids.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(ids.shape.length).reduce((a, b) => a * b, 1);
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const xs = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const seg = backend.typedArrayFromHeap(ids) as unknown as Int32Array;
  const out = dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let j = 0; j < rows; j++) {
    const s = seg[j];
    if (s < 0 || s >= numSegments) continue;
    const src = j * inner;
    const dst = s * inner;
    for (let d = 0; d < inner; d++) out[dst + d] += xs[src + d];
  }
  return backend.makeOutput([numSegments, ...x.shape.slice(ids.shape.length)], dtype, undefined, out);
}

/**
 * Wraps the wasm BatchMatMul so that a transposed operand is transposed explicitly first: the
 * wasm kernel runs XNNPACK only for untransposed operands and otherwise a naive loop some 25×
 * slower (1024² with transposeA: 2.2 s instead of 0.09 s). Every dense layer's backward pass
 * multiplies by transposes (xᵀ·dy, dy·Wᵀ), so training on wasm spends most of its time there.
 */
function fastTransposedMatMul(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const ops = new WasmOps(args.backend as WasmBackendLike);
    try {
      const swapLast = (t: tf.TensorInfo): tf.TensorInfo => {
        const perm = t.shape.map((_, i) => i);
        const r = perm.length;
        [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
        return ops.transpose(t, perm);
      };
      let a = args.inputs.a as tf.TensorInfo;
      let b = args.inputs.b as tf.TensorInfo;
      if (attrs.transposeA) a = swapLast(a);
      if (attrs.transposeB) b = swapLast(b);
      const out = original({
        ...args,
        inputs: { a, b },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      }) as tf.TensorInfo;
      ops.release();
      return out;
    } catch (e) {
      ops.release();
      throw e;
    }
  };
}

interface Conv2DBackpropInputAttrs extends ConvAttrs {
  dataFormat?: 'NHWC' | 'NCHW';
  inputShape: Shape4;
}

/**
 * Conv input gradient as one XNNPACK convolution: dx is the 'valid' correlation of the spread
 * and framed dy with the filter turned by 180° and its channel axes swapped. The wasm backend's
 * own kernel is a plain loop, 9× slower than the forward convolution on the second conv of the
 * MNIST net (dy 64×14×14×64, stride 2); this one costs one forward convolution over the spread
 * dy (stride² times the forward work, all of it in XNNPACK).
 */
const conv2DBackpropInput = opsKernel<Conv2DBackpropInputAttrs>((ops, inputs, attrs) => {
  let dy = inputs.dy as tf.TensorInfo;
  const filter = inputs.filter as tf.TensorInfo;
  const nchw = attrs.dataFormat === 'NCHW';
  const [n, d1, d2, d3] = attrs.inputShape;
  const inShape: Shape4 = nchw ? [n, d2, d3, d1] : [n, d1, d2, d3];
  if (nchw) dy = ops.transpose(dy, [0, 2, 3, 1]);
  const filterShape = filter.shape as Shape4;
  const g = geometry(inShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false);
  const framed = spreadAndFrame(ops, dy, g, filterShape[3]);
  const turned = ops.transpose(ops.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]);
  const dx = ops.run(
    'Conv2D',
    { x: framed, filter: turned },
    {
      strides: [1, 1],
      pad: 'valid',
      dilations: [1, 1],
      dataFormat: 'NHWC',
    },
  );
  return ops.keep(nchw ? ops.transpose(dx, [0, 3, 1, 2]) : dx);
});

/** The kernels the wasm backend lacks, registered here by name. */
const KERNELS: ReadonlyArray<[string, tf.KernelFunc]> = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput],
  ['UnsortedSegmentSum', unsortedSegmentSum],
];

/**
 * The wasm backend's kernels replaced here, by name: given the original kernel (if any), the
 * replacement.
 */
const REPLACEMENTS: ReadonlyArray<[string, (original: tf.KernelFunc | undefined) => tf.KernelFunc | undefined]> = [
  ['MaxPoolGrad', () => maxPoolGrad],
  ['Conv2DBackpropInput', () => conv2DBackpropInput],
  ['BatchMatMul', (original) => (original ? fastTransposedMatMul(original) : undefined)],
];

let registered = false;

/**
 * Registers on the wasm backend the kernels it lacks to train conv nets:
 * `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter` and
 * `DepthwiseConv2dNativeBackpropInput`, built from its own XNNPACK kernels, and
 * `UnsortedSegmentSum` (the gradient of Gather, for embeddings); replaces its
 * `MaxPoolGrad`, which drops the gradient of windows whose maximum is not positive; and routes
 * conv input gradients and matmuls with transposed operands to XNNPACK. Idempotent; a missing kernel the wasm backend
 * itself provides later is left alone. Needed to train the models of attribution priors (Erion
 * et al., Nature Machine Intelligence 2021) at a usable speed without the native backend.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, kernelFunc] of KERNELS) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) {
      tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    }
  }
  for (const [kernelName, replace] of REPLACEMENTS) {
    const existing = tf.getKernel(kernelName, 'wasm');
    const kernelFunc = replace(existing?.kernelFunc);
    if (kernelFunc === undefined) continue;
    // Unregistering first avoids tfjs's "already registered" warning; the setup the backend
    // ran for the original kernel stays valid, since the replacement calls it.
    if (existing !== undefined) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc,
      setupFunc: existing?.setupFunc,
      disposeFunc: existing?.disposeFunc,
    });
  }
}
