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

/** {@link captureWarnings} for async work: the console.warn calls until fn's promise settles. */
export async function captureWarningsAsync<T>(fn: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  const quiet = process.env.PATHLAB_QUIET;
  delete process.env.PATHLAB_QUIET;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    return { result: await fn(), warnings };
  } finally {
    console.warn = original;
    if (quiet !== undefined) process.env.PATHLAB_QUIET = quiet;
  }
}

/** Decodes a PNG data URL of an 8-bit RGB image written with filters None or Sub (what viz/internal/png.ts writes). */
export function decodeRgbDataURL(url: string): { width: number; height: number; rgb: Uint8Array } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zlib = require('node:zlib') as typeof import('node:zlib');
  const png = Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 2) throw new Error('not 8-bit RGB');
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const rgb = new Uint8Array(width * height * 3);
  const stride = width * 3;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i];
      if (filter === 0) rgb[y * stride + i] = v;
      else if (filter === 1) rgb[y * stride + i] = (v + (i >= 3 ? rgb[y * stride + i - 3] : 0)) & 0xff;
      else throw new Error(`filter ${filter}`);
    }
  }
  return { width, height, rgb };
}
