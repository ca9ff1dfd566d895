/**
 * Path samplers: where on the straight path x' + α(x − x') (or x' + αβ(x − x') for Hessians)
 * the gradient is evaluated, with which reference row and with what quadrature weight.
 *
 * The integration rule is an argument handed to a shared integrator (as captum's
 * approximation_methods), so Integrated and Expected Gradients differ in the sampler only, and
 * Integrated/Expected Hessians reuse the same draws with a second coordinate β.
 *
 * Layout of every draw set: point j of input i is at index `i * perInput + j`; each input's
 * weights sum to 1, so Σⱼ wⱼ·g(point) is the integral (IG) or the Monte-Carlo mean (EG).
 */
import { Rng, type Seed } from '../../core';
import { Checkpoint, type ProgressOptions } from '../progress';

/**
 * How the baseline rows relate to the inputs:
 * `shared` one row for every input, `perInput` row i for input i,
 * `distribution` a set of `rows` reference rows to draw from.
 */
export type BaselineForm = { kind: 'shared' } | { kind: 'perInput' } | { kind: 'distribution'; rows: number };

/** The points a sampler chose for a batch of inputs. */
export interface PathDraws {
  /** Points per input. */
  perInput: number;
  /** Baseline row of each point (index into the baseline rows). */
  refs: Int32Array;
  /** α of each point, in [0, 1]. */
  alphas: Float32Array;
  /** β of each point for two-dimensional samplers (Hessians), else null. */
  betas: Float32Array | null;
  /** Quadrature weight of each point; the weights of one input sum to 1. */
  weights: Float32Array;
  /** Whether the points are random (then a Monte-Carlo standard error is meaningful). */
  random: boolean;
}

/** Chooses path points for `numInputs` inputs. */
export interface PathSampler {
  /** Short name for diagnostics, e.g. `gaussLegendre`. */
  readonly name: string;
  /** One-dimensional (α) or two-dimensional (α, β) points. */
  readonly dims: 1 | 2;
  /** Points per input that `draw` will make, known before drawing (for the memory estimate). Default: unknown. */
  readonly perInput?: number;
  /** Draws the points; random samplers are deterministic given their seed. */
  draw(numInputs: number, baseline: BaselineForm): PathDraws;
  /**
   * The same draws made in steps of at most `block` points each (see {@link DrawSteps}), so a
   * long call can report progress and honour cancellation while it draws. Default: one step
   * calling `draw`.
   */
  drawSteps?(numInputs: number, baseline: BaselineForm, block: number): DrawSteps;
}

/** Draws made step by step: call `step()` `steps` times, then `result()`. */
export interface DrawSteps {
  /** Points per input (known before any step). */
  perInput: number;
  /** Whether the points are random (known before any step). */
  random: boolean;
  /** Steps in all. */
  steps: number;
  /** Makes the next block of draws. */
  step(): void;
  /** The draws, once every step ran; identical to `draw` with the same arguments. */
  result(): PathDraws;
}

/** Points drawn per step: ≈ 10–40 ms of JavaScript on this machine. */
export const DRAW_BLOCK = 1 << 20;

/** `sampler`'s draws as steps (one step when the sampler cannot split its drawing). */
export function drawSteps(sampler: PathSampler, numInputs: number, baseline: BaselineForm, block = DRAW_BLOCK): DrawSteps {
  if (sampler.drawSteps) return sampler.drawSteps(numInputs, baseline, block);
  // A sampler that cannot split its drawing draws everything now.
  const draws = sampler.draw(numInputs, baseline);
  return { perInput: draws.perInput, random: draws.random, steps: 0, step() {}, result: () => draws };
}

/**
 * Opens the call's checkpoint and makes `drawing`'s draws inside it: draws of more than one block
 * (`points` in all) are progress steps of their own, before the `chunkUnits` the caller reports
 * (a small call draws in a few milliseconds and reports its chunks only). The checkpoint is ended
 * when drawing throws (an interrupt); else the caller ends it.
 */
export async function drawWithProgress(
  fn: string,
  drawing: DrawSteps,
  points: number,
  chunkUnits: number,
  progress: ProgressOptions | undefined,
): Promise<{ cp: Checkpoint; draws: PathDraws }> {
  const drawUnits = points > DRAW_BLOCK ? drawing.steps : 0;
  const cp = new Checkpoint(fn, drawUnits + chunkUnits, progress);
  try {
    for (let i = 0; i < drawing.steps; i++) {
      drawing.step();
      if (drawUnits > 0) await cp.step();
    }
    return { cp, draws: drawing.result() };
  } catch (e) {
    cp.end();
    throw e;
  }
}

