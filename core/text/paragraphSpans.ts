import { PARAGRAPH_SEPARATOR, type TextOffset } from './projection'

/**
 * Paragraphs of the projection as ranges, and "which paragraph holds offset N".
 * The one lookup that export, the compare view, the duplicates panel and the
 * projection index share. Offsets are UTF-16 code units into the projection.
 */

/** One paragraph's text range in the projection: [start, end), separators excluded. */
export interface ParagraphSpan {
  start: TextOffset
  end: TextOffset
}

/**
 * The paragraphs of a projection (paragraph texts joined by "\n\n") as ranges. An
 * empty projection has no paragraphs. O(length); never throws.
 * Worked example: "ab\n\ncde" → [{0, 2}, {4, 7}].
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
 * Index of the paragraph that holds `offset`, both ends of a paragraph included;
 * for an offset inside a separator, the paragraph after it; `spans.length` for an
 * offset past the last paragraph's end (and for any offset when there are no
 * paragraphs). Binary search: O(log paragraphs).
 * Worked example: with spans [{0, 2}, {4, 7}], offsets 0–2 give 0, 3–7 give 1, 8 gives 2.
 * Throws RangeError when `offset` is negative or not an integer.
 */
export function paragraphAt(spans: readonly ParagraphSpan[], offset: TextOffset): number {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset ${offset} is not a text offset`)
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
 * `offset` when it lies inside a paragraph (ends included); inside a separator or
 * past the last paragraph, the end of the paragraph before it; 0 when there are no
 * paragraphs. Where a footnote mark for a range ending in a paragraph break goes,
 * and where a ProseMirror position for an offset in a separator points.
 * Throws RangeError as paragraphAt does.
 */
export function clampIntoParagraph(spans: readonly ParagraphSpan[], offset: TextOffset): TextOffset {
  if (spans.length === 0) return 0
  const i = paragraphAt(spans, offset)
  if (i < spans.length && spans[i].start <= offset) return offset
  return i > 0 ? spans[i - 1].end : spans[0].start
}

/**
 * Splits [start, end) into its parts inside paragraphs, dropping the separators;
 * empty parts are dropped unless the whole range is empty and inside a paragraph.
 * Worked example: with spans [{0, 2}, {4, 7}], [1, 5) → [{1, 2}, {4, 5}]. O(paragraphs).
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
