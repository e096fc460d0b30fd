import { describe, expect, it } from 'vitest'
import { formatRoute, parseRoute } from '../../../client/composables/useHashRoute'

describe('parseRoute (compare)', () => {
  it('reads the proposals page and a comparison of two ranges, and formats them back', () => {
    expect(parseRoute('#/compare/a%2Fb')).toEqual({ name: 'compare', documentId: 'a/b', a: null, b: null })
    const route = parseRoute('#/compare/doc-1/1421-2378/5830-6426')
    expect(route).toEqual({ name: 'compare', documentId: 'doc-1', a: [1421, 2378], b: [5830, 6426] })
    expect(formatRoute(route)).toBe('#/compare/doc-1/1421-2378/5830-6426')
  })

  it('falls back to the proposals page for a malformed or reversed range', () => {
    expect(parseRoute('#/compare/doc-1/9-3/5-6')).toEqual({ name: 'compare', documentId: 'doc-1', a: null, b: null })
    expect(parseRoute('#/compare/doc-1/1-3')).toEqual({ name: 'compare', documentId: 'doc-1', a: null, b: null })
  })

  it('reads a saved collation and formats it back', () => {
    const route = parseRoute('#/compare/doc-1/c/col-0a1b2c3d4e5f60')
    expect(route).toEqual({ name: 'collation', documentId: 'doc-1', collationId: 'col-0a1b2c3d4e5f60' })
    expect(formatRoute(route)).toBe('#/compare/doc-1/c/col-0a1b2c3d4e5f60')
  })
})
