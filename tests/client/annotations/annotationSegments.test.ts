import { describe, expect, it } from 'vitest'
import { annotationSegments, type SegmentSource } from '../../../client/editor/annotationSegments'

const range = (item: string, from: number, to: number, layer: number): SegmentSource<string> => ({ from, to, layer, item })
/** Each segment as [from, to, the items covering it in layer order]. */
const shown = (ranges: SegmentSource<string>[]) => annotationSegments(ranges).map((s) => [s.from, s.to, s.covering.map((r) => r.item).join(',')])

describe('annotationSegments', () => {
  it('cuts nested ranges into flat stretches, each with every range covering it, outermost first', () => {
    expect(shown([range('a', 0, 10, 0), range('b', 2, 5, 1)])).toEqual([[0, 2, 'a'], [2, 5, 'a,b'], [5, 10, 'a']])
  })

  it('cuts crossing ranges at each of their ends, in layer order whatever the input order', () => {
    expect(shown([range('c', 4, 8, 2), range('b', 2, 6, 1), range('a', 0, 10, 0)]))
      .toEqual([[0, 2, 'a'], [2, 4, 'a,b'], [4, 6, 'a,b,c'], [6, 8, 'a,c'], [8, 10, 'a']])
  })

  it('leaves gaps between ranges and empty ranges undrawn, and keeps ranges that touch apart', () => {
    expect(shown([range('x', 0, 3, 0), range('y', 3, 6, 0), range('gone', 7, 7, 0), range('z', 9, 11, 0)]))
      .toEqual([[0, 3, 'x'], [3, 6, 'y'], [9, 11, 'z']])
  })

  it('gives ranges on the same words one segment holding both', () => {
    expect(shown([range('p', 5, 9, 0), range('q', 5, 9, 1)])).toEqual([[5, 9, 'p,q']])
    expect(annotationSegments([])).toEqual([])
  })
})
