/**
 * Adam (Kingma & Ba, "Adam: A method for stochastic optimization", ICLR 2015) with the moments of
 * all small variables in one flat buffer each.
 *
 * tfjs's `tf.train.adam` runs about fourteen ops per variable and step, each a full pass over the
 * variable's data and, on the native backend, a TensorFlow op with a fixed cost of tens of
 * microseconds; for an MLP it cost more than the forward and backward passes together. Here the
 * small variables' gradients are concatenated once and updated as one buffer (a constant number
 * of ops plus two per variable), and each large variable (where passes over the data, not op
 * counts, dominate) takes ten passes instead of fourteen: no concatenation, moments stored
 * pre-scaled so that their updates are two and three ops, and the bias corrections folded into
 * two scalars per step.
 *
 * The arithmetic is tfjs's AdamOptimizer's (the paper's Algorithm 1 with ε added to the
 * bias-corrected √v̂): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·m̂/(√v̂ + ε) with
 * m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), βᵗ accumulated in float32 as tfjs does. The weights agree with
 * tfjs's to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { CompileCache } from './compile/compiled';

/** Adam's hyper-parameters besides the learning rate. */
export interface AdamOptions {
  /** Decay of the first-moment average. Default: 0.9. */
  beta1?: number;
  /** Decay of the second-moment average. Default: 0.999. */
  beta2?: number;
  /** Added to √v̂ in the denominator. Default: the backend's epsilon (1e-7 on float32 backends), as tfjs. */
  epsilon?: number;
}

