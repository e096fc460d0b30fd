import { describe, expect, it } from 'vitest'
import { escapeRegExp, foldPattern } from '../../../core/search'

describe('foldPattern', () => {
  it('folds literal full-width characters to escaped ASCII (the worked example)', () => {
    expect(foldPattern('（\\d+）')).toBe('\\(\\d+\\)')
    expect(foldPattern('ＡＢＣ１２３，')).toBe('ABC123,')
  })

  it('keeps escapes, classes and syntax as written', () => {
    expect(foldPattern('\\p{Script=Han}+[a-z]{2}(?<n>x)|^$')).toBe('\\p{Script=Han}+[a-z]{2}(?<n>x)|^$')
    expect(foldPattern('\\，')).toBe('\\，')
    expect(foldPattern('中亚')).toBe('中亚')
  })

  it('escapes what would be syntax inside a class, including "-"', () => {
    expect(foldPattern('[，－］]')).toBe('[,\\-\\]]')
    expect(new RegExp(foldPattern('[，－］]'), 'u').test('-')).toBe(true)
  })

  it('groups a character that folds to several, and keeps it as written inside a class', () => {
    expect(foldPattern('…+')).toBe('(?:\\.\\.\\.)+')
    expect(foldPattern('[…]')).toBe('[…]')
    expect(foldPattern('e\u0301')).toBe('é')
  })

  it('always gives a pattern that compiles with the u flag when the input does', () => {
    for (const pattern of ['（\\d+）', '[，－］]', '…+', '[^，。]+', '(?<名>ＡＢ)\\k<名>', 'ａ{2}']) {
      expect(() => new RegExp(foldPattern(pattern), 'u')).not.toThrow()
    }
  })
})

describe('escapeRegExp', () => {
  it('escapes every syntax character and nothing else', () => {
    const literal = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o/p-q，'
    expect(new RegExp(`^${escapeRegExp(literal)}$`, 'u').test(literal)).toBe(true)
    expect(escapeRegExp('a-b，')).toBe('a-b，')
  })
})
