/**
 * pathlab's leaf: small helpers that explain/, viz/, data/ and kernel/ share. core/ imports
 * nothing of pathlab (and nothing outside Node's standard library), so every folder may import it.
 * It is not part of the public API.
 */
export { describe } from './describe';
export { coreErrors } from './errors';
export { escapeHtml, scriptJson, scriptText, unescapeHtml } from './html';
export { nest, unravel, type NestedArray, type NestedArrayOf, type NestedNumbers } from './nested';
export { packageDir } from './packageDir';
export { checkSeed, hashSeed, isSeed, Lcg32, MinStd, Mulberry32, RandomStream, Rng, type Seed } from './rng';
export { isQuiet, resetWarnings, warnOnce, warnOncePer } from './warnOnce';
export { editDistance, keysOf, nearestKey } from './optionKeys';
