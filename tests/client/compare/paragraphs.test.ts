import { describe, expect, it } from 'vitest'
import { paragraphNumberAt, paragraphsOf, witnessLabel } from '../../../client/compare/paragraphs'

describe('paragraphsOf', () => {
  it('numbers the paragraphs from 1 with their ranges and texts', () => {
    expect(paragraphsOf('ab\n\ncde')).toEqual([
      { number: 1, start: 0, end: 2, text: 'ab' },
      { number: 2, start: 4, end: 7, text: 'cde' },
    ])
    expect(paragraphsOf('')).toEqual([])
  })
})

describe('paragraphNumberAt', () => {
  it('counts an offset in a separator to the paragraph after it, and past the end to the last one', () => {
    const paragraphs = paragraphsOf('ab\n\ncde')
    expect([0, 2, 3, 4, 7, 8].map((offset) => paragraphNumberAt(paragraphs, offset))).toEqual([1, 1, 2, 2, 2, 2])
    expect(paragraphNumberAt([], 0)).toBe(1)
  })
})

describe('witnessLabel', () => {
  it('names the paragraphs a witness spans and how it opens', () => {
    const projection = '标题\n\n一要坚守彼此信赖、相互支持的传统\n\n二要'
    const paragraphs = paragraphsOf(projection)
    expect(witnessLabel(projection, paragraphs, 4, projection.length)).toBe('¶2–3 一要坚守彼此信赖、相互支…')
    expect(witnessLabel(projection, paragraphs, 0, 2)).toBe('¶1 标题…')
  })
})
