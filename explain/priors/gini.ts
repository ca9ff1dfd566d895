/**
 * The sparsity attribution prior (Erion et al., Nature Machine Intelligence 2021, the NHANES
 * experiment): a model should rely on few features, measured by the Gini coefficient of the mean
 * attribution magnitudes.
 */
import * as tf from '@tensorflow/tfjs';
import type { AttributionPrior } from './prior';
import { checkOptionKeys } from '../internal/validate';
import { OPTION_KEYS } from '../internal/optionKeys';

/**
 * Gini coefficient G(v) = Σᵢⱼ|vᵢ − vⱼ| / (2 n² mean(v)) of non-negative values: 0 when all are
 * equal, (n − 1)/n when one value holds everything; 0 for an all-zero vector.
 */
export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    // In ascending order Σᵢⱼ|vᵢ − vⱼ| = 2 Σᵢ (2i − n + 1) v₍ᵢ₎ (0-based i): O(n log n), no pairs.
    weighted += (2 * i - n + 1) * sorted[i];
    total += sorted[i];
  }
  return total === 0 ? 0 : weighted / (n * total);
}

/** Up to this many values the ranks are computed on the device ([n, n] comparisons). */
const IN_GRAPH_RANKS = 4096;

/**
 * Differentiable Gini coefficient of a non-negative vector [n]. Each entry's rank in a stable
 * ascending sort is computed without gradient; G is linear in v between ties, so this is its
 * exact gradient almost everywhere (tfjs has no differentiable sort). For n ≤ 4096 the ranks
 * come from [n, n] comparisons on the device, so the whole prior is a graph of tensor ops (a
 * training step with it compiles); longer vectors rank in JavaScript (a read-back).
 */
export function giniTensor(v: tf.Tensor): tf.Scalar {
  const n = v.size;
  if (n > IN_GRAPH_RANKS) return giniTensorRankedInJs(v);
  return tf.tidy(() => {
    const flat = v.reshape([n]);
    // atLeast[i, j] = [v_j ≥ v_i]; GreaterEqual's gradient is zero, so no gradient flows through
    // the ranks. rank_i = #{j : v_j < v_i} + #{j < i : v_j = v_i}, as a stable sort orders ties.
    const atLeast = tf.greaterEqual(flat.reshape([1, n]), flat.reshape([n, 1])).cast('float32');
    const idx = tf.range(0, n, 1, 'float32');
    const earlier = tf.less(idx.reshape([1, n]), idx.reshape([n, 1])).cast('float32');
    const ties = atLeast.mul(atLeast.transpose()).mul(earlier).sum(1);
    const rank = tf.scalar(n).sub(atLeast.sum(1)).add(ties);
    const coef = rank.mul(2).add(1 - n);
    // The tiny term keeps 0/0 (all-zero attributions) at 0 instead of NaN.
    return flat.mul(coef).sum().div(flat.sum().mul(n).add(1e-12)) as tf.Scalar;
  });
}

/** {@link giniTensor} with the ranks read in JavaScript (long vectors). */
function giniTensorRankedInJs(v: tf.Tensor): tf.Scalar {
  const n = v.size;
  const values = v.dataSync();
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const coef = new Float32Array(n);
  order.forEach((idx, rank) => {
    coef[idx] = 2 * rank - n + 1;
  });
  return tf.tidy(() => {
    const flat = v.reshape([n]);
    return flat.mul(tf.tensor1d(coef)).sum().div(flat.sum().mul(n).add(1e-12)) as tf.Scalar;
  });
}

/** Options of {@link giniPrior}. */
export interface GiniPriorOptions {
  /** Add mean|φ| to −G(φ̄) (the "mixed" variant, which also shrinks the attributions). Default: false. */
  mixed?: boolean;
}

const DEFAULTS: Required<GiniPriorOptions> = { mixed: false };

/**
 * The sparsity prior Ω = −G(φ̄), φ̄ the batch mean of |φ| per feature (features flattened);
 * with `mixed`, Ω = −G(φ̄) + mean|φ| (Erion et al., Nature Machine Intelligence 2021).
 */
export function giniPrior(options: GiniPriorOptions = {}): AttributionPrior {
  checkOptionKeys('giniPrior', options, OPTION_KEYS.giniPrior);
  const o = { ...DEFAULTS, ...options };
  return {
    name: o.mixed ? 'giniMixed' : 'gini',
    usesAttributions: true,
    check() {},
    penalty(attributions) {
      if (attributions === null) throw new Error('giniPrior needs attributions.');
      return tf.tidy(() => {
        const n = attributions.shape[0];
        const abs = attributions.reshape([n, attributions.size / n]).abs();
        let omega = giniTensor(abs.mean(0)).neg();
        if (o.mixed) omega = omega.add(abs.mean());
        return omega as tf.Scalar;
      });
    },
  };
}
