/**
 * Seeded random number generators. Draws happen in JavaScript, never in tfjs kernels, so the same
 * seed gives the same numbers on every backend and machine (tfjs' own random ops differ between
 * backends).
 *
 * - {@link Rng}: every random choice of explain/ (xoshiro128**, Blackman & Vigna, "Scrambled
 *   linear pseudorandom number generators", 2018, seeded through splitmix32).
 * - {@link Mulberry32}: the stream of data/'s generators and viz's jitter. The shipped datasets,
 *   splits and the notebooks' printed numbers were made with it, so it stays as it is.
 * - {@link Lcg32} and {@link MinStd}: the linear congruential streams that test fixtures and
 *   benchmarks draw their weights from; their golden values depend on them.
 */
import { coreErrors } from './errors';

/** A seed: a whole number (its low 32 bits are used) or a string (hashed). */
export type Seed = number | string;

/** True for a value {@link checkSeed} accepts. */
export function isSeed(value: unknown): value is Seed {
  return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
}

/**
 * Checks a seed given by a user and returns it. NaN, ±Infinity, fractions and anything but a
 * number or a string are refused: each of them used to act like seed 0 without saying so.
 * @param fn The public function that took the seed (named in the message).
 * @param arg The argument or option that held it. Default: 'seed'.
 */
export function checkSeed(seed: unknown, fn?: string, arg = 'seed'): Seed {
  if (!isSeed(seed)) throw new Error(coreErrors.seed(arg, fn, seed));
  return seed;
}

/** A seed as 32 bits: the low bits of a whole number, FNV-1a of a string. */
export function hashSeed(seed: Seed): number {
  if (typeof seed === 'number') return Math.trunc(seed) | 0;
  // FNV-1a: cheap and stable, enough to turn a label into a 32-bit seed.
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** What every stream offers on top of its `uniform()`. */
export abstract class RandomStream {
  private spareNormal: number | null = null;

  /** A uniform number in [0, 1). */
  abstract uniform(): number;

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A uniform number in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** A standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `a` in place uniformly (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** `count` uniform numbers in [0, 1) as a Float32Array (rounded from the stream's draws). */
  uniforms(count: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.uniform();
    return out;
  }

  /** `count` uniform integers in [0, n). */
  ints(count: number, n: number): Int32Array {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.int(n);
    return out;
  }
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** explain/'s deterministic stream (xoshiro128**), 53-bit uniforms, unbiased integers. */
export class Rng extends RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * Starts the stream of `seed`; equal seeds give equal streams.
   * @param fn The public function the seed was given to, named if the seed is refused.
   */
  constructor(seed: Seed = 0, fn?: string) {
    super();
    const st = { s: hashSeed(checkSeed(seed, fn)) };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform number in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [0, n) without modulo bias; n must be a positive integer < 2^32. */
  override int(n: number): number {
    if (n <= 1) return 0;
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % n;
    }
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** A new independent stream derived from this one (for splitting work without reordering draws). */
  fork(): Rng {
    return new Rng(this.nextUint32() | 0);
  }
}

/** mulberry32 (Tommy Ettinger, 2017): 32-bit state, 32-bit uniforms. */
export class Mulberry32 extends RandomStream {
  private state: number;

  /** Starts from the raw 32-bit `state` (viz's jitter); see {@link Mulberry32.seeded} for data/. */
  constructor(state: number) {
    super();
    this.state = state >>> 0;
  }

  /**
   * The stream of data/'s generators for `seed`: the seed is mixed once so that seeds 0, 1, 2, …
   * do not start on correlated streams.
   * @param fn The public function the seed was given to, named if the seed is refused.
   */
  static seeded(seed: Seed, fn?: string): Mulberry32 {
    const s = hashSeed(checkSeed(seed, fn));
    return new Mulberry32((Math.imul(s ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0);
  }

  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates), as a plain array. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }
}

/**
 * A 32-bit linear congruential generator s ← a·s + c mod 2³², by default the one of Numerical
 * Recipes (a = 1664525, c = 1013904223).
 */
export class Lcg32 extends RandomStream {
  private state: number;

  /** Starts from the raw 32-bit `state`; the first draw is the state after one step. */
  constructor(
    state: number,
    private readonly a = 1664525,
    private readonly c = 1013904223,
  ) {
    super();
    this.state = state >>> 0;
  }

  /** The next state, an unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (Math.imul(this.state, this.a) + this.c) >>> 0;
    return this.state;
  }

  uniform(): number {
    return this.nextUint32() / 4294967296;
  }
}

/** Park and Miller's minimal standard generator (a = 16807, m = 2³¹ − 1). */
export class MinStd extends RandomStream {
  private state: number;

  /** Starts from `state` in [1, 2³¹ − 2]; the first draw is the state after one step. */
  constructor(state: number) {
    super();
    this.state = state;
  }

  uniform(): number {
    this.state = (this.state * 16807) % 2147483647;
    return this.state / 2147483647;
  }
}
