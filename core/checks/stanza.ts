import type { ParagraphShape } from './paragraphShape'

/** Longest line of a stanza: verse lines are short, while prose wrapped at 72 columns runs to 11–13 words a line. */
export const STANZA_MAX_WORDS = 8
/** Longest CJK line of a stanza, in characters (a line of verse; prose wrapped at 72 columns holds 36). */
export const STANZA_MAX_CJK_CHARS = 16

/**
 * The stanza paragraph i belongs to, as the indexes of its first and last line, or
 * null: a block of at least two lines joined by hard wraps (`wraps`: gap indexes, see
 * hardWraps.ts), each at most STANZA_MAX_WORDS words (STANZA_MAX_CJK_CHARS for CJK).
 * A poem's stanza may end without punctuation and the next one open in lower case
 * ("is waving once again" / "not to the boat, not to us,"): verse, neither a layout
 * break nor a fragment (#18). O(lines of the block).
 */
export function stanzaAround(shapes: readonly ParagraphShape[], wraps: ReadonlySet<number>, i: number): { first: number; last: number } | null {
  if (i < 0 || i >= shapes.length) return null
  const short = (shape: ParagraphShape) => shape.length > 0 && shape.length <= (shape.cjk ? STANZA_MAX_CJK_CHARS : STANZA_MAX_WORDS)
  let first = i
  while (first > 0 && wraps.has(first - 1)) first--
  let last = i
  while (last + 1 < shapes.length && wraps.has(last)) last++
  if (last === first) return null
  for (let j = first; j <= last; j++) if (!short(shapes[j])) return null
  return { first, last }
}
