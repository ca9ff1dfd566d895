/**
 * Warnings that are given once: for ignored or dubious options, a model that cannot do what was
 * asked. Written to stderr with a `pathlab: ` prefix, unless the environment variable
 * `PATHLAB_QUIET` is set (tests, benchmarks, `pathlab info`).
 */

/** True when `PATHLAB_QUIET` asks pathlab to write no warnings. */
export function isQuiet(): boolean {
  return typeof process !== 'undefined' && !!process.env?.PATHLAB_QUIET;
}

const warnedMessages = new Set<string>();
const warnedKeys = new Set<string>();
const warnedObjects = new WeakSet<object>();

function emit(message: string): void {
  if (!isQuiet()) console.warn(`pathlab: ${message}`);
}

/** Warns once per distinct message per process, so a loop over calls does not flood a notebook. */
export function warnOnce(message: string): void {
  if (warnedMessages.has(message)) return;
  warnedMessages.add(message);
  emit(message);
}

/**
 * Warns once per `key` (an object such as a model, held weakly, or a string), whatever the
 * message: the first call for a key speaks, later ones are silent.
 */
export function warnOncePer(key: object | string, message: string): void {
  if (typeof key === 'string') {
    if (warnedKeys.has(key)) return;
    warnedKeys.add(key);
  } else {
    if (warnedObjects.has(key)) return;
    warnedObjects.add(key);
  }
  emit(message);
}

/** Forgets which messages and string keys were warned about (tests only; object keys are weak). */
export function resetWarnings(): void {
  warnedMessages.clear();
  warnedKeys.clear();
}
