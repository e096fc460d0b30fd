import { nonBlankLines } from './lines'
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

/** A kept line: where it starts in the source and in the projection. */
interface MappedLine {
  sourceStart: number
  projectionStart: number
  length: number
}

/** Builds the map for one source text. O(length). */
export function buildSourceMap(source: string): SourceMap {
  const spans: MappedLine[] = []
  const paragraphs: string[] = []
  let projectionStart = 0
  for (const line of nonBlankLines(source)) {
    spans.push({ sourceStart: line.start, projectionStart, length: line.text.length })
    paragraphs.push(line.text)
    projectionStart += line.text.length + PARAGRAPH_SEPARATOR.length
  }
  const projection = projectParagraphs(paragraphs)

  const spanFor = (offset: number, key: 'sourceStart' | 'projectionStart'): number => {
    let lo = 0
    let hi = spans.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (spans[mid][key] <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  return {
    source,
    projection,
    toProjection(offset) {
      if (offset < 0 || offset > source.length) throw new RangeError(`source offset ${offset} out of range`)
      if (spans.length === 0) return 0
      const i = spanFor(offset, 'sourceStart')
      const span = spans[i]
      const within = offset - span.sourceStart
      if (within < 0) return 0
      if (within <= span.length) return span.projectionStart + within
      return i + 1 < spans.length ? spans[i + 1].projectionStart : projection.length
    },
    toSource(offset) {
      if (offset < 0 || offset > projection.length) throw new RangeError(`projection offset ${offset} out of range`)
      if (spans.length === 0) return 0
      const span = spans[spanFor(offset, 'projectionStart')]
      return span.sourceStart + Math.min(offset - span.projectionStart, span.length)
    },
  }
}
