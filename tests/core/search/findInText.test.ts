import { describe, expect, it } from 'vitest'
import { findInText, MAX_MATCHES, type FindQuery, type TextMatch } from '../../../core/search'
import { foldWidth } from '../../../core/text'

const PLAIN: FindQuery = { pattern: '', regex: false, caseSensitive: false, foldWidth: false, wholeWord: false }

function query(pattern: string, options: Partial<FindQuery> = {}): FindQuery {
  return { ...PLAIN, pattern, ...options }
}

/** The matches' [start, end) pairs; fails the test on an invalid pattern. */
function ranges(text: string, q: FindQuery, limit?: number): Array<[number, number]> {
  const result = findInText(text, q, limit)
  if (result.status !== 'ok') throw new Error(result.message)
  return result.matches.map((m) => [m.start, m.end])
}

/**
 * Checks one search four ways: matches are ordered, non-empty and disjoint;
 * each one's text, folded as the query folds, is a full match of the query on
 * its own; a pre-folded text gives the same result; and without folding or
 * whole words the result is String.prototype.matchAll's, minus empty matches.
 */
function checkMatches(text: string, q: FindQuery): TextMatch[] {
  const result = findInText(text, q)
  if (result.status !== 'ok') throw new Error(result.message)
  let previousEnd = 0
  for (const match of result.matches) {
    expect(match.start).toBeGreaterThanOrEqual(previousEnd)
    expect(match.end).toBeGreaterThan(match.start)
    previousEnd = match.end
    const piece = text.slice(match.start, match.end)
    const alone = findInText(piece, { ...q, wholeWord: false })
    expect(alone.status === 'ok' && alone.matches[0]).toMatchObject({ start: 0, end: piece.length })
  }
  expect(findInText(foldWidth(text), q)).toEqual(result)
  if (!q.foldWidth && !q.wholeWord) {
    const source = q.regex ? q.pattern : q.pattern.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
    const expected = [...text.matchAll(new RegExp(source, `gmu${q.caseSensitive ? '' : 'i'}`))]
      .filter((m) => m[0] !== '')
      .map((m) => [m.index, m.index + m[0].length])
    expect(result.matches.map((m) => [m.start, m.end])).toEqual(expected)
  }
  return result.matches
}

