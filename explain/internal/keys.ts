/** Membership in the closed string sets (`as const` objects) the public option types are keyed by. */

/** Whether `s` is a string naming one of the own keys of `set`. */
export function isKeyOf<T extends string>(s: unknown, set: Readonly<Record<T, unknown>>): s is T {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(set, s);
}
