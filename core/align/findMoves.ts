import type { Region } from './semanticCleanup'
import { uniqueMatches } from './uniqueMatches'

/** A moved passage in token indexes: a[a0, a1) sits at b[b0, b1). */
export interface TokenMove {
  a0: number
  a1: number
  b0: number
  b1: number
  /** Set by findDisplaced on a passage left under another heading, in order with the rest. */
  misplaced?: boolean
}

/**
 * Length of the seed k-grams for moves, in tokens: 4 Han characters or 4 words.
 * Seeds are extended to the longest common run, then kept only if long enough.
 */
const SEED = 4

/**
 * Two exact pieces of a move separated by at most this many code units on each side
 * (and in the same order on both) are one moved passage with a small change inside:
 * a 40-character sentence moved and given one new word reads as one move, not two.
 * The compare view diffs a move's two places to show that change.
 */
const MERGE_GAP = 10

/**
 * Moved passages among what the in-order alignment left unmatched: text deleted
 * from A (in change regions) that reappears verbatim in text inserted into B. Seeds
 * are k-grams unique in both residues (so a repeated phrase is never a move), each
 * extended to the longest equal run within its two change regions, kept when it
 * spans at least `minMoveLength` code units of A. Moves do not overlap; pieces
 * close together are merged (MERGE_GAP). Returned in A order.
 */
export function findMoves(
  regions: readonly Region[], a: Int32Array, b: Int32Array,
  startsA: Int32Array, startsB: Int32Array, minMoveLength: number,
): TokenMove[] {
  const aRanges: number[] = []
  const bRanges: number[] = []
  for (const r of regions) {
    if (!r.change) continue
    if (r.a1 > r.a0 && startsA[r.a1] - startsA[r.a0] >= minMoveLength) aRanges.push(r.a0, r.a1)
    if (r.b1 - r.b0 >= SEED) bRanges.push(r.b0, r.b1)
  }
  if (aRanges.length === 0 || bRanges.length === 0) return []
  // not sampled: a 12-character move has only ~9 seeds, sampling could miss them all
  const pairs = uniqueMatches(a, aRanges, b, bRanges, SEED, false)
  if (pairs.length === 0) return []
  const aLimit = (p: number): [number, number] => rangeAround(aRanges, p)
  const bLimit = (q: number): [number, number] => rangeAround(bRanges, q)
  const usedB = new Uint8Array(b.length)
  const moves: TokenMove[] = []
  let aDone = -1
  for (let i = 0; i < pairs.length; i += 2) {
    const p = pairs[i]
    const q = pairs[i + 1]
    if (p < aDone || usedB[q] === 1) continue
    const [aLo, aHi] = aLimit(p)
    const [bLo, bHi] = bLimit(q)
    let s = 0
    while (p - s - 1 >= Math.max(aLo, aDone) && q - s - 1 >= bLo && usedB[q - s - 1] === 0 && a[p - s - 1] === b[q - s - 1]) s++
    let e = 0
    while (p + e < aHi && q + e < bHi && usedB[q + e] === 0 && a[p + e] === b[q + e]) e++
    const move = { a0: p - s, a1: p + e, b0: q - s, b1: q + e }
    const last = moves[moves.length - 1]
    if (last && rangeAround(aRanges, last.a0)[0] === aLo && rangeAround(bRanges, last.b0)[0] === bLo
      && move.b0 >= last.b1 && startsA[move.a0] - startsA[last.a1] <= MERGE_GAP && startsB[move.b0] - startsB[last.b1] <= MERGE_GAP) {
      // a small change inside one moved passage: extend the previous move over it
      usedB.fill(1, last.b1, move.b1)
      last.a1 = move.a1
      last.b1 = move.b1
      aDone = move.a1
      continue
    }
    if (startsA[move.a1] - startsA[move.a0] < minMoveLength) continue
    moves.push(move)
    usedB.fill(1, move.b0, move.b1)
    aDone = move.a1
  }
  return moves
}

function rangeAround(ranges: readonly number[], position: number): [number, number] {
  let lo = 0
  let hi = ranges.length / 2 - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (ranges[2 * mid] <= position) lo = mid
    else hi = mid - 1
  }
  return [ranges[2 * lo], ranges[2 * lo + 1]]
}
