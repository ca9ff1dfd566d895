/**
 * Second-order gradients through pooling, which tfjs lacks on every backend.
 *
 * The gradient of MaxPool and AvgPool is computed by the `MaxPoolGrad` and `AvgPoolGrad`
 * kernels, and tfjs registers no gradient for those kernels. Expected gradients inside a
 * training loss (Erion et al., "Improving performance of deep learning models with axiomatic
 * attribution priors and expected gradients", Nature Machine Intelligence 2021) differentiates
 * an input gradient with respect to the weights (double backprop), so every conv net with a
 * pooling layer failed there. This file registers both gradients.
 *
 * Both kernels are linear in `dy` and their value does not depend on `input`/`output` in a
 * differentiable way (max pooling routes each window's `dy` to one position; average pooling
 * spreads it with fixed weights). So their gradient with respect to `input` and `output` is
 * zero, and with respect to `dy` it is the adjoint (transpose) of the kernel's linear map.
 *
 * The backends do not agree on what that map is: tfjs's cpu kernel breaks ties between equal
 * maxima at the first position of the window, tfjs-backend-wasm's own kernel at the last (pathlab
 * replaces that one, see wasmKernels.ts), TensorFlow compares with the forward output; tfjs's cpu
 * and wasm AvgPoolGrad divide by the full window size even where 'same' padding cut the window,
 * TensorFlow by the number of real pixels. Instead of
 * hard-coding each convention, the adjoint is read off the backend's own kernel: windows whose
 * output positions are congruent modulo ⌈filter/stride⌉ never overlap, so running the kernel on
 * the indicator of one such class of windows yields, inside each window of the class, exactly
 * that window's column of the linear map. Summing `ddx` weighted by it over each window gives
 * the adjoint, exactly and on every backend: ⌈fh/sh⌉·⌈fw/sw⌉ kernel calls (one for the usual
 * non-overlapping pools).
 */
import * as tf from '@tensorflow/tfjs';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type RoundingMode = 'floor' | 'round' | 'ceil';

/** Where the windows of a 2-D pooling sit in its (padded) input. */
interface WindowGeometry {
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  filterHeight: number;
  filterWidth: number;
  padTop: number;
  padLeft: number;
  inHeight: number;
  inWidth: number;
}

function poolGeometry(
  inShape: readonly number[],
  filterSize: [number, number] | number,
  strides: [number, number] | number,
  pad: Pad,
  roundingMode?: RoundingMode,
): WindowGeometry {
  const info = tf.backend_util.computePool2DInfo(
    inShape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    roundingMode,
  );
  return {
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    filterHeight: info.effectiveFilterHeight,
    filterWidth: info.effectiveFilterWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
  };
}

/**
 * Sum of `z` [N, H, W, C] over every pooling window: result [N, outH, outW, C]. Positions of a
 * window that fall in the padding count as zero.
 */
function windowSums(z: tf.Tensor4D, g: WindowGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, , , c] = z.shape;
    const spanH = (g.outHeight - 1) * g.strideHeight + g.filterHeight;
    const spanW = (g.outWidth - 1) * g.strideWidth + g.filterWidth;
    // Pad only as far as the windows reach, and crop what no window touches.
    const bottom = spanH - g.padTop - g.inHeight;
    const right = spanW - g.padLeft - g.inWidth;
    let zp: tf.Tensor4D = z;
    if (g.padTop > 0 || g.padLeft > 0 || bottom > 0 || right > 0) {
      zp = tf.pad(z, [
        [0, 0],
        [g.padTop, Math.max(0, bottom)],
        [g.padLeft, Math.max(0, right)],
        [0, 0],
      ]);
    }
    if (zp.shape[1] !== spanH || zp.shape[2] !== spanW) {
      zp = tf.slice(zp, [0, 0, 0, 0], [n, spanH, spanW, c]);
    }
    if (g.strideHeight === g.filterHeight && g.strideWidth === g.filterWidth) {
      // Windows tile the input exactly: one reshape and one reduction.
      const blocks = tf.reshape(zp, [n, g.outHeight, g.filterHeight, g.outWidth, g.filterWidth, c]);
      return tf.sum(blocks, [2, 4]) as tf.Tensor4D;
    }
    let acc: tf.Tensor4D | null = null;
    for (let u = 0; u < g.filterHeight; u++) {
      for (let v = 0; v < g.filterWidth; v++) {
        const part = tf.stridedSlice(
          zp,
          [0, u, v, 0],
          [n, u + (g.outHeight - 1) * g.strideHeight + 1, v + (g.outWidth - 1) * g.strideWidth + 1, c],
          [1, g.strideHeight, g.strideWidth, 1],
        ) as tf.Tensor4D;
        acc = acc === null ? part : (tf.add(acc, part) as tf.Tensor4D);
      }
    }
    return acc as tf.Tensor4D;
  });
}

