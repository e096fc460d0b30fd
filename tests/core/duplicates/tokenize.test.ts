import { describe, expect, it } from 'vitest'
import { isHan, nearWords, paragraphOf, tokenize } from '../../../core/duplicates/tokenize'

const texts = (text: string) => {
  const units = tokenize(text)
  return Array.from({ length: units.count }, (_, u) => text.slice(units.start[u], units.end[u]))
}

describe('tokenize', () => {
  it('makes each Han character a unit and each run of letters or digits a word, skipping spaces and punctuation', () => {
    expect(texts('据World Bank报告，2024年增长4.8%。')).toEqual(['据', 'World', 'Bank', '报', '告', '2024', '年', '增', '长', '4', '8'])
  })

  it('folds case and full-width forms, and ignores punctuation differences', () => {
    const a = tokenize('Ｈｅｌｌｏ， World！同事们、朋友们！')
    const b = tokenize('hello world 同事们，朋友们：')
    expect(Array.from(a.code)).toEqual(Array.from(b.code))
  })

  it('keeps supplementary-plane ideographs as one unit with exact offsets', () => {
    const text = 'a𠀀b 𠀁'
    const units = tokenize(text)
    expect(texts(text)).toEqual(['a', '𠀀', 'b', '𠀁'])
    expect(isHan(units, 1)).toBe(true)
    expect(isHan(units, 0)).toBe(false)
  })

  it('records paragraphs as trimmed lines, CRLF and blank lines included', () => {
    const text = '  第一段。 \r\n\r\n\r\nSecond para\n   \n第三'
    const units = tokenize(text)
    const { paragraphs } = units
    expect(paragraphs.count).toBe(3)
    const spans = Array.from({ length: 3 }, (_, p) => text.slice(paragraphs.start[p], paragraphs.end[p]))
    expect(spans).toEqual(['第一段。', 'Second para', '第三'])
    expect(Array.from(paragraphs.firstUnit)).toEqual([0, 3, 5])
    expect(Array.from(paragraphs.unitEnd)).toEqual([3, 5, 7])
    expect([0, 2, 3, 4, 5, 6].map((u) => paragraphOf(units, u))).toEqual([0, 0, 1, 1, 2, 2])
  })
})

describe('nearWords', () => {
  const near = (a: string, b: string) => {
    const units = tokenize(`${a} ${b}`)
    return nearWords(units, 0, 1)
  }

  it('takes words one letter changed, added, dropped or swapped as typos of each other, ignoring case', () => {
    expect([near('receive', 'recieve'), near('government', 'goverment'), near('lebiv', 'LEBXV'), near('pier', 'piers')]).toEqual([true, true, true, true])
  })

  it('does not take equal words, words two letters apart, short words, numbers or Han characters as typos', () => {
    expect([near('harbour', 'harbour'), near('farm', 'from'), near('cat', 'cut'), near('storms', 'stories'), near('港', '巷')]).toEqual([false, false, false, false, false])
    expect([near('2024', '2025'), near('A380', 'A320'), near('１２３４', '1235')]).toEqual([false, false, false])
  })
})
