import { describe, expect, it } from 'vitest'
import { removalsKeeping } from '../../../client/components/duplicates/flaggedDuplicates'

describe('removalsKeeping', () => {
  it('proposes every copy but the kept one, never a character of the kept one', () => {
    expect(removalsKeeping([{ start: 0, end: 10 }, { start: 20, end: 30 }, { start: 40, end: 50 }], 1)).toEqual([{ start: 0, end: 10 }, { start: 40, end: 50 }])
    expect(removalsKeeping([{ start: 0, end: 10 }, { start: 6, end: 16 }], 0)).toEqual([{ start: 10, end: 16 }])
    expect(removalsKeeping([{ start: 0, end: 10 }, { start: 6, end: 16 }], 1)).toEqual([{ start: 0, end: 6 }])
    expect(removalsKeeping([{ start: 0, end: 30 }, { start: 10, end: 20 }], 1)).toEqual([{ start: 0, end: 10 }, { start: 20, end: 30 }])
    expect(removalsKeeping([{ start: 10, end: 20 }, { start: 0, end: 30 }], 1)).toEqual([])
  })

  it('throws RangeError for a copy that does not exist', () => {
    expect(() => removalsKeeping([{ start: 0, end: 1 }], 1)).toThrow(RangeError)
  })
})
