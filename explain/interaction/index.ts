/**
 * Interactions: Integrated and Expected Hessians (Janizek, Sturmfels, Lee, JMLR 2021) over one
 * shared path-sampling core, and the softplus helper for ReLU networks.
 */
export { expectedHessians } from './expectedHessians';
export type { ExpectedHessiansOptions } from './expectedHessians';
export { integratedHessians, HESSIAN_RULES, isHessianRule } from './integratedHessians';
export type { IntegratedHessiansOptions, HessianRule } from './integratedHessians';
export { HESSIAN_ENGINES, isHessianEngineChoice } from './runHessianMethod';
export type { HessianMethodOptions, HessianEngineChoice } from './runHessianMethod';
export type { InteractionResult, InteractionDiagnostics, TopPairsOptions, InteractionPairSummary } from './interactionResult';
export { toSoftplus } from './toSoftplus';
export { hessian } from './hessian';
export type { HessianOptions, LocalInteractionResult } from './hessian';
export { hessianXInput } from './hessianXInput';
export { shapleyInteractions } from './shapleyInteractions';
export type { ShapleyInteractionsOptions } from './shapleyInteractions';
