import { paragraphAt, paragraphSpans, type ParagraphSpan, type TextOffset } from '../../core/text'

/** One paragraph of the projection as the compare view lists it: its number from 1 (shown as ¶N), range and text. */
export interface ParagraphRange extends ParagraphSpan {
  number: number
  text: string
}

/** The paragraphs of a projection (texts joined by "\n\n"), in order; none for an empty projection. */
export function paragraphsOf(projection: string): ParagraphRange[] {
  return paragraphSpans(projection).map((span, index) => ({ ...span, number: index + 1, text: projection.slice(span.start, span.end) }))
}

/**
 * The number (from 1) of the paragraph holding `offset`; an offset in a separator
 * counts to the paragraph after it, one past the end to the last paragraph, and
 * any offset to ¶1 when there are no paragraphs.
 */
export function paragraphNumberAt(paragraphs: readonly ParagraphSpan[], offset: TextOffset): number {
  return Math.max(0, Math.min(paragraphAt(paragraphs, offset), paragraphs.length - 1)) + 1
}

/** "¶26–35 一要坚守彼此信赖、相互支…": where a witness is and how it opens (as proposeComparisons labels them). */
export function witnessLabel(projection: string, paragraphs: readonly ParagraphSpan[], start: TextOffset, end: TextOffset): string {
  const first = paragraphNumberAt(paragraphs, start)
  const last = paragraphNumberAt(paragraphs, Math.max(start, end - 1))
  const opening = projection.slice(start, Math.min(end, start + 12)).replace(/\s+/g, ' ')
  return `${first === last ? `¶${first}` : `¶${first}–${last}`} ${opening}…`
}
