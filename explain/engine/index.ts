export { ready, backendInfo, isBackendName, BACKENDS, NATIVE_HINT } from './backend';
export type { BackendInfo, BackendName } from './backend';
export { adam, FlatAdamOptimizer } from './adam';
export type { AdamOptions } from './adam';
export { compiled, compileEnabled, setCompileEnabled } from './compile';
export type { CompiledFunction } from './compile';
