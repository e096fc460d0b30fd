import { describe, expect, it } from 'vitest'
import { formatRoute, parseRoute, type Route } from '../../../client/composables/useHashRoute'

describe('parseRoute', () => {
  it('shows the document list for an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ name: 'documents' })
    expect(parseRoute('#/')).toEqual({ name: 'documents' })
    expect(parseRoute('#/nowhere/x')).toEqual({ name: 'documents' })
    expect(parseRoute('#/doc/')).toEqual({ name: 'documents' })
  })

  it('opens one pane, optionally at an offset', () => {
    expect(parseRoute('#/doc/abc')).toEqual({ name: 'editor', panes: [{ documentId: 'abc', offset: null }] })
    expect(parseRoute('#/doc/abc@120')).toEqual({ name: 'editor', panes: [{ documentId: 'abc', offset: 120 }] })
  })

  it('compares two versions, or a version with now', () => {
    expect(parseRoute('#/compare/d/v3/now')).toEqual({ name: 'compare', documentId: 'd', a: null, b: null, versions: { from: 3, to: 'now' } })
    expect(parseRoute('#/compare/d/v3/v7')).toEqual({ name: 'compare', documentId: 'd', a: null, b: null, versions: { from: 3, to: 7 } })
    expect(parseRoute('#/compare/d/v3/x')).toEqual({ name: 'compare', documentId: 'd', a: null, b: null })
  })

  it('opens a pane with a range selected (a search hit)', () => {
    expect(parseRoute('#/doc/abc@120-128')).toEqual({ name: 'editor', panes: [{ documentId: 'abc', offset: 120, end: 128 }] })
    // An empty or reversed range only scrolls.
    expect(parseRoute('#/doc/abc@9-9')).toEqual({ name: 'editor', panes: [{ documentId: 'abc', offset: 9 }] })
    expect(parseRoute('#/doc/abc@9-3')).toEqual({ name: 'editor', panes: [{ documentId: 'abc', offset: 9 }] })
  })

  it('reads the search route and its parameters', () => {
    expect(parseRoute('#/search')).toEqual({ name: 'search', params: {} })
    expect(parseRoute('#/search?q=%E5%B3%B0%E4%BC%9A+x&kind=comment&status=&bogus=1')).toEqual({ name: 'search', params: { q: '峰会 x', kind: 'comment' } })
  })

  it('opens two panes side by side, the same document twice included', () => {
    expect(parseRoute('#/split/a/a@300')).toEqual({
      name: 'editor',
      panes: [{ documentId: 'a', offset: null }, { documentId: 'a', offset: 300 }],
    })
  })
})

describe('formatRoute', () => {
  it('round-trips ids with reserved characters', () => {
    const routes: Route[] = [
      { name: 'documents' },
      { name: 'editor', panes: [{ documentId: 'a/b@c 中', offset: null }] },
      { name: 'editor', panes: [{ documentId: 'x', offset: 5 }, { documentId: 'y@1', offset: null }] },
      { name: 'editor', panes: [{ documentId: 'a-1@2', offset: 5, end: 9 }] },
      { name: 'search', params: { q: 'a&b=c #中', document: 'x/y', from: '2025-06-01' } },
      { name: 'search', params: {} },
      { name: 'compare', documentId: 'd 中', a: null, b: null, versions: { from: 3, to: 'now' } },
      { name: 'compare', documentId: 'd', a: null, b: null, versions: { from: 3, to: 12 } },
      { name: 'session', screen: 'sign-in', next: '/doc/a%2Fb@3?x=1&y=2' },
      { name: 'session', screen: 'setup', next: null },
      { name: 'session', screen: 'account', next: null },
    ]
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route)
  })
})

describe('session routes', () => {
  it('keeps only a path of this app as where to go after sign-in', () => {
    expect(parseRoute('#/sign-in?next=%2Fsearch%3Fq%3Dx')).toEqual({ name: 'session', screen: 'sign-in', next: '/search?q=x' })
    expect(parseRoute('#/sign-in?next=https%3A%2F%2Fevil.example')).toEqual({ name: 'session', screen: 'sign-in', next: null })
    expect(parseRoute('#/sign-in?next=%2F%2Fevil.example')).toEqual({ name: 'session', screen: 'sign-in', next: null })
  })
})
