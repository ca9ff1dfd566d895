/**
 * Occlusion (Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014),
 * as in DeepExplain (Ancona et al., ICLR 2018): slide a window over the input, replace it by a
 * fill value, and spread f(x) − f(occluded) evenly over the window's features, averaging where
 * windows overlap.
 */
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { InputLike } from '../types';
import { evaluateRows, type AnyModel } from '../internal/blackBox';
import { chunks } from '../internal/batching';
import { errors } from '../internal/errors';
import { completenessRows, resolveOutput, selectFromMatrix, selectionCount } from '../internal/output';
import { warnOnce } from '../internal/validate';
import { modelRows } from '../internal/perturbation';
import { prepareMethodCall } from '../internal/prepareMethodCall';
import { resultFromRun, type AttributionResult } from './result';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';
import type { BatchSizeOption, OutputOption } from '../options';

const DEFAULTS = { windowShape: 1 as number | readonly number[], step: 1 as number | readonly number[], fillValue: 0 };

/** Options of {@link occlusion}. */
export interface OcclusionOptions extends ProgressOptions, OutputOption, BatchSizeOption {
  /**
   * Window size per feature axis, or one number for every axis — except that on inputs with
   * three or more feature axes (e.g. [H, W, C]) a number leaves the last (channel) axis whole.
   * Default: 1.
   */
  windowShape?: number | readonly number[];
  /** Step between window positions, per feature axis or one number for all. Default: 1. */
  step?: number | readonly number[];
  /** Value written into the occluded window. Default: 0. */
  fillValue?: number;
}

function perAxis(
  v: number | readonly number[],
  featureShape: readonly number[],
  arg: string,
  fn: string,
  isWindow: boolean,
): number[] {
  const r = featureShape.length;
  let out: number[];
  if (typeof v === 'number') {
    out = featureShape.map((s, a) => (isWindow && r >= 3 && a === r - 1 ? s : v));
  } else {
    if (!Array.isArray(v) || v.length !== r) throw new Error(errors.windowShape(arg, fn, featureShape, v));
    out = [...v];
  }
  out.forEach((w, a) => {
    if (!Number.isInteger(w) || w < 1 || (isWindow && w > featureShape[a]))
      throw new Error(errors.windowShape(arg, fn, featureShape, v));
  });
  return out;
}

/**
 * Occlusion attributions. The completeness gap is measured against the all-`fillValue` input.
 * Accepts black boxes (async functions of rows).
 * Zeiler & Fergus, ECCV 2014; DeepExplain (Ancona et al., ICLR 2018).
 */
