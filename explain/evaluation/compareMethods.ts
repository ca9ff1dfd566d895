/**
 * One call that scores several attribution methods on the same inputs by the same metrics —
 * run time, completeness gap, Monte-Carlo error, infidelity and max-sensitivity (Yeh et al.,
 * NeurIPS 2019), deletion and insertion AUC (Petsiuk et al., BMVC 2018) — and says which method
 * wins each metric. viz's `comparisonPlot` draws the table.
 */
import { ready } from '../engine';
import { Checkpoint, type ProgressOptions } from '../progress';
import type { AttributionResult } from '../attribution/result';
import type { InputLike, ModelLike, OutputSelection } from '../types';
import { errors } from '../internal/errors';
import { isKeyOf } from '../internal/keys';
import { fmt, table as alignTable } from '../internal/textTable';
import { resolveMethod, type MethodSpec, type ResolvedMethod } from './attributionMethods';
import { completeness } from './completeness';
import { deletionCurve, type CurveResult, type DeletionCurveOptions } from './deletionCurve';
import { infidelity, type InfidelityOptions } from './infidelity';
import { insertionCurve } from './insertionCurve';
import type { MetricResult } from './metricResult';
import { monteCarloError } from './monteCarloError';
import { sensitivityMax, type SensitivityMaxOptions } from './sensitivityMax';

/** The metrics {@link compareMethods} knows, and whether lower is better. */
export const COMPARISON_METRICS = {
  completeness: { lowerIsBetter: true, title: 'completeness gap |Σφ − Δf|' },
  monteCarloError: { lowerIsBetter: true, title: 'Monte-Carlo SE' },
  infidelity: { lowerIsBetter: true, title: 'infidelity' },
  sensitivityMax: { lowerIsBetter: true, title: 'max-sensitivity' },
  deletionAUC: { lowerIsBetter: true, title: 'deletion AUC' },
  insertionAUC: { lowerIsBetter: false, title: 'insertion AUC' },
} as const;
/** A metric name of {@link COMPARISON_METRICS}. */
export type ComparisonMetric = keyof typeof COMPARISON_METRICS;
/** Whether `s` names a comparison metric. */
export function isComparisonMetric(s: unknown): s is ComparisonMetric {
  return isKeyOf(s, COMPARISON_METRICS);
}

const DEFAULT_METRICS: readonly ComparisonMetric[] = [
  'completeness',
  'infidelity',
  'sensitivityMax',
  'deletionAUC',
  'insertionAUC',
];
const DEFAULTS = { seed: 0 };

/** Options of {@link compareMethods}. */
export interface CompareMethodsOptions extends ProgressOptions {
  /** The methods: names, names with options, or labelled explainer functions. */
  methods: readonly MethodSpec[];
  /** The metrics, from {@link COMPARISON_METRICS}. Default: completeness, infidelity, sensitivityMax, deletionAUC, insertionAUC. */
  metrics?: readonly ComparisonMetric[];
  /** Seed of every sampling method and metric. Default: 0. */
  seed?: number;
  /** Which output is explained and scored. Default: the only output. */
  output?: OutputSelection;
  /** Options of the infidelity metric (its multiplyByInputs defaults to the method's kind). Default: infidelity's defaults. */
  infidelity?: Omit<InfidelityOptions, 'seed' | 'output' | 'onProgress' | 'signal'>;
  /** Options of the max-sensitivity metric. Default: sensitivityMax's defaults. */
  sensitivity?: Omit<SensitivityMaxOptions, 'seed' | 'output' | 'onProgress' | 'signal'>;
  /** Options of the deletion and insertion curves. Default: their defaults. */
  curves?: Omit<DeletionCurveOptions, 'seed' | 'output' | 'onProgress' | 'signal'>;
}

/** One method's row of the comparison. */
export interface ComparisonRow {
  method: string;
  /** Wall-clock time of the attribution call in milliseconds. */
  timeMs: number;
  /** Per metric, the mean over inputs and its standard error. */
  scores: Partial<Record<ComparisonMetric, { mean: number; standardError: number }>>;
}

/** The result of {@link compareMethods}. */
export interface ComparisonResult {
  metrics: ComparisonMetric[];
  rows: ComparisonRow[];
  /** Per metric, the best method's label. */
  winners: Partial<Record<ComparisonMetric, string>>;
  /** Each method's attributions. */
  attributions: Record<string, AttributionResult>;
  /** Each method's deletion and insertion curves, when those metrics ran. */
  curves: Record<string, { deletion?: CurveResult; insertion?: CurveResult }>;
  toText(): string;
}