/**
 * The classes of pairwise non-overlapping windows: one indicator [1, outH, outW, 1] per class,
 * or null when all windows are disjoint already (stride ≥ filter).
 */
function windowClasses(g: WindowGeometry): tf.Tensor4D[] | null {
  const kh = Math.ceil(g.filterHeight / g.strideHeight);
  const kw = Math.ceil(g.filterWidth / g.strideWidth);
  if (kh === 1 && kw === 1) return null;
  const masks: tf.Tensor4D[] = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const values = new Float32Array(g.outHeight * g.outWidth);
      for (let i = a; i < g.outHeight; i += kh) {
        for (let j = b; j < g.outWidth; j += kw) values[i * g.outWidth + j] = 1;
      }
      masks.push(tf.tensor4d(values, [1, g.outHeight, g.outWidth, 1]));
    }
  }
  return masks;
}

/**
 * The adjoint of a pooling-backward kernel `route` (linear in its `dy`, each window's column
 * supported inside the window), applied to `ddx`.
 */
function poolGradAdjoint(
  ddx: tf.Tensor4D,
  g: WindowGeometry,
  dyShape: [number, number, number, number],
  route: (dy: tf.Tensor4D) => tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const classes = windowClasses(g);
    if (classes === null) {
      const routing = route(tf.ones(dyShape) as tf.Tensor4D);
      return windowSums(tf.mul(routing, ddx), g);
    }
    let acc: tf.Tensor4D | null = null;
    for (const mask of classes) {
      const routing = route(tf.mul(tf.ones(dyShape), mask) as tf.Tensor4D);
      const part = tf.mul(windowSums(tf.mul(routing, ddx), g), mask) as tf.Tensor4D;
      acc = acc === null ? part : (tf.add(acc, part) as tf.Tensor4D);
    }
    return acc as tf.Tensor4D;
  });
}

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: Pad;
  dimRoundingMode?: RoundingMode;
}

function poolAttrs(attrs: tf.NamedAttrMap): PoolAttrs {
  return attrs as unknown as PoolAttrs;
}

const maxPoolGradGradient: tf.GradConfig = {
  kernelName: 'MaxPoolGrad',
  inputsToSave: ['input', 'output'],
  gradFunc: (ddx, saved, attrs) => {
    const [input, output] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = poolAttrs(attrs);
    return {
      dy: () => {
        const g = poolGeometry(input.shape, a.filterSize, a.strides, a.pad, a.dimRoundingMode);
        // The routing depends on the values (where each maximum sits), so it is read off the
        // backend's kernel at full size, with the same input, output and attributes.
        const route = (dy: tf.Tensor4D): tf.Tensor4D =>
          tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, attrs) as tf.Tensor4D;
        return poolGradAdjoint(ddx as tf.Tensor4D, g, output.shape, route);
      },
      input: () => tf.zerosLike(input),
      output: () => tf.zerosLike(output),
    };
  },
};

interface AvgPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: Pad;
}

/**
 * The weight c(w) [1, outH, outW, 1] with which the backend's AvgPoolGrad kernel spreads window
 * w's gradient over the window's real pixels, and the number of those pixels count(w). The
 * weights depend only on the geometry, so one single-channel image probes them.
 */
function avgPoolWeights(g: WindowGeometry, attrs: AvgPoolGradAttrs): { weight: tf.Tensor4D; count: tf.Tensor4D } {
  return tf.tidy(() => {
    const probe = tf.zeros([1, g.inHeight, g.inWidth, 1]);
    const route = (dy: tf.Tensor4D): tf.Tensor4D =>
      tf.engine().runKernel('AvgPoolGrad', { dy, input: probe }, { ...attrs }) as tf.Tensor4D;
    const count = windowSums(tf.ones([1, g.inHeight, g.inWidth, 1]) as tf.Tensor4D, g);
    // Σ over window w of what the kernel puts on its pixels is c(w)·count(w).
    const mass = poolGradAdjoint(
      tf.ones([1, g.inHeight, g.inWidth, 1]) as tf.Tensor4D,
      g,
      [1, g.outHeight, g.outWidth, 1],
      route,
    );
    // A window entirely in the padding has neither pixels nor weight.
    const weight = tf.div(mass, tf.maximum(count, 1)) as tf.Tensor4D;
    return { weight, count };
  });
}

