/**
 * Whole-word matching for scripts that separate words with spaces.
 *
 * A word character is a letter of the Latin, Greek or Cyrillic script, a decimal
 * digit, "_" or a combining mark (the accent of a decomposed "é" belongs to its
 * word). Chinese and Japanese are written without spaces, so their characters are
 * never word characters: a match of 中亚 is always whole, while "Asia" is not
 * whole inside "Asian" and "6" is not whole inside "2026".
 */
const WORD = String.raw`[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\p{M}_]`

/**
 * Wraps a regular expression source (compiled with the `u` flag) so it only
 * matches whole words: the match may neither start between two word characters
 * nor end between two. Matches that start or end with a non-word character,
 * such as "，" or 中, need no space around them. Worked example: over
 * "Asian Asia, 2026 6棵", whole-word "Asia" matches once (at 6), "6" once (at 17).
 */
export function wholeWordSource(source: string): string {
  // Start: no word character before, or the match itself starts with none.
  // End: no word character after, or the match itself ends with none.
  return `(?:(?<!${WORD})|(?!${WORD}))(?:${source})(?:(?!${WORD})|(?<!${WORD}))`
}
