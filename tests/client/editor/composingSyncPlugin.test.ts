import { describe, expect, it } from 'vitest'
import { textChange } from '../../../client/editor/composingSyncPlugin'

describe('textChange', () => {
  it('finds an insertion at the caret', () => {
    expect(textChange('abcd', 'abzhongcd')).toEqual({ prefix: 2, removed: 0, inserted: 'zhong' })
  })

  it('finds a replacement and a deletion', () => {
    expect(textChange('中国人民', '中华人民')).toEqual({ prefix: 1, removed: 1, inserted: '华' })
    expect(textChange('abc', 'ac')).toEqual({ prefix: 1, removed: 1, inserted: '' })
    expect(textChange('same', 'same')).toEqual({ prefix: 4, removed: 0, inserted: '' })
  })

  it('prefers the earliest place when a repeated character makes it ambiguous', () => {
    expect(textChange('aa', 'aaa')).toEqual({ prefix: 2, removed: 0, inserted: 'a' })
  })

  it('never splits a surrogate pair', () => {
    // U+20000 and U+20001 share their high surrogate.
    const change = textChange('x\u{20000}y', 'x\u{20001}y')
    expect(change).toEqual({ prefix: 1, removed: 2, inserted: '\u{20001}' })
  })
})