const avgPoolGradGradient: tf.GradConfig = {
  kernelName: 'AvgPoolGrad',
  inputsToSave: ['input'],
  gradFunc: (ddx, saved, attrs) => {
    const [input] = saved as [tf.Tensor4D];
    const a = attrs as unknown as AvgPoolGradAttrs;
    return {
      // The kernel puts c(w)·dy[w] on each real pixel of w, so its adjoint is c(w)·Σ_w ddx.
      dy: () =>
        tf.tidy(() => {
          const g = poolGeometry(input.shape, a.filterSize, a.strides, a.pad);
          const { weight } = avgPoolWeights(g, a);
          return tf.mul(windowSums(ddx as tf.Tensor4D, g), weight);
        }),
      input: () => tf.zerosLike(input),
    };
  },
};

// tfjs's cpu and wasm AvgPoolGrad kernels divide every window's gradient by the full window size,
// while their AvgPool kernels (like TensorFlow's) average over the real pixels only: with 'same'
// padding the first-order gradient of avgPool is wrong at the borders on those backends. This
// replacement rescales dy by 1 / (c(w)·count(w)) before the kernel, which makes the result
// Σ_w dy[w] / count(w) whatever the kernel's convention (the factor is 1 on TensorFlow).
const avgPoolGradient: tf.GradConfig = {
  kernelName: 'AvgPool',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor4D];
    const { filterSize, strides, pad } = attrs as unknown as AvgPoolGradAttrs;
    const kernelAttrs: AvgPoolGradAttrs = { filterSize, strides, pad };
    return {
      x: () =>
        tf.tidy(() => {
          const g = poolGeometry(x.shape, filterSize, strides, pad);
          const { weight, count } = avgPoolWeights(g, kernelAttrs);
          const mass = tf.mul(weight, count);
          const scale = tf.where(tf.greater(mass, 0), tf.div(1, tf.maximum(mass, 1e-30)), tf.zerosLike(mass));
          const scaled = tf.mul(dy as tf.Tensor, scale);
          return tf.engine().runKernel('AvgPoolGrad', { dy: scaled, input: x }, { ...kernelAttrs }) as tf.Tensor;
        }),
    };
  },
};

// tfjs saves a kernel's outputs for its gradient (outputsToSave) by cloning them inside the
// kernel call, before the kernel's own node is put on the tape. The clone's tape node thus
// precedes the node that produces its input, the tape filter never reaches it, and the saved
// output counts as a constant: the first-order gradient is right, but differentiating it again
// drops every path through the saved output (d/dw Σ(∂ tanh(wx)/∂x)² misses the tanh'' term).
// These replacements save the input instead and recompute the output, so that it is connected.
// Max, Min and MaxPool also save outputs, but only to locate maxima, whose gradient is zero.
const connectedOutputGradients: tf.GradConfig[] = [
  {
    kernelName: 'Tanh',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      return { x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(tf.tanh(x)))) };
    },
  },
  {
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      return {
        x: () => {
          const y = tf.sigmoid(x);
          return tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(1, y)));
        },
      };
    },
  },
  {
    kernelName: 'Exp',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      return { x: () => tf.mul(dy as tf.Tensor, tf.exp(x)) };
    },
  },
  {
    kernelName: 'Elu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      // Elu' is 1 for x > 0 and exp(x) elsewhere: exp(min(x, 0)) in one differentiable expression.
      return { x: () => tf.mul(dy as tf.Tensor, tf.exp(tf.minimum(x, 0))) };
    },
  },
  {
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dy, saved, attrs) => {
      const [logits] = saved;
      const { dim } = attrs as unknown as { dim: number };
      return {
        logits: () => {
          const y = tf.softmax(logits, dim);
          const dyTimesY = tf.mul(dy as tf.Tensor, y);
          return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y));
        },
      };
    },
  },
];

let registered = false;

/**
 * Registers the gradients tfjs lacks or gets wrong at second order, so that a gradient of an
 * input gradient (double backprop, as in attribution priors: Erion et al., Nature Machine
 * Intelligence 2021) is right on every backend:
 * - gradients of the `MaxPoolGrad` and `AvgPoolGrad` kernels (tfjs has none), the exact
 *   adjoints of each backend's kernels;
 * - a gradient of `AvgPool` that averages over the real pixels of each window, as the forward
 *   kernel does (tfjs's cpu and wasm gradients divide by the full window size under 'same'
 *   padding);
 * - gradients of `Tanh`, `Sigmoid`, `Exp`, `Elu` and `Softmax` that recompute the output from the
 *   input instead of reading tfjs's saved copy of it, which the tape does not connect, so that
 *   their second derivatives are not silently dropped.
 *
 * Idempotent.
 */
export function registerMissingGradients(): void {
  if (registered) return;
  registered = true;
  for (const config of [maxPoolGradGradient, avgPoolGradGradient]) {
    if (tf.getGradient(config.kernelName) === undefined) tf.registerGradient(config);
  }
  for (const config of [avgPoolGradient, ...connectedOutputGradients]) tf.registerGradient(config);
}
