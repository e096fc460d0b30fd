/**
 * Indexes (into `values`) of one longest strictly increasing subsequence, in order.
 * Patience sorting: O(n log n). Used on the B positions of anchors listed in A order,
 * so the result is the largest set of anchors that agree on the order of both witnesses.
 *
 * Worked example: [3, 1, 4, 2, 5] → indexes [1, 3, 4] (values 1, 2, 5); ties go to
 * the earliest subsequence found.
 */
export function longestIncreasing(values: ArrayLike<number>): number[] {
  const n = values.length
  const tails = new Int32Array(n) // index of the smallest tail of each length
  const prev = new Int32Array(n)
  let length = 0
  for (let i = 0; i < n; i++) {
    const value = values[i]
    let lo = 0
    let hi = length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (values[tails[mid]] < value) lo = mid + 1
      else hi = mid
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1
    tails[lo] = i
    if (lo === length) length++
  }
  const result = new Array<number>(length)
  let at = length > 0 ? tails[length - 1] : -1
  for (let j = length - 1; j >= 0; j--) {
    result[j] = at
    at = prev[at]
  }
  return result
}
