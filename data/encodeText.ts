/**
 * Turns text into right-padded token ids for an embedding model, the inverse of looking words up
 * in a vocabulary; used to explain sentences typed into a notebook.
 */
import { dataErrors } from './errors';

/**
 * Splits `text` on whitespace (lower-cased) and maps each word to its index in `vocabulary`,
 * padding with 0 (the padding id) to `maxLength`. Unknown words and over-long texts throw.
 */
export function encodeText(text: string, vocabulary: readonly string[], maxLength: number): number[] {
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t.length > 0);
  if (words.length > maxLength) throw new Error(dataErrors.tooLong('encodeText', maxLength, words.length));
  const ids = words.map((t) => {
    const i = index.get(t);
    if (i === undefined) throw new Error(dataErrors.unknownWord('encodeText', t));
    return i;
  });
  while (ids.length < maxLength) ids.push(0);
  return ids;
}
