/** The dense-stack gradient now lives in internal/dense/; these names stay importable from here. */
export { denseStackFor } from './dense/denseStack';
export { denseFirstLayerGradient, denseForward, outputSeed } from './dense/denseGradient';
