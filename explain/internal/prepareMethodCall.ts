/**
 * The prelude every attribution, interaction, layer and neuron method runs before its own work:
 * the backend made ready, the model turned into something callable, the inputs and the baseline
 * coerced and checked, the feature shape read and the batch size resolved — in that order, so
 * the first bad argument is the one named — with one `dispose()` for what it created.
 */
import type * as tf from '@tensorflow/tfjs';
import { ready } from '../engine';
import type { InputLike, ModelFunction, ModelLike } from '../types';
import { defaultBatchSize } from './batching';
import { toBatchRunner, type AnyModel, type BatchRunner } from './blackBox';
import { errors } from './errors';
import { toModelFunction } from './model';
import type { BaselineForm } from './samplers';
import { checkPositiveInteger, prepareBaseline, prepareInputs, warnOnce } from './validate';

/**
 * How baseline rows relate to the inputs: `fixed` (one shared row or one per input: IG, the
 * gradient methods, occlusion), `distribution` (a set drawn from: EG, EH), `background` (any
 * number of rows, averaged over: the perturbation methods) or `none` (the method has none).
 */
export type BaselineUse = 'fixed' | 'distribution' | 'background' | 'none';

/** What a method's prelude needs to know about it. */
export interface MethodCallSpec<M extends 'function' | 'runner' = 'function' | 'runner'> {
  /** `function`: a differentiable {@link ModelFunction}; `runner`: a {@link BatchRunner} (black boxes too). */
  model: M;
  baseline: BaselineUse;
  /** Checks on the inputs that must come before the baseline's (their errors are named first). */
  checkInputs?: (x: tf.Tensor) => void;
  /** Feature count the default batch size is sized for (e.g. a layer's width too); default: the input's. */
  batchFeatures?: (featureShape: number[], d: number) => number;
  /** Warn when a `distribution` baseline has a single row. Default: true. */
  warnSingleReference?: boolean;
}

/** Everything checked and created by {@link prepareMethodCall}. */
export interface MethodCall<M extends 'function' | 'runner' = 'function' | 'runner'> {
  fn: string;
  /** When the method was entered (`Date.now()`, before any check): where its progress clock starts. */
  startedAt: number;
  model: M extends 'function' ? ModelFunction : BatchRunner;
  /** The inputs [N, ...featureShape] (float32, finite). */
  x: tf.Tensor;
  n: number;
  featureShape: number[];
  /** Features per input. */
  d: number;
  /** Baseline rows [M, ...featureShape], or null when the method has none. */
  baseline: tf.Tensor | null;
  /** Number of baseline rows (0 without a baseline). */
  m: number;
  /** How the rows map to inputs; null without a baseline or for a background set. */
  form: BaselineForm | null;
  /** The checked `batchSize` option, or the default for `d` features. */
  batchSize: number;
  /** The caller's `batchSize`, checked, or undefined (for methods whose default is not per input). */
  userBatchSize: number | undefined;
  /** Disposes what the prelude created (never the caller's tensors). */
  dispose(): void;
}

/** The options the prelude reads. */
export interface MethodCallOptions {
  baseline?: InputLike | number;
  batchSize?: number;
}

/**
 * A LayersModel with one input of known shape names a mismatched feature shape as the inputs'
 * fault (left to the model, the first mismatch found is often the baseline's, or tfjs's own
 * message names a layer).
 */
function checkModelInputShape(model: unknown, x: tf.Tensor, fn: string): void {
  const ins = (model as { inputs?: unknown } | null)?.inputs;
  if (typeof model !== 'object' || model === null || !('layers' in model) || !Array.isArray(ins) || ins.length !== 1) return;
  const shape = (ins[0] as { shape?: unknown }).shape;
  if (!Array.isArray(shape)) return;
  const expected = shape.slice(1) as (number | null)[];
  const got = x.shape.slice(1);
  if (expected.length === got.length && expected.every((e, a) => e === null || e === got[a])) return;
  throw new Error(errors.modelInputShape(fn, expected, got));
}

/**
 * Runs the shared prelude of method `fn`: `ready()`, the model (named error for a wrong kind),
 * `inputs` (named `inputs`), the spec's input checks, the baseline (named `baseline`, its rows
 * checked against the inputs per `spec.baseline`) and `batchSize`. Nothing is left allocated
 * when it throws.
 */
export async function prepareMethodCall<M extends 'function' | 'runner'>(
  fn: string,
  model: M extends 'function' ? ModelLike : AnyModel,
  inputs: InputLike,
  options: MethodCallOptions,
  spec: MethodCallSpec<M>,
): Promise<MethodCall<M>> {
  const startedAt = Date.now();
  await ready();
  const callable = (
    spec.model === 'function' ? toModelFunction(model as ModelLike, fn) : toBatchRunner(model, fn)
  ) as MethodCall<M>['model'];
  const x = prepareInputs(inputs, 'inputs', fn);
  let b: { tensor: tf.Tensor; dispose(): void } | null = null;
  try {
    checkModelInputShape(model, x.tensor, fn);
    spec.checkInputs?.(x.tensor);
    const n = x.tensor.shape[0];
    const featureShape = x.tensor.shape.slice(1);
    const d = featureShape.reduce((p, q) => p * q, 1);
    let form: BaselineForm | null = null;
    let m = 0;
    if (spec.baseline !== 'none') {
      b = prepareBaseline(options.baseline, featureShape, 'baseline', fn);
      m = b.tensor.shape[0];
      if (spec.baseline === 'distribution') {
        form = { kind: 'distribution', rows: m };
        if (m === 1 && spec.warnSingleReference !== false) {
          warnOnce(
            `${fn} was given a single reference row, so it only averages over α; pass a background set as 'baseline' (or use integratedGradients).`,
          );
        }
      } else if (spec.baseline === 'fixed') {
        if (m === 1) form = { kind: 'shared' };
        else if (m === n) form = { kind: 'perInput' };
        else throw new Error(errors.baselineRows('baseline', fn, n, m));
      }
    }
    const userBatchSize = options.batchSize === undefined ? undefined : checkPositiveInteger(options.batchSize, 'batchSize', fn);
    const batchSize = userBatchSize ?? defaultBatchSize(spec.batchFeatures ? spec.batchFeatures(featureShape, d) : d);
    const bb = b;
    return {
      fn,
      startedAt,
      model: callable,
      x: x.tensor,
      n,
      featureShape,
      d,
      baseline: bb ? bb.tensor : null,
      m,
      form,
      batchSize,
      userBatchSize,
      dispose: () => {
        bb?.dispose();
        x.dispose();
      },
    };
  } catch (e) {
    b?.dispose();
    x.dispose();
    throw e;
  }
}
