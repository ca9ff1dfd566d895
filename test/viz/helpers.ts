/** Reading data back out of chart specs in tests. */
import type { Chart } from '../../viz';

/** The inline data rows of the first `data.values` (depth-first) that have more than one field. */
export function rowsOf(
  chart: Chart,
  predicate: (rows: Record<string, unknown>[]) => boolean = (rows) => Object.keys(rows[0] ?? {}).length > 1,
): Record<string, unknown>[] {
  const found: Record<string, unknown>[][] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'values' && Array.isArray(v)) found.push(v as Record<string, unknown>[]);
        else walk(v);
      }
    }
  };
  walk(chart.spec);
  const hit = found.find(predicate);
  if (!hit) throw new Error('no matching data in spec');
  return hit;
}

/** Flattens summaryPlot's per-feature columns into one row per dot, as vega's flatten does. */
export function flattenRows(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const row of rows) {
    const arrays = Object.entries(row).filter(([, v]) => Array.isArray(v));
    const n = (arrays[0][1] as unknown[]).length;
    for (let i = 0; i < n; i++) {
      const r: Record<string, unknown> = { ...row };
      for (const [k, v] of arrays) r[k] = (v as unknown[])[i];
      out.push(r);
    }
  }
  return out;
}

/** Captures console.warn calls during fn (with PATHLAB_QUIET lifted). */
export function captureWarnings<T>(fn: () => T): { result: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  const quiet = process.env.PATHLAB_QUIET;
  delete process.env.PATHLAB_QUIET;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    return { result: fn(), warnings };
  } finally {
    console.warn = original;
    if (quiet !== undefined) process.env.PATHLAB_QUIET = quiet;
  }
}