export async function occlusion(model: AnyModel, inputs: InputLike, options: OcclusionOptions = {}): Promise<AttributionResult> {
  const fn = 'occlusion';
  checkOptionKeys(fn, options, OPTION_KEYS.occlusion);
  const o = { ...DEFAULTS, ...options };
  const prep = await prepareMethodCall(fn, model, inputs, o, {
    model: 'runner',
    baseline: 'none',
    checkInputs: (t) => {
      perAxis(o.windowShape, t.shape.slice(1), 'windowShape', fn, true);
      perAxis(o.step, t.shape.slice(1), 'step', fn, false);
      if (typeof o.fillValue !== 'number' || !Number.isFinite(o.fillValue)) {
        throw new Error(errors.finiteNumber('fillValue', fn, o.fillValue));
      }
    },
  });
  try {
    const { model: runner, x: xT, n, featureShape: fs, d, batchSize } = prep;
    const win = perAxis(o.windowShape, fs, 'windowShape', fn, true);
    const step = perAxis(o.step, fs, 'step', fn, false);
    const { values: fx, info } = await evaluateRows(runner, xT, batchSize);
    const sel = resolveOutput(o.output, info, n, fn);
    const numSel = selectionCount(sel);

    // Window positions: every axis independently, leftovers at the far edge are not covered
    // (as in DeepExplain); uncovered features get 0.
    const starts = fs.map((s, a) => {
      const st: number[] = [];
      for (let p = 0; p + win[a] <= s; p += step[a]) st.push(p);
      return st;
    });
    const strides = fs.map((_, a) => fs.slice(a + 1).reduce((p, q) => p * q, 1));
    const windows: Int32Array[] = [];
    const pos = new Array<number>(fs.length).fill(0);
    const total = starts.reduce((p, s) => p * s.length, 1);
    for (let w = 0; w < total; w++) {
      let rest = w;
      for (let a = fs.length - 1; a >= 0; a--) {
        pos[a] = starts[a][rest % starts[a].length];
        rest = Math.floor(rest / starts[a].length);
      }
      const feats: number[] = [];
      const walk = (a: number, off: number): void => {
        if (a === fs.length) {
          feats.push(off);
          return;
        }
        for (let q = 0; q < win[a]; q++) walk(a + 1, off + (pos[a] + q) * strides[a]);
      };
      walk(0, 0);
      windows.push(Int32Array.from(feats));
    }
    const W = windows.length;
    const masks = new Float32Array(W * d);
    windows.forEach((feats, w) => feats.forEach((j) => (masks[w * d + j] = 1)));
    const maskT = tf.tensor2d(masks, [W, d]);
    const xFlat = xT.reshape([n, d]);
    const occluded = new Float32Array(n * W * info.numOutputs);
    const plan = chunks(n * W, batchSize);
    const cp = new Checkpoint(fn, plan.length, o);
    try {
      // Each pass gathers its rows on the device; the gather, the fill and the forward pass are
      // one compiled session call on the tensorflow backend.
      const build = (xf: tf.Tensor, mk: tf.Tensor, xi: tf.Tensor, wi: tf.Tensor): tf.Tensor => {
        const xr = tf.gather(xf, xi);
        const mr = tf.gather(mk, wi);
        return xr
          .mul(tf.scalar(1).sub(mr))
          .add(mr.mul(o.fillValue))
          .reshape([xi.shape[0], ...fs]);
      };
      for (const c of plan) {
        const len = c.end - c.start;
        const xi = tf.tensor1d(
          Int32Array.from({ length: len }, (_, p) => Math.floor((c.start + p) / W)),
          'int32',
        );
        const wi = tf.tensor1d(
          Int32Array.from({ length: len }, (_, p) => (c.start + p) % W),
          'int32',
        );
        try {
          occluded.set(
            await modelRows(model, runner, fn, `fill ${o.fillValue}`, build, [xFlat, maskT, xi, wi], info.numOutputs),
            c.start * info.numOutputs,
          );
        } finally {
          tf.dispose([xi, wi]);
        }
        await cp.step();
      }
    } finally {
      cp.end();
      maskT.dispose();
      xFlat.dispose();
    }

    const count = new Float32Array(d);
    for (const feats of windows) for (const j of feats) count[j] += 1;
    if (count.some((c) => c === 0)) {
      warnOnce(
        `occlusion: windows [${win.join(', ')}] with step [${step.join(', ')}] do not cover every feature of [${fs.join(', ')}]; uncovered features get attribution 0.`,
      );
    }
    const values = new Float32Array(n * numSel * d);
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < numSel; s++) {
        const off = (i * numSel + s) * d;
        const fxi = selectFromMatrix(fx, info.numOutputs, i, sel, i, s);
        windows.forEach((feats, w) => {
          const delta = (fxi - selectFromMatrix(occluded, info.numOutputs, i * W + w, sel, i, s)) / feats.length;
          for (const j of feats) values[off + j] += delta;
        });
        for (let j = 0; j < d; j++) if (count[j] > 0) values[off + j] /= count[j];
      }
    }
    const filled = tf.fill([1, ...fs], o.fillValue);
    let fb: Float32Array;
    try {
      fb = (await evaluateRows(runner, filled, 1)).values;
    } finally {
      filled.dispose();
    }
    const rows = completenessRows(values, d, n, sel, info.numOutputs, fx, fb, () => 0);
    return resultFromRun(
      fn,
      { values, numInputs: n, featureShape: fs, outputs: sel.kind === 'all' ? sel.numOutputs : null, ...rows },
      W,
      { windowShape: `[${win.join(',')}]`, step: `[${step.join(',')}]`, fillValue: o.fillValue },
    );
  } finally {
    prep.dispose();
  }
}
