import { describe, expect, it } from 'vitest'
import { createAnchor } from '../../../core/annotations'

describe('createAnchor', () => {
  it('keeps 32 units of context either side', () => {
    const text = 'x'.repeat(40) + 'QUOTE' + 'y'.repeat(40)
    const anchor = createAnchor(text, 40, 45)
    expect(anchor.quote).toEqual({ type: 'TextQuoteSelector', exact: 'QUOTE', prefix: 'x'.repeat(32), suffix: 'y'.repeat(32) })
    expect(anchor.position).toEqual({ type: 'TextPositionSelector', start: 40, end: 45 })
  })
  it('takes shorter context at the edges of the text', () => {
    expect(createAnchor('ab中文cd', 2, 4).quote).toMatchObject({ exact: '中文', prefix: 'ab', suffix: 'cd' })
  })
  it('never splits a surrogate pair in the context', () => {
    const text = '😀' + 'a'.repeat(31) + 'Q' + 'b'.repeat(31) + '😀'
    const q = createAnchor(text, 33, 34).quote
    expect(q.prefix).toBe('a'.repeat(31))
    expect(q.suffix).toBe('b'.repeat(31))
  })
  it('throws RangeError naming a range outside the text', () => {
    expect(() => createAnchor('abc', 2, 5)).toThrow(RangeError)
    expect(() => createAnchor('abc', 2, 1)).toThrow(/\[2, 1\)/)
  })
})
