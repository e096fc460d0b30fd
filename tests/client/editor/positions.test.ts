import { describe, expect, it } from 'vitest'
import { schema } from '../../../client/editor/schema'
import { offsetOfPosition, positionOfOffset, projectionOf } from '../../../client/editor/positions'

const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('ab')]), schema.node('paragraph', null, [schema.text('cde')])])

describe('projectionOf', () => {
  it('joins paragraph texts with a blank line', () => {
    expect(projectionOf(doc)).toBe('ab\n\ncde')
  })
})

describe('positionOfOffset', () => {
  it('is offset + 1 in every paragraph', () => {
    expect(positionOfOffset(doc, 0)).toBe(1)
    expect(doc.textBetween(positionOfOffset(doc, 4), positionOfOffset(doc, 5))).toBe('c')
    expect(positionOfOffset(doc, 7)).toBe(8)
  })

  it('throws RangeError past the end of the projection', () => {
    expect(() => positionOfOffset(doc, 8)).toThrow(RangeError)
    expect(() => positionOfOffset(doc, -1)).toThrow(RangeError)
  })
})

describe('offsetOfPosition', () => {
  it('inverts positionOfOffset inside paragraphs', () => {
    for (const offset of [0, 1, 2, 4, 5, 6, 7]) expect(offsetOfPosition(doc, positionOfOffset(doc, offset))).toBe(offset)
  })

  it('maps a boundary between paragraphs to the end of the one before', () => {
    expect(offsetOfPosition(doc, 0)).toBe(0)
    expect(offsetOfPosition(doc, 4)).toBe(2)
    expect(offsetOfPosition(doc, doc.content.size)).toBe(7)
  })

  it('counts UTF-16 code units, as the projection does', () => {
    const wide = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('中𠀀文')])])
    expect(projectionOf(wide).length).toBe(4)
    expect(offsetOfPosition(wide, wide.content.size - 1)).toBe(4)
  })
})
