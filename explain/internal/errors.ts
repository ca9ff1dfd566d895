/**
 * Every error message pathlab's library throws, as functions, so that tests can match them
 * exactly. Form: `Argument 'x' passed to 'fn' must ..., but got ...`.
 * Each area of explain/ keeps its messages in its own section below.
 */

/** Renders a received value briefly for a message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  return String(value);
}

export const errors = {
  // --- engine -------------------------------------------------------------------------------
  unknownBackend: (got: string, valid: string[]) =>
    `PATHLAB_BACKEND must be one of ${valid.map((v) => `'${v}'`).join(', ')}, but got '${got}'.`,
  backendUnavailable: (name: string, reason: string, hint: string) =>
    `PATHLAB_BACKEND='${name}' was requested but that backend cannot be loaded: ${reason}.` +
    (hint ? ` To get it, ${hint}.` : ''),

  // --- attribution (add below) --------------------------------------------------------------

  // --- interaction (add below) --------------------------------------------------------------

  // --- priors (add below) -------------------------------------------------------------------
};
