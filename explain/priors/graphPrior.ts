/**
 * The graph attribution prior (Erion et al., Nature Machine Intelligence 2021, the gene-expression
 * experiment): features joined in a known graph should get similar mean attribution magnitudes.
 */
import * as tf from '@tensorflow/tfjs';
import { errors } from '../internal/errors';
import { warnOnce } from '../internal/validate';
import type { AttributionPrior } from './prior';

/** A sparse undirected graph: `nodes` features and edges `[i, j]` or `[i, j, weight]`. A pair
 * listed again (in either direction) replaces the earlier weight. */
export interface EdgeList {
  /** Number of nodes (= features). */
  nodes: number;
  /** Undirected edges between node indices, weight 1 unless given. */
  edges: ReadonlyArray<readonly [number, number] | readonly [number, number, number]>;
}

/** A graph over the features: a dense n × n adjacency matrix or an {@link EdgeList}. */
export type Adjacency = ReadonlyArray<ReadonlyArray<number>> | EdgeList;

function isEdgeList(a: Adjacency): a is EdgeList {
  return !Array.isArray(a);
}

/** Dense symmetric adjacency (row-major, n × n), validated. */
function denseAdjacency(adjacency: Adjacency): { n: number; a: Float64Array } {
  if (isEdgeList(adjacency)) {
    const n = adjacency.nodes;
    if (!Number.isInteger(n) || n < 1) throw new Error(errors.positiveInteger('adjacency.nodes', 'graphPrior', n));
    const a = new Float64Array(n * n);
    adjacency.edges.forEach((e, idx) => {
      const [i, j] = e;
      const w = e.length > 2 ? (e as readonly [number, number, number])[2] : 1;
      const okNode = (v: number) => Number.isInteger(v) && v >= 0 && v < n;
      if (!okNode(i) || !okNode(j) || !Number.isFinite(w) || w < 0) {
        throw new Error(errors.priorsEdge(idx, JSON.stringify(e), n));
      }
      a[i * n + j] = w;
      a[j * n + i] = w;
    });
    return { n, a };
  }
  const rows = adjacency as ReadonlyArray<ReadonlyArray<number>>;
  const n = rows.length;
  if (n < 1 || rows.some((r) => r.length !== n)) {
    throw new Error(errors.priorsAdjacencyNotSquare(n, `[${[...new Set(rows.map((r) => r.length))].join(', ')}]`));
  }
  const a = new Float64Array(n * n);
  let asymmetric = false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = rows[i][j];
      if (!Number.isFinite(v) || v < 0) throw new Error(errors.priorsAdjacencyValue(i, j, v));
      if (v !== rows[j][i]) asymmetric = true;
      // Averaging with the transpose keeps Ω = ½ Σ Aᵢⱼ(φ̄ᵢ − φ̄ⱼ)² a sum of squares.
      a[i * n + j] = (v + rows[j][i]) / 2;
    }
  }
  if (asymmetric) warnOnce('graphPrior: the adjacency matrix is not symmetric; using (A + Aᵀ)/2.');
  return { n, a };
}

/**
 * The graph Laplacian L = D − A of an adjacency (dense or edge list), symmetrised and with
 * self-loops ignored; L is what the graph prior uses.
 */
export function laplacian(adjacency: Adjacency): number[][] {
  const { n, a } = denseAdjacency(adjacency);
  const l = laplacianOf(n, a);
  return Array.from({ length: n }, (_, i) => Array.from(l.subarray(i * n, (i + 1) * n)));
}

function laplacianOf(n: number, a: Float64Array): Float32Array {
  const l = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    let degree = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      degree += a[i * n + j];
      l[i * n + j] = 0 - a[i * n + j];
    }
    l[i * n + i] = degree;
  }
  return l;
}

/**
 * The graph prior: with φ̄ the batch mean of |φ| per feature (features flattened),
 * Ω = φ̄ᵀ L φ̄ = ½ Σᵢⱼ Aᵢⱼ (φ̄ᵢ − φ̄ⱼ)² ≥ 0, zero when connected features have equal φ̄
 * (Erion et al., Nature Machine Intelligence 2021).
 *
 * @param adjacency a dense n × n matrix or a sparse edge list; n must equal the model's features.
 */
export function graphPrior(adjacency: Adjacency): AttributionPrior {
  const { n, a } = denseAdjacency(adjacency);
  // Kept as an array and uploaded per call, so the prior owns no tensor the caller must free.
  const lap = laplacianOf(n, a);
  return {
    name: 'graph',
    usesAttributions: true,
    check(featureShape, fn) {
      const features = featureShape.reduce((p, v) => p * v, 1);
      if (features !== n) throw new Error(errors.priorsGraphSize(fn, n, features));
    },
    penalty(attributions) {
      if (attributions === null) throw new Error(errors.priorsGraphSize('graphPrior', n, 0));
      const features = attributions.size / Math.max(1, attributions.shape[0]);
      if (features !== n) throw new Error(errors.priorsGraphSize('graphPrior', n, features));
      return tf.tidy(() => {
        const mean = attributions.reshape([attributions.shape[0], n]).abs().mean(0).reshape([n, 1]);
        const l = tf.tensor2d(lap, [n, n]);
        return mean.mul(tf.matMul(l, mean)).sum() as tf.Scalar;
      });
    },
  };
}