describe('findInText', () => {
  it('finds literal text in Chinese, with UTF-16 offsets', () => {
    const text = '中国－中亚峰会。中国同中亚国家'
    expect(ranges(text, query('中亚'))).toEqual([[3, 5], [11, 13]])
    checkMatches(text, query('中亚'))
  })

  it('treats regular-expression characters in a literal query as themselves', () => {
    expect(ranges('a.b (c) a+b', query('a.b'))).toEqual([[0, 3]])
    expect(ranges('a.b (c) a+b', query('(c)'))).toEqual([[4, 7]])
    expect(ranges('path/to $5 [x]', query('/to $5 [x]'))).toEqual([[4, 14]])
    checkMatches('a.b (c) a+b [x] $1 ^', query('a+b'))
  })

  it('folds case unless asked not to, including beyond ASCII', () => {
    const text = 'Asia ASIA asia Ελλάδα ΕΛΛΆΔΑ'
    expect(ranges(text, query('asia'))).toEqual([[0, 4], [5, 9], [10, 14]])
    expect(ranges(text, query('asia', { caseSensitive: true }))).toEqual([[10, 14]])
    expect(ranges(text, query('ελλάδα'))).toEqual([[15, 21], [22, 28]])
    checkMatches(text, query('Asia', { caseSensitive: true }))
  })

  it('matches full-width and half-width forms of each other both ways', () => {
    const text = 'ＡＢＣ１２３ and ABC123；a，b,c'
    expect(ranges(text, query('ABC123', { foldWidth: true }))).toEqual([[0, 6], [11, 17]])
    expect(ranges(text, query('ＡＢＣ１２３', { foldWidth: true }))).toEqual([[0, 6], [11, 17]])
    expect(ranges(text, query('，', { foldWidth: true }))).toEqual([[19, 20], [21, 22]])
    expect(ranges(text, query(',', { foldWidth: true }))).toEqual([[19, 20], [21, 22]])
    expect(ranges(text, query('ABC123'))).toEqual([[11, 17]])
    // Case folding and width folding together.
    expect(ranges(text, query('abc', { foldWidth: true }))).toEqual([[0, 3], [11, 14]])
    checkMatches(text, query('b', { foldWidth: true }))
  })

  it('returns offsets of the text as written when folding changes lengths', () => {
    // "…" folds to three characters: the match after it still has source offsets.
    const text = '等…，中亚…'
    expect(ranges(text, query('...,中亚', { foldWidth: true }))).toEqual([[1, 5]])
    expect(ranges(text, query('中亚…', { foldWidth: true }))).toEqual([[3, 6]])
    // One "." of the three is part of a character: no match inside it.
    expect(ranges(text, query('.', { foldWidth: true }))).toEqual([])
    // Any two characters: every pair that cuts "..." apart is skipped; ",中" is whole.
    expect(ranges(text, query('..', { foldWidth: true, regex: true }))).toEqual([[2, 4]])
    expect(ranges(text, query('\\.+', { foldWidth: true, regex: true }))).toEqual([[1, 2], [5, 6]])
  })

  it('keeps surrogate pairs whole', () => {
    const text = 'a\u{20000}b\u{20000}\u{1F600}'
    expect(ranges(text, query('\u{20000}'))).toEqual([[1, 3], [4, 6]])
    expect(ranges(text, query('.', { regex: true }))).toEqual([[0, 1], [1, 3], [3, 4], [4, 6], [6, 8]])
    expect(ranges(text, query('.', { regex: true, foldWidth: true }))).toEqual([[0, 1], [1, 3], [3, 4], [4, 6], [6, 8]])
    // A query made of a lone half of a pair finds nothing.
    expect(ranges(text, query('\ud840'))).toEqual([])
    checkMatches(text, query('\\p{Script=Han}', { regex: true }))
  })

  it('skips empty matches and moves on, so patterns that match nothing never loop', () => {
    const text = 'aab\u{20000}ba'
    expect(ranges(text, query('a*', { regex: true }))).toEqual([[0, 2], [6, 7]])
    expect(ranges(text, query('^', { regex: true }))).toEqual([])
    expect(ranges(text, query('(?=b)', { regex: true }))).toEqual([])
    expect(ranges(text, query('\\b', { regex: true, foldWidth: true }))).toEqual([])
    checkMatches(text, query('b*', { regex: true }))
    checkMatches('x'.repeat(5000), query('y*', { regex: true }))
  })

  it('anchors ^ and $ at line ends, which are the paragraph edges of a projection', () => {
    const text = '——坚持互利\n\n——坚持开放\n\n合作——共赢'
    expect(ranges(text, query('^——', { regex: true }))).toEqual([[0, 2], [8, 10]])
    expect(ranges(text, query('开放$', { regex: true }))).toEqual([[12, 14]])
    checkMatches(text, query('^——', { regex: true }))
  })

  it('reports capture groups, numbered and named, as source ranges', () => {
    const text = '（２０２５年6月17日）'
    const result = findInText(text, query('\\((?<year>\\d+)年(\\d+)月(x)?', { regex: true, foldWidth: true }))
    expect(result).toEqual({
      status: 'ok',
      truncated: false,
      matches: [{ start: 0, end: 8, groups: [{ start: 1, end: 5 }, { start: 6, end: 7 }, null], named: { year: { start: 1, end: 5 } } }],
    })
    const plain = findInText('ab', query('(a)(b)', { regex: true }))
    expect(plain.status === 'ok' && plain.matches[0]).toEqual({ start: 0, end: 2, groups: [{ start: 0, end: 1 }, { start: 1, end: 2 }] })
  })

  it('folds the literal characters of a regular expression too', () => {
    const text = '（12）和(34)'
    expect(ranges(text, query('（\\d+）', { regex: true, foldWidth: true }))).toEqual([[0, 4], [5, 9]])
    expect(ranges(text, query('[（(]\\d', { regex: true, foldWidth: true }))).toEqual([[0, 2], [5, 7]])
    expect(ranges(text, query('（\\d+）', { regex: true }))).toEqual([[0, 4]])
  })

  it('finds whole words of Latin text only, and any match in Chinese', () => {
    const text = 'Asian Asia, 2026 6棵 Asia_x Ａｓｉａ café'
    expect(ranges(text, query('Asia', { wholeWord: true }))).toEqual([[6, 10]])
    expect(ranges(text, query('6', { wholeWord: true }))).toEqual([[17, 18]])
    expect(ranges(text, query('棵', { wholeWord: true }))).toEqual([[18, 19]])
    expect(ranges(text, query('asia', { wholeWord: true, foldWidth: true }))).toEqual([[6, 10], [27, 31]])
    expect(ranges(text, query('caf', { wholeWord: true }))).toEqual([])
    expect(ranges('cafe\u0301 cafe', query('cafe', { wholeWord: true }))).toEqual([[6, 10]])
    // A match that starts or ends with a non-word character needs no space there.
    expect(ranges('x,y', query(',y', { wholeWord: true }))).toEqual([[1, 3]])
    expect(ranges('ab1 a', query('\\w\\d?', { wholeWord: true, regex: true }))).toEqual([[4, 5]])
    checkMatches(text, query('Asia', { wholeWord: true }))
  })

  it('returns an invalid pattern as a value, with the engine message', () => {
    const result = findInText('abc', query('a(b', { regex: true }))
    expect(result.status).toBe('invalid-pattern')
    expect(result.status === 'invalid-pattern' && result.message).toBe('Invalid regular expression: Unterminated group')
    expect(findInText('abc', query('[', { regex: true, wholeWord: true, foldWidth: true })).status).toBe('invalid-pattern')
    // The same characters as literal text are fine.
    expect(ranges('a(b', query('a(b'))).toEqual([[0, 3]])
  })

  it('finds nothing for an empty pattern', () => {
    expect(findInText('abc', query(''))).toEqual({ status: 'ok', matches: [], truncated: false })
  })

  it('stops at the limit and says that more exist', () => {
    const text = '，'.repeat(MAX_MATCHES + 5)
    const result = findInText(text, query(','), 3)
    expect(result.status === 'ok' && result.matches.length).toBe(0)
    const limited = findInText(text, query(',', { foldWidth: true }), 3)
    expect(limited).toMatchObject({ status: 'ok', truncated: true })
    expect(limited.status === 'ok' && limited.matches.map((m) => m.start)).toEqual([0, 1, 2])
    const all = findInText(text, query(',', { foldWidth: true }))
    expect(all.status === 'ok' && [all.matches.length, all.truncated]).toEqual([MAX_MATCHES, true])
    expect(findInText('，，，', query(',', { foldWidth: true }), 3)).toMatchObject({ truncated: false })
    expect(() => findInText(text, query(','), 0)).toThrow(RangeError)
  })
})