/**
 * Runs every method on `inputs` and scores it by every metric.
 * @throws naming the metric and method when a metric is undefined for a method
 * (monteCarloError of a deterministic method).
 */
export async function compareMethods(
  model: ModelLike,
  inputs: InputLike,
  options: CompareMethodsOptions,
): Promise<ComparisonResult> {
  const fn = 'compareMethods';
  await ready();
  const o = { ...DEFAULTS, ...options };
  if (!Array.isArray(o.methods) || o.methods.length === 0) throw new Error(errors.evalMethodsEmpty(fn));
  const metrics = [...(o.metrics ?? DEFAULT_METRICS)];
  for (const mt of metrics)
    if (!isComparisonMetric(mt)) throw new Error(errors.oneOf('metrics', fn, Object.keys(COMPARISON_METRICS), mt));
  const methods: ResolvedMethod[] = o.methods.map((s, i) => resolveMethod(s, `methods[${i}]`, fn));
  for (const m of methods) {
    if (metrics.includes('monteCarloError') && !m.sampled) {
      throw new Error(
        errors.evalMetricForMethod(
          fn,
          'monteCarloError',
          m.label,
          'it draws no samples, so it has no Monte-Carlo standard error',
        ),
      );
    }
  }
  const common = { seed: o.seed, output: o.output, signal: o.signal };
  const checkpoint = new Checkpoint(fn, methods.length * (1 + metrics.length), o);
  try {
    const rows: ComparisonRow[] = [];
    const attributions: Record<string, AttributionResult> = {};
    const curves: ComparisonResult['curves'] = {};
    for (let mi = 0; mi < methods.length; mi++) {
      const m = methods[mi];
      const spec = o.methods[mi];
      const t0 = performance.now();
      const result = await m.run(model, inputs, { output: o.output, seed: o.seed });
      const timeMs = performance.now() - t0;
      attributions[m.label] = result;
      await checkpoint.step();
      const scores: ComparisonRow['scores'] = {};
      curves[m.label] = {};
      for (const mt of metrics) {
        let r: MetricResult;
        switch (mt) {
          case 'completeness':
            r = completeness(result);
            break;
          case 'monteCarloError':
            r = monteCarloError(result);
            break;
          case 'infidelity':
            r = await infidelity(model, inputs, result, { multiplyByInputs: !m.local, ...o.infidelity, ...common });
            break;
          case 'sensitivityMax':
            r = await sensitivityMax(model, inputs, spec, { ...o.sensitivity, ...common });
            break;
          case 'deletionAUC': {
            const c = await deletionCurve(model, inputs, result, { ...o.curves, ...common });
            curves[m.label].deletion = c;
            r = c;
            break;
          }
          case 'insertionAUC': {
            const c = await insertionCurve(model, inputs, result, { ...o.curves, ...common });
            curves[m.label].insertion = c;
            r = c;
            break;
          }
        }
        scores[mt] = { mean: r.mean, standardError: r.standardError };
        await checkpoint.step();
      }
      rows.push({ method: m.label, timeMs, scores });
    }
    const winners: ComparisonResult['winners'] = {};
    for (const mt of metrics) {
      const lower = COMPARISON_METRICS[mt].lowerIsBetter;
      let best: ComparisonRow | null = null;
      for (const row of rows) {
        const v = row.scores[mt]?.mean;
        if (v === undefined || !Number.isFinite(v)) continue;
        const bv = best?.scores[mt]?.mean;
        if (best === null || bv === undefined || (lower ? v < bv : v > bv)) best = row;
      }
      if (best) winners[mt] = best.method;
    }
    return {
      metrics,
      rows,
      winners,
      attributions,
      curves,
      toText() {
        const head = ['method', 'time (ms)', ...metrics.map((mt) => `${mt} ${COMPARISON_METRICS[mt].lowerIsBetter ? '↓' : '↑'}`)];
        const lines = rows.map((row) => [
          row.method,
          row.timeMs.toFixed(1),
          ...metrics.map((mt) => {
            const s = row.scores[mt];
            if (!s) return '—';
            return `${fmt(s.mean)}±${fmt(s.standardError)}${winners[mt] === row.method ? ' *' : ''}`;
          }),
        ]);
        return [`compareMethods: mean ± SE over inputs (* best per metric)`, ...alignTable([head, ...lines])].join('\n');
      },
    };
  } finally {
    checkpoint.end();
  }
}
