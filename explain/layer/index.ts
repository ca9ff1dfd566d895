/** Attributions to the units of a named layer of a tf.LayersModel; explain/index.ts re-exports these. */
export { layerActivation } from './layerActivation';
export type { LayerActivationOptions } from './layerActivation';
export { layerGradientXActivation } from './layerGradientXActivation';
export type { LayerGradientXActivationOptions } from './layerGradientXActivation';
export { layerIntegratedGradients } from './layerIntegratedGradients';
export type { LayerIntegratedGradientsOptions } from './layerIntegratedGradients';
export { layerConductance } from './layerConductance';
export type { LayerConductanceOptions } from './layerConductance';
export { internalInfluence } from './internalInfluence';
export type { InternalInfluenceOptions } from './internalInfluence';
export type { LayerRef } from '../internal/layers';
