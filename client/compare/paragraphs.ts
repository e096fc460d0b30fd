import { PARAGRAPH_SEPARATOR, type TextOffset } from '../../core/text/projection'

/** One paragraph of the projection: number from 1 (as the compare view shows ¶N) and its range. */
export interface ParagraphRange {
  number: number
  start: TextOffset
  end: TextOffset
  text: string
}

/** The paragraphs of a projection (texts joined by "\n\n"), in order. */
export function paragraphsOf(projection: string): ParagraphRange[] {
  const out: ParagraphRange[] = []
  let start = 0
  for (const text of projection.split(PARAGRAPH_SEPARATOR)) {
    out.push({ number: out.length + 1, start, end: start + text.length, text })
    start += text.length + PARAGRAPH_SEPARATOR.length
  }
  return out
}

/** The number (from 1) of the paragraph holding `offset`; an offset in a separator counts to the paragraph after it. */
export function paragraphNumberAt(paragraphs: ParagraphRange[], offset: TextOffset): number {
  let lo = 0
  let hi = paragraphs.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (paragraphs[mid].start <= offset) lo = mid
    else hi = mid - 1
  }
  const p = paragraphs[lo]
  return offset > p.end && lo + 1 < paragraphs.length ? lo + 2 : p.number
}

/** "¶26–35 一要坚守彼此信赖、相互支…": where a witness is and how it opens (as proposeComparisons labels them). */
export function witnessLabel(projection: string, paragraphs: ParagraphRange[], start: TextOffset, end: TextOffset): string {
  const first = paragraphNumberAt(paragraphs, start)
  const last = paragraphNumberAt(paragraphs, Math.max(start, end - 1))
  const opening = projection.slice(start, Math.min(end, start + 12)).replace(/\s+/g, ' ')
  return `${first === last ? `¶${first}` : `¶${first}–${last}`} ${opening}…`
}
