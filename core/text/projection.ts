/**
 * The plain-text projection: the one coordinate system Variorum shows and exports.
 *
 * A document is a list of paragraphs. Its projection is the paragraph texts joined
 * by a blank line ("\n\n"), exactly as a plain-text source with one paragraph per
 * line and blank lines between. Offsets are UTF-16 code units (`TextOffset`).
 *
 * Worked example: paragraphs ["ab", "cde"] project to "ab\n\ncde"; paragraph 1
 * starts at offset 4. In ProseMirror the same document is
 * <p>ab</p><p>cde</p>: "c" sits at position 5 = offset 4 + 1, because the two
 * separator characters take the place of the closing and opening paragraph tokens.
 * So for a document made only of paragraphs, position = offset + 1 everywhere.
 */

import { nonBlankLines } from './lines'
import { paragraphAt, type ParagraphSpan } from './paragraphSpans'

/** An offset into the plain-text projection, in UTF-16 code units. */
export type TextOffset = number

/** The separator between two paragraphs in the projection. */
export const PARAGRAPH_SEPARATOR = '\n\n'

/** A point inside one paragraph: its index and an offset within its text. */
export interface ParagraphPoint {
  paragraph: number
  offset: number
}

/**
 * Splits a plain-text source into paragraphs, one per non-blank line (see lines.ts
 * for what a line break is: CR LF, LF, CR, NEL, U+2028, U+2029). A line that holds
 * only white space counts as blank; nothing else in a line is changed. Never throws.
 */
export function paragraphsFromPlainText(source: string): string[] {
  return nonBlankLines(source).map((line) => line.text)
}

/** Joins paragraph texts into the projection. */
export function projectParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.join(PARAGRAPH_SEPARATOR)
}

/**
 * Index over a projection's paragraphs, for converting between projection offsets
 * and paragraph points. Built once per document version: O(paragraphs).
 */
export class ProjectionIndex {
  /** Offset at which each paragraph's text starts. */
  readonly starts: readonly TextOffset[]
  readonly lengths: readonly number[]
  /** Length of the whole projection. */
  readonly length: number
  /** Each paragraph's range, for paragraphAt. */
  private readonly spans: readonly ParagraphSpan[]

  constructor(paragraphs: readonly string[]) {
    const starts: number[] = []
    const lengths: number[] = []
    const spans: ParagraphSpan[] = []
    let offset = 0
    for (const text of paragraphs) {
      starts.push(offset)
      lengths.push(text.length)
      spans.push({ start: offset, end: offset + text.length })
      offset += text.length + PARAGRAPH_SEPARATOR.length
    }
    this.starts = starts
    this.lengths = lengths
    this.spans = spans
    this.length = paragraphs.length === 0 ? 0 : offset - PARAGRAPH_SEPARATOR.length
  }

  get paragraphCount(): number {
    return this.starts.length
  }

  /** End offset (exclusive) of paragraph `index`'s text. */
  endOf(index: number): TextOffset {
    this.checkParagraph(index)
    return this.starts[index] + this.lengths[index]
  }

  /**
   * The paragraph point of a projection offset. An offset inside a separator
   * resolves to the end of the paragraph before it.
   * Throws RangeError for an offset outside [0, length].
   */
  pointAt(offset: TextOffset): ParagraphPoint {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.length) {
      throw new RangeError(`offset ${offset} outside projection of length ${this.length}`)
    }
    if (this.starts.length === 0) return { paragraph: 0, offset: 0 }
    // paragraphAt gives the paragraph after a separator; a point there belongs to the one before.
    const after = paragraphAt(this.spans, offset)
    const paragraph = after < this.spans.length && this.spans[after].start <= offset ? after : after - 1
    return { paragraph, offset: Math.min(offset - this.starts[paragraph], this.lengths[paragraph]) }
  }

  /** Projection offset of a paragraph point. Throws RangeError when it lies outside the paragraph. */
  offsetOf(point: ParagraphPoint): TextOffset {
    this.checkParagraph(point.paragraph)
    if (point.offset < 0 || point.offset > this.lengths[point.paragraph]) {
      throw new RangeError(`offset ${point.offset} outside paragraph ${point.paragraph}`)
    }
    return this.starts[point.paragraph] + point.offset
  }

  private checkParagraph(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.starts.length) {
      throw new RangeError(`paragraph ${index} outside 0..${this.starts.length - 1}`)
    }
  }
}

/**
 * ProseMirror position of a projection offset in a document made only of
 * paragraphs (see the worked example above). An offset inside a separator maps to
 * the end of the paragraph before it.
 */
export function offsetToDocPosition(index: ProjectionIndex, offset: TextOffset): number {
  const point = index.pointAt(offset)
  return index.starts.length === 0 ? 1 : index.offsetOf(point) + 1
}

/**
 * Projection offset of a ProseMirror position in a document made only of
 * paragraphs. A position between two paragraphs maps to the start of the later one.
 */
export function docPositionToOffset(index: ProjectionIndex, position: number): TextOffset {
  return Math.max(0, Math.min(index.length, position - 1))
}
