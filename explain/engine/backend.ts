/**
 * Which tfjs backend runs pathlab's tensors.
 *
 * Order of preference when nothing is requested: the native TensorFlow backend
 * (@tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node), WebAssembly, plain JavaScript. A
 * backend requested with `PATHLAB_BACKEND` must load, or loading fails with the reason: a silent
 * fallback would make every timing and every test result lie about what ran.
 */
import * as tf from '@tensorflow/tfjs';
import { isQuiet } from '../../core';
import { errors } from '../internal/errors';
import { isKeyOf } from '../internal/keys';
import { registerMissingGradients } from './gradients';
import { registerWasmTrainingKernels } from './wasmKernels';
import { registerNativeKernels } from './nativeKernels';

/** The backends pathlab can run on, by the name `PATHLAB_BACKEND` takes. */
export const BACKENDS = {
  tensorflow: 'native TensorFlow through @tensorflow/tfjs-node (or -gpu)',
  wasm: 'WebAssembly (XNNPACK, SIMD) through @tensorflow/tfjs-backend-wasm',
  cpu: 'plain JavaScript (slowest)',
} as const;

/** A backend name accepted by `PATHLAB_BACKEND`. */
export type BackendName = keyof typeof BACKENDS;

/** Whether `s` names a pathlab backend. */
export function isBackendName(s: string): s is BackendName {
  return isKeyOf(s, BACKENDS);
}

/** What runs the tensors, as `pathlab info` prints it. */
export interface BackendInfo {
  /** The backend in use. */
  backend: BackendName;
  /** Whether it was requested with PATHLAB_BACKEND (false: chosen automatically). */
  requested: boolean;
  /** Version of @tensorflow/tfjs-core. */
  tfjsVersion: string;
  /** Native only: the npm package that provides the backend. */
  nativePackage?: string;
  /** Native only: the TensorFlow C library's version. */
  tensorflowVersion?: string;
  /** Native only: where the ops run. */
  device?: 'CPU' | 'GPU';
  /** wasm only: whether SIMD instructions are used. */
  wasmSimd?: boolean;
  /** wasm only: whether several threads are used. */
  wasmThreads?: boolean;
  /** Why the backends preferred over this one did not load (automatic choice only). */
  fallbackReasons: string[];
}

/** How to get the native backend, for messages. */
export const NATIVE_HINT =
  'run `npx pathlab setup-native` (builds it against a local TensorFlow, e.g. `pip install tensorflow-cpu`) ' +
  'or `npm rebuild @tensorflow/tfjs-node --ignore-scripts=false` where the network allows its download';

let readyPromise: Promise<BackendInfo> | null = null;
let current: BackendInfo | null = null;
let warnedFallback = false;

/** The native packages in the order they are tried. */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

interface NativeBinding {
  TF_Version?: string;
}
interface NativeBackend {
  binding?: NativeBinding;
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

function loadNative(): { pkg: string } {
  const failures: string[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    try {
      require.resolve(pkg);
    } catch {
      failures.push(`${pkg} is not installed`);
      continue;
    }
    try {
      // TensorFlow's C++ logging (CPU feature notices) would clutter every notebook and log.
      process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional native package, loaded only if present
      require(pkg);
      return { pkg };
    } catch (e) {
      failures.push(`${pkg} did not load: ${firstLine(e)}`);
    }
  }
  throw new Error(failures.join('; '));
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0];
}

async function activate(name: BackendName): Promise<Partial<BackendInfo>> {
  if (name === 'tensorflow') {
    const { pkg } = loadNative();
    if (!(await tf.setBackend('tensorflow'))) {
      throw new Error(`${pkg} loaded but the 'tensorflow' backend did not initialise`);
    }
    const backend = tf.backend() as unknown as NativeBackend;
    return {
      nativePackage: pkg,
      tensorflowVersion: backend.binding?.TF_Version,
      device: backend.isUsingGpuDevice ? 'GPU' : 'CPU',
    };
  }
  if (name === 'wasm') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when wasm is chosen
    require('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) {
      throw new Error("@tensorflow/tfjs-backend-wasm loaded but the 'wasm' backend did not initialise");
    }
    return {
      wasmSimd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
      wasmThreads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
    };
  }
  if (!(await tf.setBackend('cpu'))) {
    throw new Error("the 'cpu' backend did not initialise");
  }
  return {};
}

async function choose(): Promise<BackendInfo> {
  const requestedRaw = process.env.PATHLAB_BACKEND?.trim();
  const base = { tfjsVersion: tf.version_core };
  let info: BackendInfo;
  if (requestedRaw) {
    if (!isBackendName(requestedRaw)) {
      throw new Error(errors.unknownBackend(requestedRaw, Object.keys(BACKENDS)));
    }
    try {
      const extra = await activate(requestedRaw);
      info = { ...base, ...extra, backend: requestedRaw, requested: true, fallbackReasons: [] };
    } catch (e) {
      throw new Error(errors.backendUnavailable(requestedRaw, firstLine(e), requestedRaw === 'tensorflow' ? NATIVE_HINT : ''));
    }
  } else {
    const reasons: string[] = [];
    let chosen: BackendInfo | null = null;
    for (const name of Object.keys(BACKENDS) as BackendName[]) {
      try {
        const extra = await activate(name);
        chosen = { ...base, ...extra, backend: name, requested: false, fallbackReasons: reasons };
        break;
      } catch (e) {
        reasons.push(`${name}: ${firstLine(e)}`);
      }
    }
    if (!chosen) throw new Error(`pathlab: no tfjs backend could be loaded (${reasons.join('; ')})`);
    info = chosen;
    if (info.backend !== 'tensorflow' && !warnedFallback && !isQuiet()) {
      warnedFallback = true;
      process.stderr.write(
        `pathlab: native TensorFlow backend unavailable, using ${info.backend} (several times slower); to get it, ${NATIVE_HINT}.\n`,
      );
    }
  }
  registerMissingGradients();
  if (info.backend === 'wasm') registerWasmTrainingKernels();
  if (info.backend === 'tensorflow') registerNativeKernels();
  current = info;
  return info;
}

/**
 * Selects and initialises the backend (once per process) and registers the gradients and
 * kernels tfjs lacks. Every public explain call awaits this first.
 */
export function ready(): Promise<BackendInfo> {
  if (!readyPromise) {
    readyPromise = choose();
    // A failed choice is not cached, so that fixing the environment and retrying works.
    readyPromise.catch(() => {
      readyPromise = null;
    });
  }
  return readyPromise;
}

/** The backend in use, or null before {@link ready} has resolved. */
export function backendInfo(): BackendInfo | null {
  return current;
}
