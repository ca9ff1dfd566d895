/** Kernels the wasm backend lacks to train conv nets. Filled in by the engine work. */
export function registerWasmTrainingKernels(): void {}
