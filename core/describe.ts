/** Renders a received value briefly for an error message: what it is, never "[object Object]". */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') {
    const shape = (value as { shape?: unknown }).shape;
    if (Array.isArray(shape)) return `a tensor of shape [${shape.join(', ')}]`;
    // String() of an options object would say "[object Object]", which names nothing.
    return `an object with keys {${Object.keys(value).join(', ')}}`;
  }
  if (typeof value === 'function') return 'a function';
  return String(value);
}
