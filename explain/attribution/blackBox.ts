/**
 * Black-box models for the model-agnostic methods (kernelShap, lime, exactShapley,
 * shapleyInteractions, featureAblation, featurePermutation, occlusion, shapleySampling): any
 * async function from rows of flattened features to rows of outputs — a served model, an ONNX
 * session (onnxruntime-node), plain JavaScript — as shap's and captum's forward functions are.
 */
export { blackBox, isBlackBox } from '../internal/blackBox';
export type { AnyModel, BlackBox, BlackBoxFunction } from '../internal/blackBox';
