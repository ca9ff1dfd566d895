/**
 * pathlab's explanation library: path attributions, interactions and attribution priors on
 * TensorFlow.js. Each area adds its public names below, one by one.
 */
export { ready, backendInfo, isBackendName, BACKENDS, NATIVE_HINT } from './engine';
export type { BackendInfo, BackendName } from './engine';
export {
  setProgressHandler,
  requestCancel,
  clearCancel,
  isCancelRequested,
  CancelledError,
  Checkpoint,
} from './progress';
export type { ProgressEvent, ProgressCallback, ProgressReporter, ProgressHandler, ProgressOptions } from './progress';
export type { ModelFunction, ModelLike, OutputSelection, OutputWeights, NestedArray, InputLike } from './types';

// --- attribution ---

// --- interaction ---

// --- priors ---
