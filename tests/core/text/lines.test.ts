import { describe, expect, it } from 'vitest'
import { countLineBreaks, isBlankLine, isLineBreak, lineBreakLength, nonBlankLines, splitLines, type LineSpan } from '../../../core/text'

/** Asserts that the lines and their breaks rebuild `text` exactly, and that no line holds a break. */
function checkLines(text: string, lines: LineSpan[]): void {
  let rebuilt = ''
  lines.forEach((line, i) => {
    expect(line.text).toBe(text.slice(line.start, line.end))
    expect(Array.from(line.text, (c) => isLineBreak(c.charCodeAt(0))).some(Boolean)).toBe(false)
    rebuilt += line.text
    if (i + 1 < lines.length) {
      expect(lineBreakLength(text, line.end)).toBe(lines[i + 1].start - line.end)
      rebuilt += text.slice(line.end, lines[i + 1].start)
    } else expect(line.end).toBe(text.length)
  })
  expect(rebuilt).toBe(text)
}

describe('isLineBreak', () => {
  it('takes LF, CR, NEL, U+2028 and U+2029, not form feed, vertical tab or other space', () => {
    expect([0x0a, 0x0d, 0x85, 0x2028, 0x2029].every(isLineBreak)).toBe(true)
    expect([0x0b, 0x0c, 0x20, 0x3000, 0x09, 0x61].some(isLineBreak)).toBe(false)
  })
})

describe('lineBreakLength', () => {
  it('counts CR LF as one break of two code units', () => {
    expect(lineBreakLength('a\r\nb', 1)).toBe(2)
    expect(lineBreakLength('a\r\nb', 2)).toBe(1)
    expect(lineBreakLength('a\rb', 1)).toBe(1)
    expect(lineBreakLength('a\n\rb', 1)).toBe(1)
    expect(lineBreakLength('ab', 1)).toBe(0)
    expect(lineBreakLength('ab', 2)).toBe(0)
  })
})

describe('countLineBreaks', () => {
  it('counts the breaks of a range, CR LF once', () => {
    expect(countLineBreaks('a\r\n\n\r\u2028b')).toBe(4)
    expect(countLineBreaks('a\r\n\nb', 1, 3)).toBe(1)
    expect(countLineBreaks('a\r\n\nb', 3, 4)).toBe(1)
    expect(countLineBreaks('ab', 1, 1)).toBe(0)
  })

  it('agrees with splitLines on every text', () => {
    for (const text of ['', 'a', '\r\n\r', '\n\n\u2029x\r', 'a\u0085b\r\n']) expect(countLineBreaks(text)).toBe(splitLines(text).length - 1)
  })

  it('throws RangeError for a range outside the text', () => {
    expect(() => countLineBreaks('ab', 1, 3)).toThrow(RangeError)
    expect(() => countLineBreaks('ab', 2, 1)).toThrow(RangeError)
  })
})

describe('splitLines', () => {
  it('splits at every kind of break, CR LF once', () => {
    const text = 'a\r\nb\rc\u2028d\u2029e\u0085f\ng'
    expect(splitLines(text).map((l) => l.text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'])
    checkLines(text, splitLines(text))
  })

  it('keeps blank lines: n breaks give n + 1 lines', () => {
    expect(splitLines('')).toEqual([{ start: 0, end: 0, text: '' }])
    expect(splitLines('\n\r\n')).toEqual([
      { start: 0, end: 0, text: '' },
      { start: 1, end: 1, text: '' },
      { start: 3, end: 3, text: '' },
    ])
    expect(splitLines('\r\r').map((l) => l.start)).toEqual([0, 1, 2])
  })

  it('rebuilds every text made of breaks and letters, split at every index', () => {
    const alphabet = ['a', '\r', '\n', '\u2028', ' ']
    for (let length = 0; length <= 4; length++) {
      for (let n = 0; n < alphabet.length ** length; n++) {
        let text = ''
        for (let k = 0, m = n; k < length; k++, m = Math.floor(m / alphabet.length)) text += alphabet[m % alphabet.length]
        checkLines(text, splitLines(text))
      }
    }
  })
})

describe('nonBlankLines', () => {
  it('drops blank and white-space-only lines and keeps the others whole', () => {
    expect(nonBlankLines('ab\r\n\n  \ncd')).toEqual([
      { start: 0, end: 2, text: 'ab' },
      { start: 8, end: 10, text: 'cd' },
    ])
    expect(nonBlankLines(' x \u3000\n\u3000\n\t')).toEqual([{ start: 0, end: 4, text: ' x \u3000' }])
    expect(nonBlankLines('')).toEqual([])
  })

  it('reads the projection back into its paragraphs', () => {
    expect(nonBlankLines('标题\n\n正文。\n\nsecond').map((l) => l.text)).toEqual(['标题', '正文。', 'second'])
  })
})

describe('isBlankLine', () => {
  it('is true for empty and white-space-only lines', () => {
    expect(['', ' ', '\t\u3000', '\u00a0'].every(isBlankLine)).toBe(true)
    expect(isBlankLine(' a ')).toBe(false)
  })
})