/** Runs a list of block jobs one per step. */
function stepper(perInput: number, random: boolean, jobs: Array<() => void>, result: () => PathDraws): DrawSteps {
  let i = 0;
  return {
    perInput,
    random,
    steps: jobs.length,
    step() {
      jobs[i++]?.();
    },
    result() {
      while (i < jobs.length) jobs[i++]();
      return result();
    },
  };
}

/** Adds one job per block of [0, total) that calls `fill(start, end)`. */
function blocks(jobs: Array<() => void>, total: number, block: number, fill: (start: number, end: number) => void): void {
  const size = Math.max(1, Math.floor(block));
  for (let s = 0; s < total; s += size) {
    const e = Math.min(total, s + size);
    jobs.push(() => fill(s, e));
  }
}

/** Jobs filling the reference rows of every point (same stream as one pass over all points). */
function refJobs(
  jobs: Array<() => void>,
  refs: Int32Array,
  perInput: number,
  baseline: BaselineForm,
  rng: Rng,
  block: number,
): void {
  if (baseline.kind === 'perInput') {
    blocks(jobs, refs.length, block, (s, e) => {
      for (let p = s; p < e; p++) refs[p] = Math.floor(p / perInput);
    });
  } else if (baseline.kind === 'distribution') {
    const rows = baseline.rows;
    blocks(jobs, refs.length, block, (s, e) => {
      for (let p = s; p < e; p++) refs[p] = rng.int(rows);
    });
  }
}

/** Fixed points (α, and β for two-dimensional samplers) repeated for every input. */
function fixedPoints(
  name: string,
  nodes: ArrayLike<number>,
  betas: ArrayLike<number> | null,
  weights: ArrayLike<number>,
  seed: Seed,
): PathSampler {
  const k = nodes.length;
  const drawSteps = (numInputs: number, baseline: BaselineForm, block: number): DrawSteps => {
    const total = numInputs * k;
    const refs = new Int32Array(total);
    const alphas = new Float32Array(total);
    const b = betas ? new Float32Array(total) : null;
    const w = new Float32Array(total);
    const jobs: Array<() => void> = [];
    refJobs(jobs, refs, k, baseline, new Rng(seed), block);
    const tileJob = (out: Float32Array, values: ArrayLike<number>) =>
      blocks(jobs, total, block, (s, e) => {
        for (let p = s; p < e; p++) out[p] = values[p % k];
      });
    tileJob(alphas, nodes);
    if (b && betas) tileJob(b, betas);
    tileJob(w, weights);
    const random = baseline.kind === 'distribution';
    return stepper(k, random, jobs, () => ({ perInput: k, refs, alphas, betas: b, weights: w, random }));
  };
  return {
    name,
    dims: betas ? 2 : 1,
    perInput: k,
    draw: (numInputs, baseline) => drawSteps(numInputs, baseline, Infinity).result(),
    drawSteps,
  };
}

function fixed1d(name: string, nodes: ArrayLike<number>, weights: ArrayLike<number>, seed: Seed): PathSampler {
  return fixedPoints(name, nodes, null, weights, seed);
}

/**
 * Independent uniform draws: per point α (and β for two dimensions) ∼ U(0, 1) and, for a
 * distribution baseline, a uniformly drawn reference row.
 */
function uniformDraws(name: string, dims: 1 | 2, n: number, seed: Seed): PathSampler {
  const drawSteps = (numInputs: number, baseline: BaselineForm, block: number): DrawSteps => {
    const rng = new Rng(seed);
    const total = numInputs * n;
    const refs = new Int32Array(total);
    const alphas = new Float32Array(total);
    const betas = dims === 2 ? new Float32Array(total) : null;
    const weights = new Float32Array(total);
    const jobs: Array<() => void> = [];
    // References first, then α, then β: fixed order so a seed means the same draws everywhere
    // (and however the drawing is split into steps).
    refJobs(jobs, refs, n, baseline, rng, block);
    const uniformJob = (out: Float32Array) =>
      blocks(jobs, total, block, (s, e) => {
        for (let p = s; p < e; p++) out[p] = rng.uniform();
      });
    uniformJob(alphas);
    if (betas) uniformJob(betas);
    blocks(jobs, total, block, (s, e) => weights.fill(1 / n, s, e));
    return stepper(n, true, jobs, () => ({ perInput: n, refs, alphas, betas, weights, random: true }));
  };
  return {
    name,
    dims,
    perInput: n,
    draw: (numInputs, baseline) => drawSteps(numInputs, baseline, Infinity).result(),
    drawSteps,
  };
}

