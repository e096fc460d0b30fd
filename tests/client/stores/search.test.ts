import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { SearchHit } from '../../../core/api'
import { paneForHit, useSearchStore } from '../../../client/stores/search'

function hit(documentId: string, fields: Partial<SearchHit> = {}): SearchHit {
  return {
    documentId, documentTitle: documentId.toUpperCase(), kind: 'text', start: 10, end: 14,
    snippet: { before: 'a ', match: 'word', after: ' b', clippedBefore: false, clippedAfter: false }, occurrences: 1,
    annotationId: null, commentId: null, type: null, author: null, status: null, created: null, ...fields,
  }
}

describe('search store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('groups hits by document in the order the server gave them, and sums them up', () => {
    const store = useSearchStore()
    store.response = { query: 'word', hits: [hit('a'), hit('a', { kind: 'quote' }), hit('b')], truncated: false }
    expect(store.groups.map((g) => [g.documentId, g.title, g.hits.length])).toEqual([['a', 'A', 2], ['b', 'B', 1]])
    expect(store.summary).toBe('3 matches in 2 documents.')
    store.response = { query: 'word', hits: [hit('a')], truncated: true }
    expect(store.summary).toBe('1 match in 1 document (showing the first; narrow the search to see the rest).')
    store.response = { query: 'word', hits: [], truncated: false }
    expect(store.summary).toBe('No match for “word”.')
  })

  it('clears the results for an empty query without asking the server', async () => {
    const store = useSearchStore()
    store.response = { query: 'word', hits: [hit('a')], truncated: false }
    await store.search({ q: '  ' })
    expect([store.response, store.loading, store.error]).toEqual([null, false, null])
  })
})

describe('paneForHit', () => {
  it('opens the passage selected, or the top of the document when its text is gone', () => {
    expect(paneForHit(hit('a'))).toEqual({ documentId: 'a', offset: 10, end: 14 })
    expect(paneForHit(hit('a', { kind: 'comment', start: null, end: null }))).toEqual({ documentId: 'a', offset: null })
    expect(paneForHit(hit('a', { start: 5, end: 5 }))).toEqual({ documentId: 'a', offset: 5 })
  })
})
