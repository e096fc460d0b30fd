import { describe, expect, it } from 'vitest'
import { clampIntoParagraph, paragraphAt, paragraphSpans, projectParagraphs, splitByParagraph, type ParagraphSpan } from '../../../core/text'

/** The paragraph holding `offset` by a linear scan: the reference paragraphAt must agree with. */
function scanParagraphAt(spans: readonly ParagraphSpan[], offset: number): number {
  const i = spans.findIndex((p) => offset <= p.end)
  return i === -1 ? spans.length : i
}

const documents: string[][] = [['ab', 'cde', '中文'], ['x'], ['', 'a', '', ''], ['a', 'b'], ['长的一段，有标点。', '', 'end']]

describe('paragraphSpans', () => {
  it('gives each paragraph of the projection its range', () => {
    expect(paragraphSpans('ab\n\ncde')).toEqual([{ start: 0, end: 2 }, { start: 4, end: 7 }])
    expect(paragraphSpans('')).toEqual([])
  })

  it('round-trips every document: each span holds its paragraph', () => {
    for (const paragraphs of documents) {
      const projection = projectParagraphs(paragraphs)
      const spans = paragraphSpans(projection)
      if (projection === '') continue
      expect(spans.map((s) => projection.slice(s.start, s.end))).toEqual(paragraphs)
    }
  })
})

describe('paragraphAt', () => {
  it('finds the paragraph holding each offset, ends included, and the next one inside a separator', () => {
    const spans = paragraphSpans('ab\n\ncde')
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((offset) => paragraphAt(spans, offset))).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 2])
  })

  it('agrees with a linear scan at every offset of every document', () => {
    for (const paragraphs of documents) {
      const projection = projectParagraphs(paragraphs)
      const spans = paragraphSpans(projection)
      for (let offset = 0; offset <= projection.length + 1; offset++) {
        const i = paragraphAt(spans, offset)
        expect(i).toBe(scanParagraphAt(spans, offset))
        if (i < spans.length && spans[i].start <= offset) expect(projection.slice(spans[i].start, offset)).not.toContain('\n\n')
      }
    }
  })

  it('answers spans.length when there are no paragraphs', () => {
    expect(paragraphAt([], 0)).toBe(0)
  })

  it('throws RangeError for a negative or fractional offset', () => {
    expect(() => paragraphAt([{ start: 0, end: 2 }], -1)).toThrow(RangeError)
    expect(() => paragraphAt([{ start: 0, end: 2 }], 0.5)).toThrow(RangeError)
  })
})

describe('clampIntoParagraph', () => {
  it('keeps offsets inside paragraphs and pulls separator offsets back to the paragraph before', () => {
    const spans = paragraphSpans('ab\n\ncde')
    expect([0, 1, 2, 3, 4, 7, 8].map((offset) => clampIntoParagraph(spans, offset))).toEqual([0, 1, 2, 2, 4, 7, 7])
    expect(clampIntoParagraph([], 5)).toBe(0)
  })
})

describe('splitByParagraph', () => {
  it('cuts a range at separators and drops them', () => {
    const spans = paragraphSpans('ab\n\ncde\n\nf')
    expect(splitByParagraph(spans, 1, 5)).toEqual([{ start: 1, end: 2 }, { start: 4, end: 5 }])
    expect(splitByParagraph(spans, 0, 10)).toEqual([{ start: 0, end: 2 }, { start: 4, end: 7 }, { start: 9, end: 10 }])
    expect(splitByParagraph(spans, 5, 5)).toEqual([{ start: 5, end: 5 }])
    expect(splitByParagraph(spans, 3, 3)).toEqual([])
  })
})
