/**
 * A stretch of the alignment in token indexes: equal (`change` false: a[a0, a1)
 * matches b[b0, b1)) or changed (A's a[a0, a1) was replaced by B's b[b0, b1); either
 * may be empty).
 */
export interface Region {
  change: boolean
  a0: number
  a1: number
  b0: number
  b1: number
}

/**
 * An equality this short (UTF-16 code units) with no punctuation or line break in it
 * is dissolved between two changes whatever their size: in "发挥更大作用" → "发展很大作用"
 * the common "大" should not split one reworded phrase into two changes.
 */
const SHORT_EQUALITY = 2
/**
 * Longest equality (code units) the size rule may dissolve. diff-match-patch has no
 * cap, which swallows a whole shared sentence between two long rewrites; an editor
 * needs that sentence kept as a fixed point. 10 is a short phrase: "积极推动平等有序的" (9).
 */
const MAX_DISSOLVED = 10

/**
 * Semantic clean-up after diff-match-patch's `diff_cleanupSemantic`, on token
 * regions: an equality no longer than the larger side of the change before it and
 * of the change after it is dissolved into one change with both, repeatedly, so a
 * reworded clause reads as one replace instead of a confetti of single characters.
 * Adapted to CJK: lengths are in code units (a Han character is one); only an
 * equality inside a clause (no punctuation or line break in it) of at most
 * MAX_DISSOLVED code units is dissolved, so clause and sentence boundaries stay
 * where the changes snap to; and any such equality of at most SHORT_EQUALITY code
 * units between two changes is dissolved whatever their size.
 *
 * Worked example: A "中方支持中亚国家" / B "我们要支持地区" aligns as
 * [中方→我们要][支持][中亚国家→地区]; "支持" (2) ≤ max(2, 3) and ≤ max(4, 2),
 * so the result is one replace of the whole.
 *
 * `hasBoundaryA(t0, t1)` tells whether A's tokens [t0, t1) hold a clause boundary
 * (punctuation, a line break). Returns new regions, alternating equal and change.
 */
export function semanticCleanup(
  regions: readonly Region[],
  startsA: Int32Array, startsB: Int32Array,
  hasBoundaryA: (t0: number, t1: number) => boolean,
): Region[] {
  const out: Region[] = []
  const lenA = (r: Region) => startsA[r.a1] - startsA[r.a0]
  const lenB = (r: Region) => startsB[r.b1] - startsB[r.b0]
  const reduce = () => {
    // out ends with [..., C1, E, C2]: dissolve E when it is small beside both changes.
    while (out.length >= 3) {
      const c2 = out[out.length - 1]
      const e = out[out.length - 2]
      const c1 = out[out.length - 3]
      if (!c2.change || e.change || !c1.change) return
      const size = lenA(e)
      // a clause boundary inside the equality makes it a fixed point: two reworded
      // clauses separated by a shared "，" stay two changes
      const dissolve = !hasBoundaryA(e.a0, e.a1) && (size <= SHORT_EQUALITY
        || (size <= MAX_DISSOLVED && size <= Math.max(lenA(c1), lenB(c1)) && size <= Math.max(lenA(c2), lenB(c2))))
      if (!dissolve) return
      out.length -= 3
      out.push({ change: true, a0: c1.a0, a1: c2.a1, b0: c1.b0, b1: c2.b1 })
    }
  }
  for (const region of regions) {
    const last = out[out.length - 1]
    if (last && last.change === region.change) {
      last.a1 = region.a1
      last.b1 = region.b1
      continue
    }
    if (!region.change) reduce()
    out.push({ ...region })
  }
  reduce()
  return out
}
