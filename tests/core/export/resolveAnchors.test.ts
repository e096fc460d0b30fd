import { describe, expect, it } from 'vitest'
import { resolveAnchors } from '../../../core/export'
import { annotation } from './fixtures'

describe('resolveAnchors', () => {
  it('uses the stored position while the quote still matches, else re-anchors, else orphans', () => {
    const p = 'abc abc xyz'
    const stale = { ...annotation(p, 'moved', 'note', 8, 11), anchor: { ...annotation(p, 'x', 'note', 8, 11).anchor, position: { type: 'TextPositionSelector' as const, start: 0, end: 3 } } }
    const gone = { ...annotation(p, 'gone', 'note', 0, 3), anchor: { quote: { type: 'TextQuoteSelector' as const, exact: 'qqq', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector' as const, start: 0, end: 3 } } }
    const { placed, orphans } = resolveAnchors({ projection: p, annotations: [annotation(p, 'second', 'note', 4, 7), stale, gone] })
    expect(placed.map((x) => [x.annotation.id, x.start, x.end])).toEqual([['second', 4, 7], ['moved', 8, 11]])
    expect(orphans.map((o) => o.id)).toEqual(['gone'])
  })
  it('takes the ranges of an edition whose anchors are placed as they are, without searching quotes again', () => {
    const p = 'abc abc xyz'
    const stale = { ...annotation(p, 'moved', 'note', 8, 11), anchor: { ...annotation(p, 'x', 'note', 8, 11).anchor, position: { type: 'TextPositionSelector' as const, start: 0, end: 3 } } }
    const { placed } = resolveAnchors({ projection: p, annotations: [stale], anchorsPlaced: true })
    expect(placed.map((x) => [x.annotation.id, x.start, x.end])).toEqual([['moved', 0, 3]])
  })
  it('widens a range that splits a surrogate pair', () => {
    const p = 'a😀b😀c'
    const { placed } = resolveAnchors({ projection: p, annotations: [annotation(p, 's', 'note', 2, 5)] })
    expect(p.slice(placed[0].start, placed[0].end)).toBe('😀b😀')
  })
})
