import { PARAGRAPH_SEPARATOR, type TextOffset } from '../text'

/** One paragraph's text range in the projection: [start, end). */
export interface ParagraphSpan {
  start: TextOffset
  end: TextOffset
}

/**
 * The paragraphs of a projection as ranges. An empty projection has no
 * paragraphs. Worked example: "ab\n\ncde" → [{0,2}, {4,7}].
 */
export function paragraphSpans(projection: string): ParagraphSpan[] {
  if (projection.length === 0) return []
  const spans: ParagraphSpan[] = []
  let start = 0
  for (;;) {
    const at = projection.indexOf(PARAGRAPH_SEPARATOR, start)
    if (at === -1) {
      spans.push({ start, end: projection.length })
      return spans
    }
    spans.push({ start, end: at })
    start = at + PARAGRAPH_SEPARATOR.length
  }
}

/**
 * Splits [start, end) into its parts inside paragraphs, dropping the separators;
 * empty parts are dropped unless the whole range is empty and inside a paragraph.
 */
export function splitByParagraph(spans: readonly ParagraphSpan[], start: TextOffset, end: TextOffset): ParagraphSpan[] {
  const parts: ParagraphSpan[] = []
  for (const p of spans) {
    if (p.end < start) continue
    if (p.start > end) break
    const s = Math.max(start, p.start)
    const e = Math.min(end, p.end)
    if (e > s || (start === end && s === e)) parts.push({ start: s, end: e })
  }
  return parts
}

/**
 * Index of the first paragraph whose end is at or after `offset` (the paragraph
 * holding it, or the next one when it lies in a separator); `spans.length` past
 * the last. Binary search: O(log paragraphs).
 */
export function paragraphIndexAt(spans: readonly ParagraphSpan[], offset: TextOffset): number {
  let lo = 0
  let hi = spans.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (spans[mid].end < offset) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * `offset` when it lies inside a paragraph (ends included); inside a separator,
 * the end of the paragraph before it. Where a footnote mark for a range ending
 * in a paragraph break goes.
 */
export function clampIntoParagraph(spans: readonly ParagraphSpan[], offset: TextOffset): TextOffset {
  if (spans.length === 0) return 0
  const i = paragraphIndexAt(spans, offset)
  if (i < spans.length && spans[i].start <= offset) return offset
  return i > 0 ? spans[i - 1].end : spans[0].start
}
