/**
 * Every error message pathlab's library throws, as functions, so that tests can match them
 * exactly. Form: `Argument 'x' passed to 'fn' must ..., but got ...`.
 * Each area of explain/ keeps its messages in its own section below.
 */

import { describe } from '../../core';

// describe() is core's; it is re-exported so that message code in explain/ keeps one import.
export { describe };

export const errors = {
  // --- engine -------------------------------------------------------------------------------
  unknownBackend: (got: string, valid: string[]) =>
    `PATHLAB_BACKEND must be one of ${valid.map((v) => `'${v}'`).join(', ')}, but got '${got}'.`,
  backendUnavailable: (name: string, reason: string, hint: string) =>
    `PATHLAB_BACKEND='${name}' was requested but that backend cannot be loaded: ${reason}.` +
    (hint ? ` To get it, ${hint}.` : ''),

  optionsNotObject: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be an object of options, but got ${describe(got)}.`,
  unknownOption: (arg: string, fn: string, key: string, suggestion: string | null, valid: readonly string[]) =>
    `Argument '${arg}' passed to '${fn}' has an unknown key '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; valid keys: ${valid.join(', ')}.`,

  // --- attribution (add below) --------------------------------------------------------------
  deprecatedOption: (fn: string, old: string, current: string) =>
    `'${fn}': option '${old}' is deprecated; use '${current}' (same meaning).`,
  aliasConflict: (fn: string, old: string, current: string) =>
    `Argument 'options' passed to '${fn}' gives both '${current}' and its deprecated name '${old}'; pass only '${current}'.`,
  featureCount: (arg: string, fn: string, expected: number, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have ${expected} features, but got ${got}.`,
  featureShape: (arg: string, fn: string, expected: readonly number[], got: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must have feature shape [${expected.join(', ')}], but got [${got.join(', ')}].`,
  baselineRows: (arg: string, fn: string, inputs: number, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have 1 row or ${inputs} rows (one per input), but got ${got}.`,
  positiveInteger: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be an integer >= 1, but got ${describe(got)}.`,
  positiveNumber: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a finite number > 0, but got ${describe(got)}.`,
  oneOf: (arg: string, fn: string, valid: readonly string[], got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be one of ${valid.map((v) => `'${v}'`).join(', ')}, but got ${describe(got)}.`,
  outputIndexRange: (fn: string, numOutputs: number, got: number) =>
    `Argument 'output' passed to '${fn}' must be an integer output index in [0, ${numOutputs - 1}], but got ${got}.`,
  outputForSingleOutput: (fn: string, got: unknown) =>
    `Argument 'output' passed to '${fn}' must be omitted for a single-output model, but got ${describe(got)}.`,
  outputPerRowLength: (fn: string, rows: number, got: number) =>
    `Argument 'output' passed to '${fn}' must have one output index per input row (${rows}), but got ${got}.`,
  outputKind: (fn: string, numOutputs: number, rows: number, got: unknown) =>
    `Argument 'output' passed to '${fn}' must be an output index in [0, ${numOutputs - 1}], one index per input row (${rows}) or { weights } with ${numOutputs} numbers, but got ${describe(got)}.`,
  outputWeightsFinite: (fn: string, index: number, got: unknown) =>
    `Argument 'output' passed to '${fn}' must have finite weights, but weight ${index} is ${describe(got)}.`,
  outputTensor: (fn: string, dtype: string, shape: readonly number[]) =>
    `Argument 'output' passed to '${fn}' must be a scalar or 1-D tensor of output indices (int32 or integral float32), but got a ${dtype} tensor of shape [${shape.join(', ')}].`,
  disposedTensor: (arg: string, fn: string, shape: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must be a live tensor, but got a disposed tensor of shape [${shape.join(', ')}].`,
  modelInputShape: (fn: string, expected: readonly (number | null)[], got: readonly number[]) =>
    `Argument 'inputs' passed to '${fn}' must have feature shape [${expected.map((e) => e ?? '?').join(', ')}] (the model's input shape), but got [${got.join(', ')}].`,
  modelReturn: (fn: string, got: unknown) =>
    `Argument 'model' passed to '${fn}' must return one tensor [N] or [N, K] for a batch, but it returned ${describe(got)}.`,
  finiteNumber: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a finite number, but got ${describe(got)}.`,
  modelNonFinite: (fn: string, row: number, value: number) =>
    `'${fn}': the model's output for input row ${row} is ${value}, so its explanation is undefined; check the model and row ${row} of the inputs.`,
  resultNonFinite: (fn: string, what: string, row: number, value: number) =>
    `'${fn}' produced ${value} in the ${what} of input row ${row}: the model or its gradient is NaN or ±Infinity between the baseline and that input.`,
  outputWeightsLength: (fn: string, numOutputs: number, got: number) =>
    `Argument 'output' passed to '${fn}' must have ${numOutputs} weights (one per output), but got ${got}.`,
  modelOutputShape: (fn: string, got: readonly number[]) =>
    `Argument 'model' passed to '${fn}' must return an output of shape [N] or [N, K], but got [${got.join(', ')}].`,
  modelOutputRows: (fn: string, rows: number, got: number) =>
    `Argument 'model' passed to '${fn}' must return one output row per input row (${rows}), but got ${got}.`,
  modelNotDependent: (fn: string) =>
    `Argument 'model' passed to '${fn}' must have an output that depends on its input, but got a model whose output does not (no gradient path from input to output).`,
  modelKind: (fn: string, got: unknown) =>
    `Argument 'model' passed to '${fn}' must be a tf.LayersModel, a tf.GraphModel or a function of a tensor, but got ${describe(got)}.`,
  nonFinite: (arg: string, fn: string, value: number, position: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must contain only finite numbers, but got ${value} at position [${position.join(', ')}].`,
  notFloat: (arg: string, fn: string, dtype: string) =>
    `Argument '${arg}' passed to '${fn}' must be a float32 tensor, but got a ${dtype} tensor.`,
  emptyBatch: (arg: string, fn: string, shape: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must hold at least one row, but got shape [${shape.join(', ')}].`,
  notBatch: (arg: string, fn: string, shape: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must have a batch axis and at least one feature axis, but got shape [${shape.join(', ')}].`,
  ragged: (arg: string, fn: string, detail: string) =>
    `Argument '${arg}' passed to '${fn}' must be a tensor or rectangular nested arrays of numbers, but got ${detail}.`,
  windowShape: (arg: string, fn: string, featureShape: readonly number[], got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a positive integer or one positive integer per feature axis of [${featureShape.join(', ')}] no larger than that axis, but got ${Array.isArray(got) ? `[${got.join(', ')}]` : describe(got)}.`,
  samplingDims: (fn: string, rank: number, got: unknown) =>
    `Argument 'samplingDims' passed to '${fn}' must be distinct feature axes in [1, ${rank}], but got ${Array.isArray(got) ? `[${got.join(', ')}]` : describe(got)}.`,
  embeddingRank: (fn: string, shape: readonly number[]) =>
    `Argument 'inputs' passed to '${fn}' must be embedded sequences of shape [N, T, E], but got shape [${shape.join(', ')}].`,

  memoryEstimate: (fn: string, arg: string, value: number, neededMB: number, budgetMB: number, fits: number) =>
    `Argument '${arg}' passed to '${fn}' would need ≈ ${Math.ceil(neededMB)} MB with ${arg} = ${value}, more than memoryBudgetMB = ${budgetMB}; ` +
    (fits >= 1
      ? `use ${arg} <= ${fits}, a smaller batchSize, fewer inputs per call, or a larger memoryBudgetMB.`
      : `use a smaller batchSize, fewer inputs per call, or a larger memoryBudgetMB.`),
  // --- any model: black boxes, perturbation methods, layers and neurons ----------------------
  blackBoxGradient: (fn: string) =>
    `Argument 'model' passed to '${fn}' must be a tfjs model or a differentiable function of a tensor, but got a black box (no gradients); black boxes work with kernelShap, lime, exactShapley, shapleyInteractions, featureAblation, featurePermutation, occlusion and shapleySampling.`,
  blackBoxNotRows: (fn: string, rows: number, got: unknown) =>
    `Argument 'model' passed to '${fn}' must be a black box resolving to an array of ${rows} rows (arrays of numbers), but got ${describe(got)}.`,
  blackBoxRowLength: (fn: string, expected: number, row: number, got: unknown) =>
    `Argument 'model' passed to '${fn}' must be a black box returning rows of ${expected} numbers (one per output), but row ${row} is ${describe(got)}.`,
  blackBoxNonFinite: (fn: string, value: unknown, row: number, output: number) =>
    `Argument 'model' passed to '${fn}' must be a black box returning finite numbers, but got ${String(value)} at row ${row}, output ${output}.`,
  blackBoxNotPromise: (fn: string) =>
    `Argument 'model' passed to '${fn}' must return a tensor (a tfjs model or function of a tensor) or be wrapped with blackBox(...) when it is an async function of rows, but it returned a Promise.`,
  featureMask: (fn: string, d: number, detail: string) =>
    `Argument 'featureMask' passed to '${fn}' must give one non-negative integer group id per feature (${d}), but got ${detail}.`,
  tooManyPlayers: (fn: string, limit: number, got: number) =>
    `Argument 'inputs' passed to '${fn}' must have at most maxFeatures = ${limit} features or feature groups for exact enumeration of all 2^d coalitions, but got ${got}; group features with 'featureMask', raise 'maxFeatures' (each one more doubles the cost) or use kernelShap.`,
  tooFewRows: (fn: string, need: number, got: number) =>
    `Argument 'inputs' passed to '${fn}' must have at least ${need} rows (features are permuted across the rows of the batch), but got ${got}.`,
  nonNegative: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a finite number >= 0, but got ${describe(got)}.`,
  wholeNumber: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a whole number >= 0, but got ${describe(got)}.`,
  notMethod: (fn: string, got: unknown) =>
    `Argument 'method' passed to '${fn}' must be an attribution method (model, inputs, options) => Promise<AttributionResult>, but got ${describe(got)}.`,
  layersModelRequired: (fn: string, got: unknown) =>
    `Argument 'model' passed to '${fn}' must be a tf.LayersModel (a layer is named by its name or index), but got ${typeof got === 'function' ? 'a function' : describe(got)}.`,
  unknownLayer: (fn: string, got: string, names: readonly string[]) =>
    `Argument 'layer' passed to '${fn}' must name a layer of the model (${names
      .slice(0, 12)
      .map((n) => `'${n}'`)
      .join(', ')}${names.length > 12 ? ', …' : ''}), but got '${got}'.`,
  layerIndexRange: (fn: string, count: number, got: unknown) =>
    `Argument 'layer' passed to '${fn}' must be a layer name or an integer index in [0, ${count - 1}], but got ${describe(got)}.`,
  layerOutputRank: (fn: string, layer: string, expected: string, got: readonly number[]) =>
    `Argument 'layer' passed to '${fn}' must be a layer whose output is ${expected}, but layer '${layer}' gives shape [${got.join(', ')}].`,
  imageInputs: (fn: string, got: readonly number[]) =>
    `Argument 'inputs' passed to '${fn}' must be images [N, height, width, channels] to upsample the map onto, but got shape [${got.join(', ')}]; pass upsample: 'none' for the map at the layer's resolution.`,
  neuronIndex: (fn: string, layerShape: readonly number[], got: unknown) =>
    `Argument 'neuron' passed to '${fn}' must be a flat index in [0, ${layerShape.reduce((a, b) => a * b, 1) - 1}] or one index per axis of the layer's output shape [${layerShape.join(', ')}], but got ${Array.isArray(got) ? `[${got.join(', ')}]` : describe(got)}.`,

  // --- interaction (add below) --------------------------------------------------------------
  interactionIndexRange: (fn: string, featureShape: readonly number[], got: unknown) =>
    `Argument 'interactionIndex' passed to '${fn}' must be a flat index in [0, ${featureShape.reduce((a, b) => a * b, 1) - 1}] ` +
    `or one index per axis of feature shape [${featureShape.join(', ')}], but got ${Array.isArray(got) ? `[${got.join(', ')}]` : describe(got)}.`,
  interactionMemory: (fn: string, detail: string, neededMB: number, budgetMB: number) =>
    `Argument 'inputs' passed to '${fn}' asks for ${detail} (≈ ${Math.ceil(neededMB)} MB), more than memoryBudgetMB = ${budgetMB}; ` +
    `pass 'interactionIndex' to get one row of the matrix, or explain a smaller batch of inputs at a time.`,
  hessianOutputNeeded: (fn: string, numOutputs: number) =>
    `Argument 'output' passed to '${fn}' must be an output index in [0, ${numOutputs - 1}] for a model with ${numOutputs} outputs, but got undefined.`,
  denseModel: (fn: string, got: string) =>
    `Argument 'model' passed to '${fn}' must be a tf.Sequential of dense layers (optionally with Activation, ReLU, Dropout and Flatten layers), but got ${got}.`,

  // --- priors (add below) -------------------------------------------------------------------
  priorsNotReady: (fn: string) =>
    `'${fn}' needs the tfjs backend chosen first: await ready() (from pathlab's explain) once before calling it.`,
  priorsNotTensor: (fn: string, arg: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a tensor [N, ...featureShape], but got ${describe(got)}.`,
  priorsOutputKind: (fn: string, got: unknown) =>
    `Argument 'output' passed to '${fn}' must be an output index or a tensor of labels [N] or [N, C], but got ${describe(got)}.`,
  priorsShape: (fn: string, arg: string, expected: string, got: readonly (number | string)[]) =>
    `Argument '${arg}' passed to '${fn}' must have shape ${expected}, but got shape [${got.join(', ')}].`,
  priorsNotImage: (fn: string, got: readonly (number | string)[]) =>
    `Argument 'attributions' passed to '${fn}' must be images of shape [N, height, width, channels], ` +
    `but got shape [${got.join(', ')}].`,
  priorsGraphSize: (fn: string, nodes: number, features: number) =>
    `Argument 'adjacency' passed to '${fn}' must have one node per feature (${features}), but got ${nodes} nodes.`,
  priorsAdjacencyNotSquare: (rows: number, cols: string) =>
    `Argument 'adjacency' passed to 'graphPrior' must be a square matrix, but got ${rows} rows of lengths ${cols}.`,
  priorsEdge: (index: number, edge: string, n: number) =>
    `Argument 'adjacency' passed to 'graphPrior' must have edges between nodes 0..${n - 1} with finite non-negative weights, but edge ${index} is ${edge}.`,
  priorsAdjacencyValue: (i: number, j: number, got: number) =>
    `Argument 'adjacency' passed to 'graphPrior' must have finite non-negative entries, but entry [${i}][${j}] is ${got}.`,
  priorsRows: (fn: string, arg: string, expected: number, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have ${expected} rows (one per input), but got ${got}.`,
  priorsFeatures: (fn: string, arg: string, expected: readonly number[], got: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must have rows of shape [${expected.join(', ')}] like the inputs, ` +
    `but got [${got.join(', ')}].`,
  priorsOutputNeeded: (fn: string, outputs: number) =>
    `Argument 'output' passed to '${fn}' must be given for a model with ${outputs} outputs (an output index or a tensor of labels), but got undefined.`,
  priorsOutputIndex: (fn: string, outputs: number, got: unknown) =>
    `Argument 'outputIndex' passed to '${fn}' must be an integer in 0..${outputs - 1}, but got ${describe(got)}.`,
  priorsTooFewRows: (fn: string, source: string, need: number, got: number) =>
    `Argument 'inputs' passed to '${fn}' must have at least ${need} rows for references '${source}', but got ${got}.`,
  priorsBackground: (fn: string, got: number) =>
    `Argument 'references' passed to '${fn}' must be a background set with at least one row, but got ${got} rows.`,
  priorsLoss: (fn: string, loss: string, why: string) => `Argument 'loss' passed to '${fn}' cannot be '${loss}' here: ${why}.`,
  priorsMetric: (fn: string, metric: string, why: string) =>
    `Argument 'metrics' passed to '${fn}' cannot include '${metric}': ${why}.`,
  priorsModel: (fn: string, got: string) =>
    `Argument 'model' passed to '${fn}' must be a tf.LayersModel with one input and one output, but got ${got}.`,
  // --- evaluation (add below) ---------------------------------------------------------------
  evalMetricForMethod: (fn: string, metric: string, method: string, why: string) =>
    `Argument 'metrics' passed to '${fn}' includes '${metric}', which is not defined for method '${method}': ${why}.`,
  evalFraction: (arg: string, fn: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a fraction in [0, 1] (k as a share of the features), but got ${Array.isArray(got) ? `[${got.join(', ')}]` : describe(got)}.`,
  evalAttributionShape: (fn: string, expected: readonly number[], got: readonly number[]) =>
    `Argument 'attributions' passed to '${fn}' must have shape [${expected.join(', ')}] like the inputs, but got [${got.join(', ')}].`,
  evalOneOutput: (fn: string, outputs: number) =>
    `Argument 'output' passed to '${fn}' must select one output of the ${outputs}-output model (a metric scores one explained scalar per row), but got undefined.`,
  evalPerturbation: (fn: string, expected: readonly number[], got: unknown) =>
    `Argument 'perturbation' passed to '${fn}' must return perturbed inputs of shape [${expected.join(', ')}], but got ${describe(got)}.`,
  evalLayersModel: (fn: string, got: unknown) =>
    `Argument 'model' passed to '${fn}' must be a tf.LayersModel with trainable weights, but got ${describe(got)}.`,
  evalMethodsEmpty: (fn: string) =>
    `Argument 'methods' passed to '${fn}' must name at least one attribution method, but got none.`,
  evalRanking: (fn: string, name: string, split: string, expected: readonly number[], got: readonly number[]) =>
    `Argument 'rankings' passed to '${fn}' must give method '${name}' ${split} attributions of shape [${expected.join(', ')}], but got [${got.join(', ')}].`,
  evalLabels: (fn: string, arg: string, expected: number, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have ${expected} labels (one per row), but got ${got}.`,
  positiveIntegerAtMost: (arg: string, fn: string, max: number, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be an integer in [1, ${max}], but got ${describe(got)}.`,
  evalFunction: (arg: string, fn: string, expected: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a function ${expected}, but got ${describe(got)}.`,
  evalAttributionResult: (fn: string, got: unknown) =>
    `Argument 'result' passed to '${fn}' must be the result of an attribution method, but got ${describe(got)}.`,
  evalNoStandardError: (fn: string, method: string) =>
    `Argument 'result' passed to '${fn}' must come from a sampling method that reports standard errors (expectedGradients), but got a '${method}' result.`,
  evalNotImage: (fn: string, arg: string, got: readonly number[]) =>
    `Argument '${arg}' passed to '${fn}' must be images of feature shape [height, width] or [height, width, channels], but got feature shape [${got.join(', ')}].`,
  priorsBoolean: (fn: string, arg: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be true or false, but got ${describe(got)}.`,
  priorsFunction: (fn: string, arg: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a function, but got ${describe(got)}.`,
  priorsNeedsValidation: (fn: string, arg: string) =>
    `Argument '${arg}' passed to '${fn}' needs 'validationData' to compare epochs on, but got no validationData.`,
  priorsUnreportedMetric: (fn: string, arg: string, metric: string, reported: readonly string[]) =>
    `Argument '${arg}' passed to '${fn}' must name a metric that is reported (${reported.map((m) => `'${m}'`).join(', ')}), but got '${metric}'.`,
  priorsDecayRate: (fn: string, got: unknown) =>
    `Argument 'learningRateDecay.rate' passed to '${fn}' must be a number in (0, 1], but got ${describe(got)}.`,
  priorsLambdaAboveOne: (fn: string, got: number) =>
    `Argument 'lambda' passed to '${fn}' must be at most 1 with taskWeight 'oneMinusLambda' (the task loss is weighted 1 − λ), but got ${got}.`,
  priorsPriorBatchJoint: (fn: string) =>
    `Argument 'priorBatch' passed to '${fn}' can be 'next' only with schedule 'alternating', but got schedule 'joint'.`,
  priorsAugmentResult: (fn: string, expected: readonly number[], got: unknown) =>
    `Argument 'augment' passed to '${fn}' must return a tensor of the batch's shape [${expected.join(', ')}], but returned ${describe(got)}.`,
  priorsAugmentShift: (fn: string, got: unknown) =>
    `Argument 'maxShift' passed to '${fn}' must be a non-negative integer, but got ${describe(got)}.`,
  priorsData: (fn: string, got: unknown) =>
    `Argument 'data' passed to '${fn}' must be an object { x, y } of inputs and labels, but got ${describe(got)}.`,
  priorsInputsTensor: (fn: string, arg: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a tensor [N, ...featureShape], but got ${describe(got)}.`,
  metricLength: (fn: string, arg: string, expected: number, what: string, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have ${expected} entries (one per ${what}), but got ${got}.`,
  metricNotFinite: (fn: string, arg: string, got: number, index: number) =>
    `Argument '${arg}' passed to '${fn}' must contain only finite numbers, but got ${got} at index ${index}.`,
  metricOneClass: (fn: string, only: number) =>
    `Argument 'labels' passed to '${fn}' must contain both classes (0 and 1) for a ROC curve, but every label is ${only}.`,
  metricBinaryLabel: (fn: string, got: number, index: number) =>
    `Argument 'labels' passed to '${fn}' must contain only 0 and 1, but got ${got} at index ${index}.`,
  giniNegative: (fn: string, got: number, index: number) =>
    `Argument 'values' passed to '${fn}' must contain only finite numbers >= 0 (magnitudes), but got ${got} at index ${index}.`,
  priorsTransformCount: (fn: string, arg: string, rows: number, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have one entry per image (${rows}), but got ${got}.`,
  // --- statistics of repeated runs and the λ search (add below) ----------------------------
  statsNotArray: (fn: string, arg: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be an array of numbers, but got ${describe(got)}.`,
  statsTooFew: (fn: string, arg: string, minimum: number, got: number) =>
    `Argument '${arg}' passed to '${fn}' must have at least ${minimum} values, but got ${got}.`,
  statsNonFinite: (fn: string, arg: string, index: number, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must contain only finite numbers, but got ${describe(got)} at index ${index}.`,
  statsPairs: (fn: string, a: number, b: number) =>
    `Argument 'b' passed to '${fn}' must have one value per value of 'a' (${a}, one per split), but got ${b}.`,
  statsPositive: (fn: string, arg: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a finite number > 0, but got ${describe(got)}.`,
  statsUnitInterval: (fn: string, arg: string, got: unknown) =>
    `Argument '${arg}' passed to '${fn}' must be a number in [0, 1], but got ${describe(got)}.`,
  lambdaTrain: (fn: string, got: unknown) =>
    `Argument 'trainAndScore' passed to '${fn}' must be an async function of a trial returning { validation, test }, but got ${describe(got)}.`,
  lambdaOptions: (fn: string, got: unknown) =>
    `Argument 'options' passed to '${fn}' must be an object with 'lambdas' and 'splits', but got ${describe(got)}.`,
  lambdaGrid: (fn: string, got: unknown) =>
    `Argument 'lambdas' passed to '${fn}' must be a non-empty array of penalty weights, but got ${describe(got)}.`,
  lambdaValue: (fn: string, index: number, got: unknown) =>
    `Argument 'lambdas' passed to '${fn}' must contain finite numbers >= 0, but got ${describe(got)} at index ${index}.`,
  lambdaDuplicate: (fn: string, index: number, got: number) =>
    `Argument 'lambdas' passed to '${fn}' must not repeat a value, but got ${got} again at index ${index}.`,
  lambdaSplits: (fn: string, got: unknown) =>
    `Argument 'splits' passed to '${fn}' must be a positive integer or a non-empty array of distinct integers >= 0, but got ${describe(got)}.`,
  lambdaSeed: (fn: string, got: unknown) =>
    `Argument 'seed' passed to '${fn}' must be an integer >= 0, but got ${describe(got)}.`,
  lambdaScore: (fn: string, split: number, lambda: number, got: unknown) =>
    `Argument 'trainAndScore' passed to '${fn}' must resolve to { validation: number, test: number }, but for split ${split} and lambda ${lambda} it gave ${describe(got)}.`,
  lambdaAllNaN: (fn: string, split: number) =>
    `Argument 'trainAndScore' passed to '${fn}' gave a NaN validation metric for every lambda of split ${split}, so none can be chosen.`,
  lambdaGridHigh: (fn: string, low: number, got: unknown) =>
    `Argument 'high' passed to '${fn}' must be a finite number > low (${low}), but got ${describe(got)}.`,
  lambdaCount: (fn: string, got: unknown) =>
    `Argument 'count' passed to '${fn}' must be an integer >= 2, but got ${describe(got)}.`,
  // --- results: feature names, reductions, seeded initialisers ---
  badFeatureNames: (fn: string, width: number, got: unknown) =>
    `Argument 'names' passed to '${fn}' must be an array of ${width} strings (one per feature), but got ${describe(got)}.`,
  topPairsCount: (fn: string, got: unknown) =>
    `Argument 'k' passed to '${fn}' must be an integer >= 1 or Infinity, but got ${describe(got)}.`,
  topPairsRow: (fn: string, rows: number, got: unknown) =>
    `Argument 'row' passed to '${fn}' must be an integer in [0, ${rows - 1}], but got ${describe(got)}.`,
  seededInitSeed: (fn: string, got: unknown) =>
    `Argument 'seed' passed to '${fn}' must be an integer >= 0, but got ${describe(got)}.`,
  seededInitLayer: (fn: string, got: unknown) =>
    `Argument 'layer' passed to '${fn}' must be an integer >= 0, but got ${describe(got)}.`,
};
