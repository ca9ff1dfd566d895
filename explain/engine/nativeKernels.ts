/**
 * Cheaper versions of three tfjs-node kernels that tfjs's gradients call on every backward pass.
 *
 * On the native backend every kernel is a TensorFlow eager op with a fixed cost of tens of
 * microseconds, and a backward pass through an MLP calls hundreds of them (a double backward
 * pass, as expected gradients inside a loss need, several hundred more). Many do nothing:
 * - tfjs's Add/Sub/Mul gradients reshape every gradient to its input's shape, usually the shape it
 *   already has, and tfjs-node runs a TensorFlow Reshape for it (and uploads the shape first);
 * - its Mul/Div/Relu gradients cast float32 tensors to float32, a TensorFlow Cast (a copy);
 * - its Step (the ReLU and Abs gradients) is seven ops with two full-size fills, where
 *   TensorFlow's broadcasting SelectV2 needs four and no fill.
 * Here a reshape to the same shape and a cast to the same dtype share the input's data (the
 * backend's own Identity kernel does the same), and Step is IsNan, Greater and two SelectV2.
 * Anything else goes to the original kernel, and so does Step if SelectV2 ever fails.
 */
import * as tf from '@tensorflow/tfjs';

/** The part of tfjs-node's backend used here. */
interface NodeBackendLike {
  incRef(dataId: tf.DataId): void;
  executeSingleOutput(name: string, opAttrs: unknown[], inputs: tf.Tensor[]): tf.Tensor;
  binding: { TF_FLOAT: number; TF_INT32: number; TF_BOOL: number; TF_ATTR_TYPE: number };
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap };

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The same data under the same shape and dtype: one more reference, no op. */
function share(backend: NodeBackendLike, x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function reshape(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const shape = (args.attrs as { shape: number[] }).shape;
    const target = tf.util.inferFromImplicitShape(shape, tf.util.sizeFromShape(x.shape));
    if (sameShape(target, x.shape)) return share(args.backend as NodeBackendLike, x);
    return original(args);
  };
}

function cast(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if ((args.attrs as { dtype: string }).dtype === x.dtype) return share(args.backend as NodeBackendLike, x);
    return original(args);
  };
}

function dtypeAttr(backend: NodeBackendLike, name: string, dtype: string): unknown {
  const type =
    dtype === 'int32' ? backend.binding.TF_INT32 : dtype === 'bool' ? backend.binding.TF_BOOL : backend.binding.TF_FLOAT;
  // tfjs-node's layout of a type attribute (its createTensorsTypeOpAttr).
  return { name, type: backend.binding.TF_ATTR_TYPE, value: type };
}

function step(original: tf.KernelFunc): tf.KernelFunc {
  let broken = false;
  return (args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (broken || x.dtype !== 'float32') return original(args);
    const backend = args.backend as NodeBackendLike;
    const alpha = (args.attrs as { alpha?: number }).alpha ?? 0;
    try {
      return tf.tidy(() => {
        const xt = x as tf.Tensor;
        const t = dtypeAttr(backend, 'T', 'float32');
        const nan = backend.executeSingleOutput('IsNan', [t], [xt]);
        const positive = backend.executeSingleOutput('Greater', [t], [xt, tf.scalar(0)]);
        const noNan = backend.executeSingleOutput('SelectV2', [t], [positive, tf.scalar(1), tf.scalar(alpha)]);
        return backend.executeSingleOutput('SelectV2', [t], [nan, xt, noNan]);
      });
    } catch {
      broken = true;
      return original(args);
    }
  };
}

const REPLACEMENTS: ReadonlyArray<[string, (original: tf.KernelFunc) => tf.KernelFunc]> = [
  ['Reshape', reshape],
  ['Cast', cast],
  ['Step', step],
];

let registered = false;

/**
 * Replaces tfjs-node's Reshape, Cast and Step kernels by ones that skip no-op reshapes and casts
 * and build Step from four TensorFlow ops: about a third fewer ops in a backward pass through
 * an MLP, and half of what tfjs-node's Step allocates. Idempotent; call it once the tensorflow
 * backend is registered. Needed to train with attribution priors (Erion et al., Nature Machine
 * Intelligence 2021) near PyTorch's speed.
 */
export function registerNativeKernels(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, replace] of REPLACEMENTS) {
    const existing = tf.getKernel(kernelName, 'tensorflow');
    if (existing === undefined) continue;
    tf.unregisterKernel(kernelName, 'tensorflow');
    tf.registerKernel({
      kernelName,
      backendName: 'tensorflow',
      kernelFunc: replace(existing.kernelFunc),
      setupFunc: existing.setupFunc,
      disposeFunc: existing.disposeFunc,
    });
  }
}
