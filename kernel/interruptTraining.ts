/**
 * Makes a kernel interrupt stop tfjs's own training loops. `LayersModel.fit` and `fitDataset`
 * run their batches on promises that never yield to the event loop, so an interrupt is not even
 * received until training ends, and tslab's cut-off leaves the loop running in the background.
 * The kernel wraps both methods: one extra callback yields to the event loop after every batch
 * (so the interrupt arrives), sets `model.stopTraining` once cancellation was requested (tfjs then
 * leaves its batch loop before the next weight update), and the call rejects with
 * {@link CancelledError} instead of resolving with a partial history.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { CancelledError, isCancelRequested } from '../explain/progress';

type Fit = tfjs.LayersModel['fit'];
type FitDataset = tfjs.LayersModel['fitDataset'];
type Callbacks = NonNullable<Parameters<Fit>[2]>['callbacks'];

const WRAPPED = Symbol.for('pathlab.stopTrainingOnInterrupt');

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Whether `c` is a callback object (tfjs's BaseCallback) rather than a config of functions. */
function isCallbackObject(c: unknown): c is tfjs.Callback {
  return typeof c === 'object' && c !== null && typeof (c as { setModel?: unknown }).setModel === 'function';
}

/**
 * The user's callbacks plus the cancelling one, as a list of callback objects (tfjs accepts either
 * objects or configs, not a mix).
 */
export function withCancelCallback(tf: typeof tfjs, callbacks: Callbacks, yieldEvery: unknown): Callbacks {
  class StopOnCancel extends tf.Callback {
    override async onBatchEnd(): Promise<void> {
      await yieldToEventLoop();
      if (isCancelRequested() && this.model) this.model.stopTraining = true;
    }
    override async onEpochBegin(): Promise<void> {
      if (isCancelRequested() && this.model) this.model.stopTraining = true;
    }
  }
  const own = new StopOnCancel();
  if (callbacks == null) return [own];
  const list: unknown[] = Array.isArray(callbacks) ? callbacks : [callbacks];
  const objects = list.map((c) =>
    isCallbackObject(c)
      ? c
      : new tf.CustomCallback(
          c as ConstructorParameters<typeof tf.CustomCallback>[0],
          yieldEvery as ConstructorParameters<typeof tf.CustomCallback>[1],
        ),
  );
  return [...objects, own] as unknown as Callbacks;
}

/**
 * Wraps `fit` and `fitDataset` of every LayersModel (Sequential delegates to them) of this tfjs
 * copy; idempotent.
 */
export function stopTrainingOnInterrupt(tf: typeof tfjs): void {
  const proto = tf.LayersModel.prototype as tfjs.LayersModel & { [WRAPPED]?: boolean };
  if (proto[WRAPPED]) return;
  const fit = proto.fit;
  const fitDataset = proto.fitDataset;
  const finish = <T>(label: string, result: T): T => {
    if (isCancelRequested()) throw new CancelledError(label);
    return result;
  };
  const wrappedFit: Fit = async function (this: tfjs.LayersModel, x, y, args = {}) {
    if (isCancelRequested()) throw new CancelledError('fit');
    const callbacks = withCancelCallback(tf, args.callbacks, args.yieldEvery);
    return finish('fit', await fit.call(this, x, y, { ...args, callbacks }));
  };
  const wrappedFitDataset: FitDataset = async function (this: tfjs.LayersModel, dataset, args) {
    if (isCancelRequested()) throw new CancelledError('fitDataset');
    const callbacks = withCancelCallback(tf, args.callbacks, args.yieldEvery);
    return finish('fitDataset', await fitDataset.call(this, dataset, { ...args, callbacks }));
  };
  Object.defineProperty(proto, 'fit', { value: wrappedFit, writable: true, configurable: true });
  Object.defineProperty(proto, 'fitDataset', { value: wrappedFitDataset, writable: true, configurable: true });
  Object.defineProperty(proto, WRAPPED, { value: true });
}
