/**
 * The messages core/ throws, as functions, so that tests can match them exactly.
 * Form: `Argument 'x' passed to 'fn' must ..., but got ...`.
 */
import { describe } from './describe';

export const coreErrors = {
  seed: (arg: string, fn: string | undefined, got: unknown) =>
    `Argument '${arg}'${fn ? ` passed to '${fn}'` : ''} must be a whole number or a string, but got ${describe(got)}.`,
  packageMissing: (name: string) => `pathlab: cannot find the package '${name}'.`,
};
