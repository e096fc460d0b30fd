import { describe, expect, it } from 'vitest'
import {
  CHAR_DIGIT,
  CHAR_FULL_WIDTH_PUNCTUATION,
  CHAR_HAN,
  CHAR_HANGUL,
  CHAR_KANA,
  CHAR_LATIN_LETTER,
  CHAR_LETTER,
  CHAR_NUMBER,
  CHAR_PUNCTUATION,
  CHAR_WHITE_SPACE,
  characterFlagsOf,
  isCjkCharacter,
  isDigit,
  isFullWidthPunctuation,
  isHan,
  isHangul,
  isKana,
  isLatinLetter,
  isWhiteSpace,
  isWide,
  isWordLetter,
  isWrittenWithoutSpaces,
} from '../../../core/text'

const code = (char: string): number => char.codePointAt(0)!
const all = (chars: string, predicate: (codePoint: number) => boolean): boolean[] => Array.from(chars, (c) => predicate(code(c)))

describe('character classes', () => {
  it('takes Han from the Unicode Script property: ideographs, 々 〆 〇, radicals, supplementary ideographs', () => {
    expect(all('中国字々〆〇⺀\u3400\u9fa5\uf900𠀀𪚥', isHan).every(Boolean)).toBe(true)
    expect(all('あアーｱ한a1，。・\u3000', isHan).some(Boolean)).toBe(false)
  })

  it('counts hiragana, katakana (half-width too) and the prolonged sound mark as kana, not the middle dot', () => {
    expect(all('あをゝアヲヽーㇰｱｦ', isKana).every(Boolean)).toBe(true)
    expect(all('・゠中한a。', isKana).some(Boolean)).toBe(false)
  })

  it('counts Hangul syllables and jamo (half-width too) as Hangul', () => {
    expect(all('한국어ᄀㄱힰﾡ', isHangul).every(Boolean)).toBe(true)
    expect(all('中あa', isHangul).some(Boolean)).toBe(false)
  })

  it('separates scripts written without spaces (Han, kana) from the CJK characters tokenizers take one by one (Hangul too)', () => {
    expect(all('中あア', isWrittenWithoutSpaces).every(Boolean)).toBe(true)
    expect(isWrittenWithoutSpaces(code('한'))).toBe(false)
    expect(all('中あア한', isCjkCharacter).every(Boolean)).toBe(true)
    expect(all('a1，😀\ud800', isCjkCharacter).some(Boolean)).toBe(false)
  })

  it('knows Latin letters with diacritics and in full-width form, but not × ÷ or Greek', () => {
    expect(all('azAZéÀžƒṩＡｚªº', isLatinLetter).every(Boolean)).toBe(true)
    expect(all('×÷αЖ1中', isLatinLetter).some(Boolean)).toBe(false)
  })

  it('takes ASCII and full-width decimal digits as digits, other numbers not', () => {
    expect(all('0123456789０９', isDigit).every(Boolean)).toBe(true)
    expect(all('²①Ⅻ一٣a', isDigit).some(Boolean)).toBe(false)
  })

  it('takes CJK and full-width punctuation as full-width, curly quotes, dashes and half-width forms not', () => {
    expect(all('、。「」『』（）！？：；，〔〕【】《》～￥〜', isFullWidthPunctuation).every(Boolean)).toBe(true)
    expect(all('“”‘’—…,.!｡｢､･ \u3000中Ａ０', isFullWidthPunctuation).some(Boolean)).toBe(false)
  })

  it('takes white space as \\s sees it, and word letters as any script\'s letters and marks but CJK', () => {
    expect(all(' \t\n\r\u00a0\u2028\u3000\ufeff', isWhiteSpace).every(Boolean)).toBe(true)
    expect(all('a\u0085\u200b中', isWhiteSpace).some(Boolean)).toBe(false)
    expect(all('aéжαＡ\u0301', isWordLetter).every(Boolean)).toBe(true)
    expect(all('中あ한1１,\'', isWordLetter).some(Boolean)).toBe(false)
  })

  it('takes CJK characters, CJK and full-width punctuation and full-width forms as wide', () => {
    expect(all('中あア한ᄀ，。「Ａ１￥〆𠀀', isWide).every(Boolean)).toBe(true)
    expect(all('aé1,“—…ｱﾝ\u00a0', isWide).some(Boolean)).toBe(false)
    expect([isWide(0xd840), isWide(0xdc00), isWide(0x3fffe), isWide(0x1f600)]).toEqual([false, false, false, false])
    const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/
    const disagreements: string[] = []
    for (let c = 0; c < 0x10000; c++) if (isWide(c) !== WIDE.test(String.fromCharCode(c))) disagreements.push(c.toString(16))
    expect(disagreements).toEqual([])
  })

  it('classes no lone surrogate, and no code point outside Unicode', () => {
    for (const predicate of [isHan, isKana, isHangul, isLatinLetter, isDigit, isFullWidthPunctuation, isCjkCharacter]) {
      expect(predicate(0xd840)).toBe(false)
      expect(predicate(0xdc00)).toBe(false)
      expect(predicate(-1)).toBe(false)
      expect(predicate(0x110000)).toBe(false)
    }
  })

  it('gives every BMP code unit the flags of its Unicode properties, the same on every call', () => {
    const classBits = CHAR_HAN | CHAR_KANA | CHAR_HANGUL | CHAR_LATIN_LETTER | CHAR_LETTER | CHAR_DIGIT | CHAR_NUMBER
      | CHAR_WHITE_SPACE | CHAR_PUNCTUATION | CHAR_FULL_WIDTH_PUNCTUATION
    const oracle: Array<[number, RegExp]> = [
      [CHAR_HAN, /[\p{Script=Han}\u3006]/u],
      [CHAR_KANA, /[\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u],
      [CHAR_HANGUL, /\p{Script=Hangul}/u],
      [CHAR_LETTER, /[\p{L}\p{M}]/u],
      [CHAR_NUMBER, /\p{N}/u],
      [CHAR_PUNCTUATION, /[\p{P}\p{S}]/u],
    ]
    const disagreements: string[] = []
    for (let c = 0; c < 0x10000; c++) {
      const flags = characterFlagsOf(c)
      const char = String.fromCharCode(c)
      const surrogate = c >= 0xd800 && c <= 0xdfff
      let ok = (flags & ~classBits) === 0 && characterFlagsOf(c) === flags
      if (surrogate) ok &&= flags === 0
      else {
        for (const [flag, pattern] of oracle) ok &&= ((flags & flag) !== 0) === pattern.test(char)
        ok &&= ((flags & CHAR_WHITE_SPACE) !== 0) === (char.trim() === '')
        ok &&= ((flags & CHAR_HAN) !== 0) === isHan(c) && ((flags & CHAR_DIGIT) !== 0) === isDigit(c)
      }
      if (!ok) disagreements.push(c.toString(16))
    }
    expect(disagreements).toEqual([])
    expect(characterFlagsOf(0x4e2d)).toBe(CHAR_HAN | CHAR_LETTER)
    expect([characterFlagsOf(0x20000), characterFlagsOf(-1)]).toEqual([0, 0])
  })
})
