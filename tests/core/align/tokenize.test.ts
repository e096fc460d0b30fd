import { describe, expect, it } from 'vitest'
import { tokenize } from '../../../core/align'

describe('tokenize', () => {
  it('makes each Han character, Latin word, number and punctuation mark one token', () => {
    const tokens = tokenize('中方，2025 Astana don\'t 3.14')
    expect(tokens.map((t) => t.text)).toEqual(['中', '方', '，', '2025', ' ', 'Astana', ' ', 'don\'t', ' ', '3.14'])
    expect(tokens.map((t) => t.kind)).toEqual(['han', 'han', 'punct', 'number', 'space', 'word', 'space', 'word', 'space', 'number'])
  })

  it('folds full-width punctuation and digits into the key but keeps the text', () => {
    const [comma, digits, quote] = tokenize('，１２“')
    expect(comma).toMatchObject({ text: '，', key: ',' })
    expect(digits).toMatchObject({ text: '１２', key: '12', kind: 'number' })
    expect(quote).toMatchObject({ text: '“', key: '"' })
  })

  it('keeps keys exact when normalisation is off', () => {
    expect(tokenize('，', { normalizePunctuation: false })[0].key).toBe('，')
  })

  it('covers the text exactly, surrogate pairs included', () => {
    const text = '𠮷野家 and 𝒳！\n\n下一段'
    const tokens = tokenize(text)
    expect(tokens.map((t) => t.text).join('')).toBe(text)
    expect(tokens[0]).toMatchObject({ text: '𠮷', kind: 'han', start: 0, end: 2 })
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text)
  })

  it('takes its CJK characters from core/text: kana and Hangul one a token, the katakana middle dot punctuation', () => {
    const tokens = tokenize('コーヒー・ㇰ한ᄀ〆')
    expect(tokens.map((t) => t.text)).toEqual(['コ', 'ー', 'ヒ', 'ー', '・', 'ㇰ', '한', 'ᄀ', '〆'])
    expect(tokens.map((t) => t.kind)).toEqual(['han', 'han', 'han', 'han', 'punct', 'han', 'han', 'han', 'han'])
  })

  it('returns no tokens for an empty text', () => {
    expect(tokenize('')).toEqual([])
  })
})