/**
 * α on `n` evenly spaced points of [0, 1] with both endpoints, equal weights 1/n — the rule of
 * path_explain (Janizek et al., JMLR 2021). n = 1 uses the midpoint.
 */
export function gridSampler(n: number, seed: Seed = 0): PathSampler {
  const nodes = n === 1 ? [0.5] : Array.from({ length: n }, (_, k) => k / (n - 1));
  return fixed1d('grid', nodes, new Array<number>(n).fill(1 / n), seed);
}

/** The trapezoid rule on `n` ≥ 2 evenly spaced points with both endpoints (n = 1: midpoint). */
export function trapezoidSampler(n: number, seed: Seed = 0): PathSampler {
  if (n === 1) return fixed1d('trapezoid', [0.5], [1], seed);
  const nodes = Array.from({ length: n }, (_, k) => k / (n - 1));
  const w = new Array<number>(n).fill(1 / (n - 1));
  w[0] /= 2;
  w[n - 1] /= 2;
  return fixed1d('trapezoid', nodes, w, seed);
}

/** [P_n(x), P_{n−1}(x)] by the three-term recurrence (n = 1: [x, 1]). */
function legendre(n: number, x: number): [number, number] {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return [p1, p0];
}

/**
 * Gauss–Legendre nodes and weights on [0, 1] (exact for polynomials of degree 2n − 1), computed
 * by Newton's method on the Legendre polynomial in double precision.
 */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      const [pn, pnm1] = legendre(n, x);
      dp = (n * (x * pn - pnm1)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    {
      const [pn, pnm1] = legendre(n, x);
      dp = n === 1 ? 1 : (n * (x * pn - pnm1)) / (x * x - 1);
    }
    const w = 2 / ((1 - x * x) * dp * dp);
    // Map [-1, 1] to [0, 1]; nodes ascending.
    nodes[i] = (1 - x) / 2;
    nodes[n - 1 - i] = (1 + x) / 2;
    weights[i] = w / 2;
    weights[n - 1 - i] = w / 2;
  }
  return { nodes, weights };
}

/** Gauss–Legendre quadrature with `n` nodes (captum's default rule for Integrated Gradients). */
export function gaussLegendreSampler(n: number, seed: Seed = 0): PathSampler {
  const { nodes, weights } = gaussLegendre(n);
  return fixed1d('gaussLegendre', nodes, weights, seed);
}

/**
 * Expected Gradients' draws (Erion et al., Nature Machine Intelligence 2021): per point an
 * independent α ∼ U(0, 1) and, for a distribution baseline, a uniformly drawn reference row.
 */
export function uniformSampler(n: number, seed: Seed = 0): PathSampler {
  return uniformDraws('uniform', 1, n, seed);
}

/**
 * Integrated Hessians' grid (Janizek et al. 2021): α and β each on m = round(√n) evenly spaced
 * points of [0, 1] with both endpoints, all m² pairs, equal weights.
 */
export function productGridSampler(n: number, seed: Seed = 0): PathSampler {
  const m = Math.max(1, Math.round(Math.sqrt(n)));
  const g = m === 1 ? [0.5] : Array.from({ length: m }, (_, k) => k / (m - 1));
  const a: number[] = [];
  const b: number[] = [];
  for (const ai of g)
    for (const bj of g) {
      a.push(ai);
      b.push(bj);
    }
  return fixedPoints('productGrid', a, b, new Array<number>(m * m).fill(1 / (m * m)), seed);
}

/**
 * Expected Hessians' draws: α, β ∼ U(0, 1) independent and a fresh reference row per point.
 */
export function uniformSampler2d(n: number, seed: Seed = 0): PathSampler {
  return uniformDraws('uniform2d', 2, n, seed);
}
