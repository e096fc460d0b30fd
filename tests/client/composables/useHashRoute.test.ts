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
      { name: 'compare', documentId: 'd 中', a: null, b: null, versions: { from: 3, to: 'now' } },
      { name: 'compare', documentId: 'd', a: null, b: null, versions: { from: 3, to: 12 } },
    ]
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route)
  })
})
