/** Putting charts side by side or one above another. */
import { Chart, type VegaLiteSpec } from './Chart';
import { errors } from './internal/errors';
import { baseConfig, SCHEMA_URL } from './internal/spec';

/** Properties vega-lite allows only on the top-level spec; they are dropped from the parts. */
const TOP_LEVEL_ONLY = ['$schema', 'config', 'autosize', 'background', 'padding', 'usermeta', 'datasets'];

/**
 * Parameter (selection) names must be unique across a composed spec: two summary plots side by
 * side would both define `feature`. A repeated name is renamed, with every reference to it, in
 * the later part.
 */
function uniqueParams(parts: VegaLiteSpec[]): VegaLiteSpec[] {
  const seen = new Set<string>();
  return parts.map((part, i) => {
    let json = JSON.stringify(part);
    for (const name of paramNames(part)) {
      if (seen.has(name)) {
        const renamed = `${name}_${i + 1}`;
        json = json.replace(new RegExp(`\\b${name}\\b`, 'g'), renamed);
        seen.add(renamed);
      } else seen.add(name);
    }
    return JSON.parse(json) as VegaLiteSpec;
  });
}

function paramNames(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((x) => paramNames(x, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'params' && Array.isArray(value)) {
        for (const p of value) {
          const name = (p as { name?: unknown }).name;
          if (typeof name === 'string') out.push(name);
        }
      } else if (key !== 'data') paramNames(value, out);
    }
  }
  return out;
}

function compose(kind: 'hconcat' | 'vconcat', fn: string, charts: Chart[]): Chart {
  if (charts.length === 0) throw new Error(errors.noCharts(fn));
  charts.forEach((c, i) => {
    if (!(c instanceof Chart)) throw new Error(errors.badOption(`charts[${i}]`, fn, 'a Chart', c));
  });
  const parts = uniqueParams(
    charts.map((c) => {
      const part: VegaLiteSpec = { ...c.spec };
      for (const key of TOP_LEVEL_ONLY) delete part[key];
      return part;
    }),
  );
  const spec: VegaLiteSpec = {
    $schema: SCHEMA_URL,
    [kind]: parts,
    // Each part keeps its own colour scales and legends: the parts' scales are unrelated.
    resolve: {
      scale: { color: 'independent', fill: 'independent', stroke: 'independent', opacity: 'independent', size: 'independent' },
    },
    config: baseConfig(),
  };
  return new Chart(spec, charts.map((c) => c.description).join(kind === 'hconcat' ? ' | ' : '\n'));
}

/** Places charts side by side, left to right; each keeps its own scales and legends. */
export function hconcat(...charts: Chart[]): Chart {
  return compose('hconcat', 'hconcat', charts);
}

/** Stacks charts top to bottom; each keeps its own scales and legends. */
export function vconcat(...charts: Chart[]): Chart {
  return compose('vconcat', 'vconcat', charts);
}
