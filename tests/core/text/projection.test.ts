import { describe, expect, it } from 'vitest'
import {
  ProjectionIndex,
  buildSourceMap,
  docPositionToOffset,
  offsetToDocPosition,
  paragraphsFromPlainText,
  projectParagraphs,
} from '../../../core/text'

describe('paragraphsFromPlainText', () => {
  it('keeps one paragraph per non-blank line, dropping CR and white-space-only lines', () => {
    expect(paragraphsFromPlainText('\n\nab\r\n  \n\ncde\n')).toEqual(['ab', 'cde'])
  })
  it('returns nothing for an empty text', () => {
    expect(paragraphsFromPlainText('')).toEqual([])
  })
  it('breaks lines at a lone CR, NEL, U+2028 and U+2029 too (lines.ts), as the duplicate finder always did', () => {
    expect(paragraphsFromPlainText('ab\rcd\u2028ef\u2029gh\u0085ij')).toEqual(['ab', 'cd', 'ef', 'gh', 'ij'])
  })
})

describe('ProjectionIndex', () => {
  const paragraphs = ['ab', 'cde', '中文']
  const index = new ProjectionIndex(paragraphs)
  const projection = projectParagraphs(paragraphs)

  it('joins paragraphs with a blank line', () => {
    expect(projection).toBe('ab\n\ncde\n\n中文')
    expect(index.length).toBe(projection.length)
  })

  it('round-trips every offset that lies inside a paragraph', () => {
    for (let offset = 0; offset <= projection.length; offset++) {
      const point = index.pointAt(offset)
      const insideParagraph = offset <= index.endOf(point.paragraph)
      if (insideParagraph) expect(index.offsetOf(point)).toBe(offset)
      else expect(point.offset).toBe(index.lengths[point.paragraph])
    }
  })

  it('maps offsets to ProseMirror positions as offset + 1', () => {
    for (const offset of [0, 2, 4, 7, 9, 11]) {
      expect(offsetToDocPosition(index, offset)).toBe(offset + 1)
      expect(docPositionToOffset(index, offset + 1)).toBe(offset)
    }
  })

  it('throws RangeError for offsets outside the projection', () => {
    expect(() => index.pointAt(-1)).toThrow(RangeError)
    expect(() => index.pointAt(projection.length + 1)).toThrow(RangeError)
  })
})

describe('buildSourceMap', () => {
  const source = '\n\nab\r\n\n\n  \ncde\n'
  const map = buildSourceMap(source)

  it('projects the source', () => {
    expect(map.projection).toBe('ab\n\ncde')
  })

  it('maps kept characters both ways', () => {
    for (const [sourceOffset, projectionOffset] of [[2, 0], [3, 1], [4, 2], [11, 4], [13, 6], [14, 7]]) {
      expect(map.toProjection(sourceOffset)).toBe(projectionOffset)
      expect(map.toSource(projectionOffset)).toBe(sourceOffset)
    }
    expect(source.slice(map.toSource(4), map.toSource(7))).toBe('cde')
  })

  it('maps every kept character of a file with CR and U+2028 line ends back to itself', () => {
    const mixed = 'ab\r\rcd\u2028\u2028 \r\nef'
    const mixedMap = buildSourceMap(mixed)
    expect(mixedMap.projection).toBe('ab\n\ncd\n\nef')
    for (let offset = 0; offset <= mixedMap.projection.length; offset++) {
      if (mixedMap.projection[offset] === '\n') continue
      const sourceOffset = mixedMap.toSource(offset)
      expect(mixedMap.toProjection(sourceOffset)).toBe(offset)
      if (offset < mixedMap.projection.length) expect(mixed[sourceOffset]).toBe(mixedMap.projection[offset])
    }
  })

  it('maps every source offset forward, monotonically, each kept character onto itself', () => {
    for (const text of [source, '\r\nab\r\r  \u2028cd\r\n', 'x', '', '  \n\n']) {
      const textMap = buildSourceMap(text)
      let previous = 0
      for (let offset = 0; offset <= text.length; offset++) {
        const mapped = textMap.toProjection(offset)
        expect(mapped).toBeGreaterThanOrEqual(previous)
        previous = mapped
        if (mapped < textMap.projection.length && textMap.projection[mapped] !== '\n' && textMap.toSource(mapped) === offset) expect(textMap.projection[mapped]).toBe(text[offset])
      }
      expect(textMap.toProjection(text.length)).toBe(textMap.projection.length)
    }
  })
})
