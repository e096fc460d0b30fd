import { describe, expect, it } from 'vitest'
import { splitParagraphs } from '../../../core/checks'
import { buildSourceMap } from '../../../core/text'

describe('splitParagraphs', () => {
  it('returns one span per non-blank line, without the line break or CR', () => {
    expect(splitParagraphs('ab\r\n\n  \ncd')).toEqual([
      { start: 0, end: 2, text: 'ab' },
      { start: 8, end: 10, text: 'cd' },
    ])
  })

  it('splits the projection into the paragraphs the source map knows', () => {
    const source = '\n\n标题\r\n\r\n正文，第一段。\n\n\n  \nsecond line\n'
    const { projection } = buildSourceMap(source)
    expect(splitParagraphs(projection).map((span) => span.text)).toEqual(['标题', '正文，第一段。', 'second line'])
    for (const span of splitParagraphs(source)) expect(source.slice(span.start, span.end)).toBe(span.text)
  })

  it('breaks where the duplicate finder and the projection break: a lone CR, U+2028 and U+2029 too', () => {
    const source = '标题\r正文。\u2028second\u2029third'
    expect(splitParagraphs(source).map((span) => span.text)).toEqual(['标题', '正文。', 'second', 'third'])
    expect(splitParagraphs(buildSourceMap(source).projection).map((span) => span.text)).toEqual(['标题', '正文。', 'second', 'third'])
  })

  it('returns nothing for empty or blank text', () => {
    expect(splitParagraphs('')).toEqual([])
    expect(splitParagraphs(' \n\u3000\n')).toEqual([])
  })
})
