/** The per-epoch history {@link train} returns, with its text table. */
import { table } from '../../internal/textTable';
import type { MetricName } from '../metrics';
import type { EpochLog, Schedule } from './options';

/** The per-epoch history of a {@link train} call. */
export class TrainHistory {
  constructor(
    /** One log per epoch, in order. */
    readonly epochs: EpochLog[],
    /** The prior's name, or null. */
    readonly prior: string | null,
    /** λ. */
    readonly lambda: number,
    /** The schedule used. */
    readonly schedule: Schedule,
    /** The epoch whose weights `restoreBest` restored (0-based, as `EpochLog.epoch`), or null. */
    readonly bestEpoch: number | null = null,
  ) {}

  /** A readable table, one row per epoch. */
  toText(): string {
    const metricNames = [...new Set(this.epochs.flatMap((e) => Object.keys(e.metrics)))] as MetricName[];
    const valNames = [...new Set(this.epochs.flatMap((e) => Object.keys(e.valMetrics ?? {})))] as MetricName[];
    const hasVal = this.epochs.some((e) => e.valTaskLoss !== undefined);
    const header = ['epoch', 'phase', 'task loss', 'prior', ...metricNames];
    if (hasVal) header.push('val loss', 'val prior', ...valNames.map((m) => `val ${m}`));
    const fmt = (v: number | null | undefined) =>
      v === null || v === undefined ? '—' : Number.isFinite(v) ? v.toPrecision(4) : String(v);
    const rows = this.epochs.map((e) => {
      const r = [String(e.epoch + 1), e.phase, fmt(e.taskLoss), fmt(e.prior), ...metricNames.map((m) => fmt(e.metrics[m]))];
      if (hasVal) r.push(fmt(e.valTaskLoss), fmt(e.valPrior), ...valNames.map((m) => fmt(e.valMetrics?.[m])));
      return r;
    });
    const title = this.prior ? `train: prior ${this.prior}, λ = ${this.lambda}, ${this.schedule}` : 'train: no prior';
    const lines = [title, ...table([header, ...rows])];
    if (this.bestEpoch !== null) lines.push(`weights of epoch ${this.bestEpoch + 1} (best on validation) restored`);
    return lines.join('\n');
  }
}
