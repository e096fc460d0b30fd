import { describe, expect, it } from 'vitest'
import { createAnchor } from '../../../core/annotations'
import { buildSearchEntries, findMatches, foldCase, makeSnippet, parseSearchQuery } from '../../../core/search'

describe('findMatches', () => {
  it('finds every non-overlapping occurrence, ignoring case', () => {
    expect(findMatches('Tea, tea, TEA', 'tea')).toEqual([{ start: 0, end: 3 }, { start: 5, end: 8 }, { start: 10, end: 13 }])
    expect(findMatches('aaaa', 'aa')).toEqual([{ start: 0, end: 2 }, { start: 2, end: 4 }])
    expect(findMatches('中国与中亚', '中')).toEqual([{ start: 0, end: 1 }, { start: 3, end: 4 }])
    expect(findMatches('anything', '')).toEqual([])
  })

  it('keeps offsets when a lower case would be longer', () => {
    expect(foldCase('İa')).toBe('İa')
    expect(findMatches('xİstanbul', 'STAN')).toEqual([{ start: 2, end: 6 }])
  })
})

describe('makeSnippet', () => {
  it('cuts context either side and says where it clipped', () => {
    expect(makeSnippet('the quick brown fox', 4, 9, 4)).toEqual({ before: 'the ', match: 'quick', after: ' bro', clippedBefore: false, clippedAfter: true })
    expect(makeSnippet('the quick brown fox', 16, 19, 3)).toEqual({ before: 'wn ', match: 'fox', after: '', clippedBefore: true, clippedAfter: false })
  })

  it('never splits a surrogate pair and shows line breaks as spaces', () => {
    expect(makeSnippet('a𠀀bcd', 3, 4, 1)).toMatchObject({ before: '𠀀', match: 'b' })
    expect(makeSnippet('ab\n\ncd', 4, 5, 3)).toMatchObject({ before: 'b ', match: 'c' })
  })

  it('throws RangeError for a range outside the text', () => {
    expect(() => makeSnippet('abc', 2, 4)).toThrow(RangeError)
    expect(() => makeSnippet('abc', 0, 1, -1)).toThrow(RangeError)
  })
})

describe('buildSearchEntries', () => {
  it('makes one entry per non-blank paragraph with its projection offset', () => {
    const entries = buildSearchEntries({ projection: 'ab\n\n\n\n  \n\ncde', annotations: [] })
    expect(entries.map((e) => [e.kind, e.body, e.start, e.end])).toEqual([['text', 'ab', 0, 2], ['text', 'cde', 10, 13]])
  })

  it('adds quotes and comments placed at their annotation', () => {
    const projection = 'one two three'
    const entries = buildSearchEntries({
      projection,
      annotations: [{
        id: 'a', type: 'typo', author: 'Ana', created: '2025-01-01', updated: '2025-01-01', status: 'resolved', links: [],
        anchor: createAnchor(projection, 4, 7),
        comments: [{ id: 'c', author: 'Bo', created: '2025-01-02', text: 'really two?' }, { id: 'e', author: 'Bo', created: '2025-01-02', text: ' ' }],
      }],
    })
    expect(entries.slice(1)).toEqual([
      { kind: 'quote', body: 'two', start: 4, end: 7, annotationId: 'a', commentId: null, type: 'typo', author: 'Ana', status: 'resolved', created: '2025-01-01' },
      { kind: 'comment', body: 'really two?', start: 4, end: 7, annotationId: 'a', commentId: 'c', type: 'typo', author: 'Bo', status: 'resolved', created: '2025-01-02' },
    ])
  })
})

describe('parseSearchQuery', () => {
  it('reads the parameters, empty strings as absent', () => {
    expect(parseSearchQuery({ q: '  峰会 ', document: '', kind: 'quote', status: 'open', from: '2025-06-01', to: '2025-06', limit: '10' })).toEqual({
      ok: true,
      query: { text: '峰会', document: null, kind: 'quote', type: null, author: null, status: 'open', from: '2025-06-01', to: '2025-06', limit: 10 },
    })
  })

  it('names the parameter that is wrong', () => {
    expect(parseSearchQuery({ q: ' ' })).toEqual({ ok: false, message: 'q: give the text to search for' })
    expect(parseSearchQuery({ q: 'x', kind: 'note' })).toEqual({ ok: false, message: "kind: text, quote or comment, not 'note'" })
    expect(parseSearchQuery({ q: 'x', status: 'closed' })).toMatchObject({ ok: false, message: expect.stringMatching(/^status:/) })
    expect(parseSearchQuery({ q: 'x', from: 'yesterday' })).toMatchObject({ ok: false, message: expect.stringMatching(/^from:/) })
    expect(parseSearchQuery({ q: 'x', limit: '0' })).toMatchObject({ ok: false, message: expect.stringMatching(/^limit:/) })
    expect(parseSearchQuery({ q: 'x', limit: '501' })).toMatchObject({ ok: false, message: expect.stringMatching(/^limit:/) })
    expect(parseSearchQuery({ q: 'x'.repeat(201) })).toMatchObject({ ok: false, message: expect.stringMatching(/^q:/) })
  })
})
