/**
 * The comparison table of explain's compareMethods as a chart: one small bar chart per metric,
 * methods side by side with ±SE error bars and the best method of each metric outlined.
 * The metrics are those of Yeh et al. (NeurIPS 2019), Petsiuk et al. (BMVC 2018) and the
 * completeness axiom of Sundararajan et al. (ICML 2017).
 */
import { Chart } from './Chart';
import { positiveNumber, round } from './internal/arrays';
import { errors } from './internal/errors';
import { CATEGORY_SCHEME, topLevel } from './internal/spec';
import { checkOptionKeys } from './internal/optionKeys';

/** What explain's compareMethods returns has these fields. */
export interface ComparisonLike {
  metrics: string[];
  rows: { method: string; timeMs: number; scores: Partial<Record<string, { mean: number; standardError: number }>> }[];
  winners: Partial<Record<string, string>>;
}

/** Options of {@link comparisonPlot}. */
export interface ComparisonPlotOptions {
  /** Add a panel for the run time. Default: true. */
  showTime?: boolean;
  /** Width of each panel in pixels. Default: 150. */
  panelWidth?: number;
  /** Chart title. Default: `Which explanation to trust (↓ lower is better, ↑ higher)`. */
  title?: string;
}

const LOWER_IS_BETTER: Record<string, boolean> = {
  completeness: true,
  monteCarloError: true,
  infidelity: true,
  sensitivityMax: true,
  deletionAUC: true,
  insertionAUC: false,
  'time (ms)': true,
};

const FN = 'comparisonPlot';

/** One bar chart per metric of a method comparison. */
export function comparisonPlot(comparison: ComparisonLike, options: ComparisonPlotOptions = {}): Chart {
  checkOptionKeys('comparisonPlot', options);
  if (
    typeof comparison !== 'object' ||
    comparison === null ||
    !Array.isArray(comparison.rows) ||
    !Array.isArray(comparison.metrics)
  ) {
    throw new Error(errors.notNumeric('comparison', FN, 'a compareMethods result {metrics, rows, winners}', comparison));
  }
  if (comparison.rows.length === 0) throw new Error(errors.empty('comparison.rows', FN));
  const showTime = options.showTime ?? true;
  const panelWidth = positiveNumber(options.panelWidth ?? 150, 'panelWidth', FN);
  const methods = comparison.rows.map((r) => r.method);
  const metrics = [...comparison.metrics, ...(showTime ? ['time (ms)'] : [])];
  const title = (m: string) => `${m} ${LOWER_IS_BETTER[m] === false ? '↑' : '↓'}`;
  const data: Record<string, unknown>[] = [];
  let bestTime = '';
  if (showTime) bestTime = comparison.rows.reduce((b, r) => (r.timeMs < b.timeMs ? r : b)).method;
  for (const r of comparison.rows) {
    for (const m of metrics) {
      const s = m === 'time (ms)' ? { mean: r.timeMs, standardError: 0 } : r.scores[m];
      if (!s) continue;
      const best = m === 'time (ms)' ? bestTime === r.method : comparison.winners[m] === r.method;
      data.push({
        metric: title(m),
        method: r.method,
        mean: round(s.mean),
        lower: round(s.mean - s.standardError),
        upper: round(s.mean + s.standardError),
        best: best ? 'best' : '',
      });
    }
  }
  const spec = topLevel({
    title: options.title ?? 'Which explanation to trust (↓ lower is better, ↑ higher)',
    data: { values: data },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: metrics.map(title), header: { labelFontSize: 12 } } },
    spec: {
      width: panelWidth,
      height: 180,
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'method', type: 'nominal', title: null, sort: methods, axis: { labelAngle: -40 } },
            y: { field: 'mean', type: 'quantitative', title: null },
            color: { field: 'method', type: 'nominal', legend: null, scale: { domain: methods, scheme: CATEGORY_SCHEME } },
            stroke: { condition: { test: "datum.best === 'best'", value: '#000000' }, value: null },
            strokeWidth: { value: 2 },
            tooltip: [
              { field: 'method', type: 'nominal', title: 'Method' },
              { field: 'mean', type: 'quantitative', title: 'Mean', format: '.4g' },
              { field: 'upper', type: 'quantitative', title: 'Mean + SE', format: '.4g' },
            ],
          },
        },
        {
          mark: { type: 'rule', color: '#333333' },
          encoding: {
            x: { field: 'method', type: 'nominal', sort: methods },
            y: { field: 'lower', type: 'quantitative' },
            y2: { field: 'upper' },
          },
        },
        {
          transform: [{ filter: "datum.best === 'best'" }],
          mark: { type: 'text', dy: -8, text: '★', fontSize: 14 },
          encoding: { x: { field: 'method', type: 'nominal', sort: methods }, y: { field: 'upper', type: 'quantitative' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  });
  const wins = comparison.metrics.map((m) => `${m}: ${comparison.winners[m] ?? '—'}`).join(', ');
  return new Chart(spec, `${FN}: ${methods.length} methods × ${metrics.length} metrics; best — ${wins}`);
}
