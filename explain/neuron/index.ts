/** Input attributions of one unit of a hidden layer; explain/index.ts re-exports these. */
export { neuronGradient } from './neuronGradient';
export type { NeuronGradientOptions } from './neuronGradient';
export { neuronIntegratedGradients } from './neuronIntegratedGradients';
export type { NeuronIntegratedGradientsOptions } from './neuronIntegratedGradients';
export { neuronConductance } from './neuronConductance';
export type { NeuronConductanceOptions } from './neuronConductance';
export { neuronDeepLift } from './neuronDeepLift';
export type { NeuronDeepLiftOptions } from './neuronDeepLift';
export type { NeuronIndex } from '../internal/neuron';
