import { describe, expect, it } from 'vitest'
import { isCjkChar, isCjkText } from '../../../core/checks/paragraphShape'

describe('isCjkText', () => {
  it('weighs Han and kana against a third of the Latin letters', () => {
    expect(isCjkText('主权安全 and 领土完整')).toBe(true)
    expect(isCjkText('中 and the other words')).toBe(false)
    expect(isCjkText('コーヒー abcdefghijkl')).toBe(true)
  })

  it('does not take Korean for a script without spaces, and counts Latin letters with diacritics', () => {
    expect(isCjkText('한국어 문장')).toBe(false)
    expect(isCjkText('中 Việt Nam')).toBe(false)
    expect(isCjkText('中××××')).toBe(true)
  })

  it('counts supplementary ideographs once', () => {
    expect(isCjkText('𠀀 abc')).toBe(true)
    expect(isCjkText('𠀀 abcd')).toBe(false)
  })
})

describe('isCjkChar', () => {
  it('looks at the first code point, false for nothing', () => {
    expect([isCjkChar('中'), isCjkChar('ー'), isCjkChar('𠀀'), isCjkChar('a'), isCjkChar(''), isCjkChar(undefined)]).toEqual([true, true, true, false, false, false])
  })
})