const DEFAULTS = { beta1: 0.9, beta2: 0.999 } as const;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A tensor with a name, as optimizers take and save them (tfjs-core's type, not re-exported). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/**
 * The moments of one fixed, ordered set of variables: flat when there are several, in the
 * variable's own shape when it is alone. Stored as m̃ = m/(1−β₁) and ṽ = v/(1−β₂), whose updates
 * m̃ ← β₁m̃ + g and ṽ ← β₂ṽ + g² take one op fewer each.
 */
interface Group {
  names: string[];
  shapes: number[][];
  sizes: number[];
  m: tf.Tensor;
  v: tf.Tensor;
}

/**
 * Variables at least this large get moments of their own: concatenating and splitting them
 * would cost two extra passes over their data, more than the few ops a group of their own adds.
 */
const OWN_GROUP_SIZE = 16384;

/**
 * tfjs's Adam with flat moment buffers: same results (up to float32 rounding), same API
 * (`minimize`, `applyGradients`, `getWeights`/`setWeights`, `getConfig`, `dispose`), far fewer
 * ops per step. Saved as class 'Adam', so a saved optimizer config loads as tfjs's Adam.
 */
export class FlatAdamOptimizer extends tf.Optimizer {
  /** The serialization name, tfjs's. */
  static get className(): string {
    return 'Adam';
  }

  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Moments per set of variables updated together. */
  private groups = new Map<string, Group>();
  /** Variable names in the order they first got a gradient (tfjs's order of saved weights). */
  private order: string[] = [];
  /**
   * β₁ᵗ and β₂ᵗ for the coming step, accumulated in float32 like tfjs's accBeta variables (whose
   * rounding shows: 1 − β₂ᵗ loses about 1e-5 of its value to it), so that the weights match
   * tfjs's and not just the exact formula.
   */
  private accBeta1: number;
  private accBeta2: number;
  /** β₁ and β₂ as tensors, uploaded once. */
  private consts: { b1: tf.Scalar; b2: tf.Scalar } | null = null;
  /**
   * The update of every variable as one function of the gradients, moments and step scalars: on
   * the tensorflow backend one session call once recorded (the variables' new values come out
   * and are assigned after it, so the recorded graph assigns nothing).
   */
  private readonly compiledUpdate = new CompileCache('adam update');

  constructor(
    public learningRate: number,
    options: AdamOptions = {},
  ) {
    super();
    this.beta1 = options.beta1 ?? DEFAULTS.beta1;
    this.beta2 = options.beta2 ?? DEFAULTS.beta2;
    this.epsilon = options.epsilon ?? tf.backend().epsilon();
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
  }

  private constants(): { b1: tf.Scalar; b2: tf.Scalar } {
    if (this.consts === null) this.consts = { b1: tf.keep(tf.scalar(this.beta1)), b2: tf.keep(tf.scalar(this.beta2)) };
    return this.consts;
  }

  /**
   * The group of `names`. On first use its moments are those its variables already have in other
   * groups (after `setWeights`, or when the set of variables with gradients changes), else zeros;
   * the groups they came from are split into single-variable groups.
   */
  private group(names: string[], shapes: number[][]): Group {
    const key = names.join('\u0000');
    const found = this.groups.get(key);
    if (found !== undefined) return found;
    const loose = new Map<string, [tf.Tensor, tf.Tensor]>();
    for (const [otherKey, g] of [...this.groups]) {
      if (!g.names.some((n) => names.includes(n))) continue;
      this.groups.delete(otherKey);
      tf.tidy(() => {
        const ms = g.names.length === 1 ? [g.m] : tf.split(g.m, g.sizes);
        const vs = g.names.length === 1 ? [g.v] : tf.split(g.v, g.sizes);
        g.names.forEach((n, i) =>
          loose.set(n, [tf.keep(tf.reshape(ms[i], g.shapes[i])), tf.keep(tf.reshape(vs[i], g.shapes[i]))]),
        );
      });
      tf.dispose([g.m, g.v]);
    }
    for (const [n, [m, v]] of loose) {
      if (names.includes(n)) continue;
      this.groups.set(n, { names: [n], shapes: [m.shape.slice()], sizes: [m.size], m, v });
      loose.delete(n);
    }
    const sizes = shapes.map((sh) => tf.util.sizeFromShape(sh));
    const moment = (which: 0 | 1): tf.Tensor =>
      tf.tidy(() => {
        const parts = names.map((n, i) => loose.get(n)?.[which] ?? tf.zeros(shapes[i]));
        return parts.length === 1 ? tf.clone(parts[0]) : tf.concat(parts.map((p) => tf.reshape(p, [-1])));
      });
    const g: Group = { names, shapes, sizes, m: tf.keep(moment(0)), v: tf.keep(moment(1)) };
    for (const [m, v] of loose.values()) tf.dispose([m, v]);
    this.groups.set(key, g);
    return g;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const pairs: Array<[string, tf.Tensor]> = Array.isArray(variableGradients)
      ? variableGradients.map((n) => [n.name, n.tensor])
      : Object.entries(variableGradients);
    // A variable without a gradient keeps its moments and value, as in tfjs.
    const present = pairs.filter(([, g]) => g != null);
    for (const [n] of present) if (!this.order.includes(n)) this.order.push(n);
    const small = present.filter(([, g]) => g.size < OWN_GROUP_SIZE);
    const batches = [
      ...present.filter(([, g]) => g.size >= OWN_GROUP_SIZE).map((p) => [p]),
      ...(small.length > 0 ? [small] : []),
    ];
    // With m = (1−β₁)m̃ and v = (1−β₂)ṽ: lr·m̂/(√v̂ + ε) = scale · m̃/(√ṽ + ε/r), where
    // r = √((1−β₂)/(1−β₂ᵗ)) and scale = lr·(1−β₁)/((1−β₁ᵗ)·r); 1 − βᵗ rounded as tfjs does.
    const r = Math.sqrt((1 - this.beta2) / Math.fround(1 - this.accBeta2));
    const scale = (this.learningRate * (1 - this.beta1)) / (Math.fround(1 - this.accBeta1) * r);
    if (present.length === 0) {
      this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
      this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
      this.incrementIterations();
      return;
    }
    const k = this.constants();
    const plan = batches.map((batch) => {
      const names = batch.map(([n]) => n);
      const grads = batch.map(([, g]) => g);
      const group = this.group(
        names,
        grads.map((g) => g.shape.slice()),
      );
      return { names, grads, group };
    });
    const variables = plan.map((b) => b.names.map((n) => tf.engine().registeredVariables[n]));
    // Arguments: β₁, β₂, the step's two scalars, then per group its moments and gradients.
    const stepScalars = [tf.scalar(-scale), tf.scalar(this.epsilon / r)];
    const args = [k.b1, k.b2, ...stepScalars, ...plan.flatMap((b) => [b.group.m, b.group.v, ...b.grads])];
    const update = (...a: tf.Tensor[]): tf.Tensor[] => {
      const [b1, b2, negScale, epsR] = a;
      const newValues: tf.Tensor[] = [];
      const moments: tf.Tensor[] = [];
      let at = 4;
      plan.forEach((b, gi) => {
        const m0 = a[at];
        const v0 = a[at + 1];
        const grads = a.slice(at + 2, at + 2 + b.grads.length);
        at += 2 + b.grads.length;
        const flat = grads.length === 1 ? grads[0] : tf.concat(grads.map((x) => (x.rank === 1 ? x : tf.reshape(x, [-1]))));
        const m = tf.add(tf.mul(m0, b1), flat);
        const v = tf.add(tf.mul(v0, b2), tf.square(flat));
        const step = tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsR)), negScale);
        const parts = b.names.length === 1 ? [step] : tf.split(step, b.group.sizes);
        b.names.forEach((_, i) => {
          const shape = b.group.shapes[i];
          const part = sameShape(parts[i].shape, shape) ? parts[i] : tf.reshape(parts[i], shape);
          newValues.push(tf.add(variables[gi][i], part));
        });
        moments.push(m, v);
      });
      return [...newValues, ...moments];
    };
    const key = plan.map((b) => b.names.join(',')).join('|');
    const outs = tf.tidy(() => this.compiledUpdate.run(update, args, key));
    tf.dispose(stepScalars);
    let o = 0;
    for (let gi = 0; gi < plan.length; gi++) {
      for (const variable of variables[gi]) {
        variable.assign(outs[o]);
        outs[o++].dispose();
      }
    }
    for (const b of plan) {
      tf.dispose([b.group.m, b.group.v]);
      b.group.m = outs[o++];
      b.group.v = outs[o++];
    }
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
    this.incrementIterations();
  }

  override dispose(): void {
    this.compiledUpdate.dispose();
    for (const g of this.groups.values()) tf.dispose([g.m, g.v]);
    this.groups.clear();
    this.order = [];
    if (this.consts !== null) tf.dispose([this.consts.b1, this.consts.b2]);
    this.consts = null;
  }

  /**
   * The iteration count, then the first moments of every variable (`name/m`), then the second
   * moments (`name/v`): tfjs's layout and order. The caller owns the returned tensors.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const first = new Map<string, tf.Tensor>();
    const second = new Map<string, tf.Tensor>();
    for (const g of this.groups.values()) {
      tf.tidy(() => {
        const ms = g.names.length === 1 ? [g.m] : tf.split(g.m, g.sizes);
        const vs = g.names.length === 1 ? [g.v] : tf.split(g.v, g.sizes);
        g.names.forEach((name, i) => {
          first.set(name, tf.keep(tf.mul(tf.reshape(ms[i], g.shapes[i]), 1 - this.beta1)));
          second.set(name, tf.keep(tf.mul(tf.reshape(vs[i], g.shapes[i]), 1 - this.beta2)));
        });
      });
    }
    const named = (suffix: string, map: Map<string, tf.Tensor>): NamedTensor[] =>
      this.order.filter((n) => map.has(n)).map((n) => ({ name: `${n}/${suffix}`, tensor: map.get(n)! }));
    return [await this.saveIterations(), ...named('m', first), ...named('v', second)];
  }

  /** Restores what {@link getWeights} (or tfjs's Adam) saved; the tensors stay the caller's. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const count = rest.length / 2;
    const first = rest.slice(0, count);
    const second = rest.slice(count);
    this.dispose();
    this.accBeta1 = Math.fround(this.beta1 ** (this.iterations + 1));
    this.accBeta2 = Math.fround(this.beta2 ** (this.iterations + 1));
    // One group per variable; the next step regroups them as it needs.
    first.forEach((w, i) => {
      const name = w.name.replace(/\/m$/, '');
      this.order.push(name);
      this.groups.set(name, {
        names: [name],
        shapes: [w.tensor.shape.slice()],
        sizes: [w.tensor.size],
        m: tf.keep(tf.div(w.tensor, 1 - this.beta1)),
        v: tf.keep(tf.div(second[i].tensor, 1 - this.beta2)),
      });
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * Adam with flat moment buffers ({@link FlatAdamOptimizer}): a drop-in for `tf.train.adam` that
 * runs a constant number of ops per step (Kingma & Ba, ICLR 2015).
 */
export function adam(learningRate = 0.001, options: AdamOptions = {}): FlatAdamOptimizer {
  return new FlatAdamOptimizer(learningRate, options);
}
