/**
 * Text formatting shared by the result objects' `toText()` and `nested()`: numbers, the
 * parameter header, right-aligned tables and nesting flat values into a shape.
 */
/** Four decimals, or two-digit exponent form for very small or large magnitudes. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return v.toFixed(4);
}

/** `k=v, …` of the defined parameters, for a result's header line. */
export function formatParams(params: Readonly<Record<string, string | number | boolean | undefined>>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The rows of cells right-aligned per column, two spaces apart. */
export function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((l) => l[c].length)));
  return rows.map((l) => l.map((c, j) => c.padStart(widths[j])).join('  '));
}
