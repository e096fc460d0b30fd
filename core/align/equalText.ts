/*
 * Offsets inside text that the aligner called equal. Equal text matches token by
 * token; with normalisation on, the only tokens that may differ in length are
 * runs of white space ("\n\n" against " "): every other token has the same length
 * on both sides. So one walk, a code unit at a time and a white-space run at a
 * time, maps an offset of one side to the other without tokenising again.
 */
import { isWhiteSpace } from '../text'
import { normalizeCode } from './tokenize'

/**
 * True when a[aStart, aEnd) and b[bStart, bEnd) read the same: code units equal
 * (after width and quote folding when `normalize`), and white-space runs matching
 * any white-space run when `normalize`. Never throws.
 */
export function readsEqual(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number, normalize: boolean): boolean {
  let i = aStart
  let j = bStart
  while (i < aEnd && j < bEnd) {
    const ca = a.charCodeAt(i)
    const cb = b.charCodeAt(j)
    if (normalize && isWhiteSpace(ca) && isWhiteSpace(cb)) {
      while (i < aEnd && isWhiteSpace(a.charCodeAt(i))) i++
      while (j < bEnd && isWhiteSpace(b.charCodeAt(j))) j++
      continue
    }
    if (ca !== cb && (!normalize || normalizeCode(ca) !== normalizeCode(cb))) return false
    i++
    j++
  }
  return i === aEnd && j === bEnd
}

/**
 * Offsets in b of the offsets `at` (ascending, inside [aStart, aEnd], each on a
 * token boundary) of a, for a stretch where `readsEqual` holds. One forward walk:
 * linear in the stretch. Throws RangeError when `at` is not ascending or outside.
 */
export function mapEqualOffsets(a: string, aStart: number, aEnd: number, b: string, bStart: number, at: readonly number[], normalize: boolean): number[] {
  const out: number[] = []
  let i = aStart
  let j = bStart
  for (const target of at) {
    if (target < i || target > aEnd) throw new RangeError(`offset ${target} is not ascending inside [${aStart}, ${aEnd}]`)
    while (i < target) {
      if (normalize && isWhiteSpace(a.charCodeAt(i))) {
        while (i < aEnd && isWhiteSpace(a.charCodeAt(i))) i++
        while (isWhiteSpace(b.charCodeAt(j))) j++
      } else {
        i++
        j++
      }
    }
    out.push(j)
  }
  return out
}

/**
 * The offset in b of offset `target` of a, walking back from the ends `aEnd`/`bEnd`
 * of an equal stretch: for a target near the end of a long stretch. Same contract
 * as `mapEqualOffsets`; throws RangeError when `target` is outside [aStart, aEnd].
 */
export function mapEqualOffsetFromEnd(a: string, aStart: number, aEnd: number, b: string, bEnd: number, target: number, normalize: boolean): number {
  if (target < aStart || target > aEnd) throw new RangeError(`offset ${target} is outside [${aStart}, ${aEnd}]`)
  let i = aEnd
  let j = bEnd
  while (i > target) {
    if (normalize && isWhiteSpace(a.charCodeAt(i - 1))) {
      while (i > aStart && isWhiteSpace(a.charCodeAt(i - 1))) i--
      while (j > 0 && isWhiteSpace(b.charCodeAt(j - 1))) j--
    } else {
      i--
      j--
    }
  }
  return j
}
