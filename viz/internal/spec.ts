/** What every pathlab chart spec shares: the schema URL, the font, the colour ranges. */
import type { VegaLiteSpec } from '../Chart';

/** Jupyter front ends render vega-lite v5 natively (not v6), so specs declare v5. */
export const SCHEMA_URL = 'https://vega.github.io/schema/vega-lite/v5.json';

/** The only font the PNG renderer loads; naming it everywhere makes SVG and PNG agree. */
export const FONT = 'DejaVu Sans';

/** Shared config. Titles are not bold because only the regular face is bundled. */
export function baseConfig(): Record<string, unknown> {
  return {
    font: FONT,
    title: { fontWeight: 'normal', fontSize: 15 },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
    legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
    header: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal' },
  };
}

/** path_explain's green-to-gold map for feature values (low to high). */
export const GREEN_GOLD = ['#147d00', '#fae600'];

/** path_explain's maroon-white-aqua map for signed attributions, white at zero. */
export const DIVERGING = ['#8c0f0f', '#ffffff', '#00dcaa'];

/** Category colours for series and methods. */
export const CATEGORY_SCHEME = 'tableau10';

/** Wraps a plot body as a top-level v5 spec with the shared config. */
export function topLevel(body: Record<string, unknown>): VegaLiteSpec {
  return { $schema: SCHEMA_URL, ...body, config: baseConfig() };
}

/**
 * A vega expression that maps an integer axis value to its label, so that axes can show names
 * (which may repeat, like tokens) while positions stay indices.
 */
/** The width charts fit by default: a notebook output area (JupyterLab's is about 1,000 px on a laptop). */
export const OUTPUT_WIDTH = 1000;

export function labelLookup(names: readonly string[]): string {
  return `${expressionLiteral(names)}[datum.value] || ''`;
}

/**
 * A value as a literal inside a vega expression. JSON leaves U+2028 and U+2029 unescaped, but
 * vega's expression parser (like JavaScript before ES2019) ends a string at them, so a feature
 * name or token holding one made the chart fail to render.
 */
export function expressionLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A diverging colour scale centred at 0, white at 0, saturated at ±bound (values beyond clamp). */
export function divergingScale(lo: number, hi: number): Record<string, unknown> {
  // A zero-width domain would make vega divide by zero; any positive bound draws all-white.
  const a = lo < 0 ? lo : -1e-12;
  const b = hi > 0 ? hi : 1e-12;
  // rgb interpolation: hcl through white (which has no hue) swings to saturated colours near 0.
  return { domain: [a, 0, b], range: DIVERGING, interpolate: 'rgb', clamp: true };
}

/** Largest absolute value (0 for none). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}
