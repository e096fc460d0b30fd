import { describe, expect, it } from 'vitest'
import { describeCluster, describeKeeping } from '../../../client/components/duplicates/clusterSummary'

describe('describeCluster', () => {
  it('says where the passage is and where it appears again, with how alike each copy is to the first', () => {
    expect(describeCluster([12, 40], [{ a: 0, b: 1, similarity: 0.98 }])).toBe('The passage in ¶12 appears again in ¶40 (98% the same).')
    expect(describeCluster([3, 9, 40], [{ a: 0, b: 1, similarity: 1 }, { a: 1, b: 2, similarity: 0.9712 }]))
      .toBe('The passage in ¶3 appears again in ¶9 (identical) and ¶40 (97% the same).')
  })

  it('never calls copies that differ 100% the same', () => {
    expect(describeCluster([1, 2], [{ a: 0, b: 1, similarity: 0.9981 }])).toBe('The passage in ¶1 appears again in ¶2 (99% the same).')
  })
})

describe('describeKeeping', () => {
  it('names the copy that stays and the copies that go, compared with the one kept', () => {
    expect(describeKeeping([12, 40], [{ a: 0, b: 1, similarity: 0.98 }], 0)).toBe('Keep the copy in ¶12, remove the copy in ¶40 (98% the same).')
    expect(describeKeeping([12, 40], [{ a: 0, b: 1, similarity: 0.98 }], 1)).toBe('Keep the copy in ¶40, remove the copy in ¶12 (98% the same).')
    expect(describeKeeping([3, 9, 40], [{ a: 0, b: 1, similarity: 1 }, { a: 0, b: 2, similarity: 0.95 }, { a: 1, b: 2, similarity: 0.96 }], 1))
      .toBe('Keep the copy in ¶9, remove the copies in ¶3 (identical) and ¶40 (96% the same).')
  })

  it('throws RangeError for a copy that does not exist', () => {
    expect(() => describeKeeping([1, 2], [], 2)).toThrow(RangeError)
  })
})
