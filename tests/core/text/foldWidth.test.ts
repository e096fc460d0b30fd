import { describe, expect, it } from 'vitest'
import { foldWidth, type FoldedText } from '../../../core/text'
import { seededRandom } from '../../../bench/seededRandom'

/**
 * Checks a fold every way: each boundary range maps to source text that folds
 * to exactly the folded range, sourceStart/sourceEnd agree on boundaries, and
 * offsets inside an expansion widen to the whole source unit.
 */
function checkFold(folded: FoldedText): void {
  const { text, source } = folded
  const boundaries = [...Array(text.length + 1).keys()].filter((o) => folded.isBoundary(o))
  expect(boundaries[0]).toBe(0)
  expect(boundaries.at(-1)).toBe(text.length)
  for (const offset of boundaries) expect(folded.sourceStart(offset)).toBe(folded.sourceEnd(offset))
  for (let k = 1; k < boundaries.length; k++) {
    const [from, to] = [boundaries[k - 1], boundaries[k]]
    const piece = source.slice(folded.sourceStart(from), folded.sourceEnd(to))
    expect(foldWidth(piece).text).toBe(text.slice(from, to))
    for (let inside = from + 1; inside < to; inside++) {
      expect(folded.sourceStart(inside)).toBe(folded.sourceStart(from))
      expect(folded.sourceEnd(inside)).toBe(folded.sourceEnd(to))
    }
  }
  expect(folded.sourceStart(text.length)).toBe(source.length)
  expect(folded.sourceEnd(0)).toBe(0)
}

describe('foldWidth', () => {
  it('folds full-width Latin, digits and punctuation to ASCII, keeping offsets one to one', () => {
    const folded = foldWidth('ＡＢＣ１２３，中文（注）')
    expect(folded.text).toBe('ABC123,中文(注)')
    expect(folded.sourceStart(6)).toBe(6)
    expect(folded.sourceEnd(7)).toBe(7)
    checkFold(folded)
  })

  it('leaves ASCII and Chinese text as it is, with the identity map', () => {
    const source = '弘扬“中国－中亚精神” and 2025'.replace('－', '-')
    const folded = foldWidth(source)
    expect(folded.text).toBe(source)
    expect(folded.text).toBe(folded.source)
    checkFold(folded)
  })

  it('maps an expansion back to its one source character (the worked example)', () => {
    const folded = foldWidth('a…，b')
    expect(folded.text).toBe('a...,b')
    expect([0, 1, 2, 3, 4, 5, 6].map((o) => folded.isBoundary(o))).toEqual([true, true, false, false, true, true, true])
    expect(folded.sourceStart(2)).toBe(1)
    expect(folded.sourceEnd(2)).toBe(2)
    expect(folded.sourceStart(4)).toBe(2)
    checkFold(folded)
  })

  it('folds half-width katakana, the ideographic space and compatibility forms', () => {
    expect(foldWidth('ｱｲｳ').text).toBe('アイウ')
    expect(foldWidth('a\u3000b').text).toBe('a b')
    expect(foldWidth('①ﬁ㍻').text).toBe('1fi平成')
    checkFold(foldWidth('ｶﾞｷﾞ ①ﬁ㍻ ｱ'))
  })

  it('composes a base letter with its combining marks as one unit', () => {
    const folded = foldWidth('cafe\u0301 ok')
    expect(folded.text).toBe('café ok')
    expect(folded.isBoundary(3)).toBe(true)
    expect(folded.sourceEnd(4)).toBe(5)
    expect(folded.sourceStart(5)).toBe(6)
    checkFold(folded)
  })

  it('never splits a surrogate pair, folded or not', () => {
    // U+20000 (an ideograph of extension B) stays; U+1D400 (mathematical bold A) folds to "A".
    const folded = foldWidth('\u{20000}，\u{1D400}x\u{20000}')
    expect(folded.text).toBe('\u{20000},Ax\u{20000}')
    expect(folded.isBoundary(1)).toBe(false)
    expect(folded.sourceStart(1)).toBe(0)
    expect(folded.sourceEnd(1)).toBe(2)
    // "A" at folded 3 came from the pair at source [3, 5).
    expect(folded.sourceStart(3)).toBe(3)
    expect(folded.sourceEnd(4)).toBe(5)
    expect(folded.isBoundary(6)).toBe(false)
    checkFold(folded)
    // Without any fold, too.
    const plain = foldWidth('a\u{20000}b')
    expect(plain.isBoundary(2)).toBe(false)
    expect(plain.sourceEnd(2)).toBe(3)
  })

  it('throws RangeError for an offset outside the folded text', () => {
    const folded = foldWidth('ａｂ…')
    expect(() => folded.sourceStart(6)).toThrow(RangeError)
    expect(() => folded.sourceEnd(-1)).toThrow(RangeError)
    expect(() => folded.isBoundary(1.5)).toThrow(RangeError)
    expect(() => foldWidth('ab').sourceStart(3)).toThrow(RangeError)
  })

  it('folds a long text unit by unit exactly as a seeded mix of characters dictates', () => {
    // Seeded mix of folding and non-folding characters; checkFold compares every unit.
    const alphabet = ['a', '中', '，', '…', 'ｱ', 'ﾞ', 'e\u0301', '\u{20000}', '１', '\u3000', '①', ' ', '\u0308']
    const random = seededRandom(7)
    let source = ''
    for (let k = 0; k < 400; k++) source += alphabet[Math.floor(random() * alphabet.length)]
    checkFold(foldWidth(source))
  })
})
