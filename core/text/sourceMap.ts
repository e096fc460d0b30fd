import { nonBlankLines } from './lines'
import { paragraphAt, type ParagraphSpan } from './paragraphSpans'
import { PARAGRAPH_SEPARATOR, projectParagraphs, type TextOffset } from './projection'

/**
 * Maps offsets between a plain-text source file (as decoded, BOM removed) and its
 * projection. The CLIs report offsets into the file; the workspace into the
 * projection. They differ where the file has leading blank lines, several blank
 * lines in a row, line breaks other than LF (CR LF, CR, U+2028 …) or
 * white-space-only lines.
 */
export interface SourceMap {
  readonly source: string
  readonly projection: string
  /** Projection offset of a source offset; source offsets in dropped text map to the next kept character. */
  toProjection(offset: TextOffset): TextOffset
  /** Source offset of a projection offset; an offset inside a separator maps to the end of the line before it. */
  toSource(offset: TextOffset): TextOffset
}

/** Builds the map for one source text. O(length); each conversion O(log lines). */
export function buildSourceMap(source: string): SourceMap {
  // The kept lines in the source, and the same lines as paragraphs of the projection.
  const lines = nonBlankLines(source)
  const projection = projectParagraphs(lines.map((line) => line.text))
  const paragraphs: ParagraphSpan[] = []
  let projectionStart = 0
  for (const line of lines) {
    paragraphs.push({ start: projectionStart, end: projectionStart + line.text.length })
    projectionStart += line.text.length + PARAGRAPH_SEPARATOR.length
  }

  return {
    source,
    projection,
    toProjection(offset) {
      if (offset < 0 || offset > source.length) throw new RangeError(`source offset ${offset} out of range`)
      // The kept line holding the offset, or the next one after dropped text.
      const i = paragraphAt(lines, offset)
      if (i === lines.length) return projection.length
      return paragraphs[i].start + Math.max(0, offset - lines[i].start)
    },
    toSource(offset) {
      if (offset < 0 || offset > projection.length) throw new RangeError(`projection offset ${offset} out of range`)
      if (lines.length === 0) return 0
      // Inside a separator paragraphAt gives the paragraph after it; the offset maps to the end of the line before.
      const i = paragraphAt(paragraphs, offset)
      if (i < paragraphs.length && paragraphs[i].start <= offset) return lines[i].start + offset - paragraphs[i].start
      return lines[i - 1].end
    },
  }
}
