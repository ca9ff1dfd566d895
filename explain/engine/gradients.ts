/** Gradients tfjs lacks (second-order through pooling). Filled in by the engine work. */
export function registerMissingGradients(): void {}
