import { AlignmentExtender, type BackwardStart, type ForwardEnd } from './extendAlignment'
import { isHan, nearWords, paragraphOf, type Units } from './tokenize'
import {
  BLEED_UNITS,
  GAP_PENALTY,
  MAX_CANDIDATES,
  NEAR_WORD_EDIT,
  PROBE_DRIFT,
  PROBE_MATCHES,
  PROBE_UNITS,
  SHORT_RUN,
  BAND,
  MIN_SIMILARITY,
  SEED_UNITS,
  SNAP_UNITS,
  WINNOW_WINDOW,
  isLongEnough,
} from './thresholds'

/**
 * One passage aligned with an earlier copy of itself, in unit indices
 * (`[aStart, aEnd)` is the earlier copy, `[bStart, bEnd)` the later; aEnd ≤ bStart).
 * `edits` counts units changed, inserted or deleted (an upper bound on the unit edit
 * distance), a typo'd word (`nearWords`) as NEAR_WORD_EDIT of one.
 */
export interface Alignment {
  aStart: number
  aEnd: number
  bStart: number
  bEnd: number
  matched: number
  edits: number
}

/** 1 − edits / longer side, in units: 1 for an exact copy. */
export function alignmentSimilarity(al: Alignment): number {
  const longer = Math.max(al.aEnd - al.aStart, al.bEnd - al.bStart)
  return longer === 0 ? 0 : Math.max(0, 1 - al.edits / longer)
}

const HASH_BASE = 1000003
/** Ring buffer of the last hashes for winnowing: WINNOW_WINDOW must not exceed RING_MASK + 1. */
const RING_MASK = 7
if (WINNOW_WINDOW > RING_MASK + 1) throw new RangeError(`WINNOW_WINDOW ${WINNOW_WINDOW} exceeds the ring of ${RING_MASK + 1}`)

/**
 * Finds every pair of copies in the unit stream, seed-and-extend in one left-to-right
 * pass (the scheme of LZ77 compressors): each kept (winnowed) seed's earlier seeds with
 * the same k-unit hash are walked, nearest first; the longest exact match is extended
 * in both directions through edits (see thresholds.ts), and the scan jumps past the
 * aligned copy. Pieces of the same pair split by a wider edit are then joined,
 * passages bleeding a few units into a neighbouring paragraph are cut back, and
 * pairs that are too short or too dissimilar dropped.
 *
 * O(units) time (each kept seed checks at most MAX_CANDIDATES earlier seeds; each
 * extension covers text the scan then skips) and about 16 bytes a unit besides the
 * units, freed on return.
 * `minLength` is FindDuplicatesOptions.minLength. A later copy of a passage printed
 * three times aligns with one earlier copy; clustering joins them.
 */
export function findAlignments(units: Units, minLength: number | undefined, onProgress?: (fraction: number) => void): Alignment[] {
  const n = units.count
  const k = SEED_UNITS
  const code = units.code
  const result: Alignment[] = []
  if (n < k * 2) return result
  const positions = n - k + 1
  const extender = new AlignmentExtender(units)
  // Rolling hash of every k units and winnowing in one pass: only the smallest hash
  // of every WINNOW_WINDOW consecutive seeds is kept (any exact run of
  // WINNOW_WINDOW + k − 1 units or more still has one), with its hash, so no array of
  // all the hashes is ever stored. About 2 in WINNOW_WINDOW + 1 seeds are kept.
  let capacity = Math.ceil((positions * 2) / (WINNOW_WINDOW + 1)) + 1024
  let selected = new Int32Array(capacity)
  let keys = new Uint32Array(capacity)
  let selectedCount = 0
  let power = 1
  for (let t = 1; t < k; t++) power = Math.imul(power, HASH_BASE)
  let h = 0
  for (let t = 0; t < k - 1; t++) h = (Math.imul(h, HASH_BASE) + code[t]) | 0
  const ring = new Uint32Array(RING_MASK + 1)
  let minimum = -1
  let minimumHash = 0
  let lastSelected = -1
  for (let end = 0; end < positions; end++) {
    if (end > 0) h = (h - Math.imul(code[end - 1], power)) | 0
    h = (Math.imul(h, HASH_BASE) + code[end + k - 1]) | 0
    // Mixed so that both the high bits (the bucket) and the order (winnowing) are uniform.
    const mixed = Math.imul(h, 0x9e3779b1) >>> 0
    ring[end & RING_MASK] = mixed
    const windowStart = end - WINNOW_WINDOW + 1
    if (minimum < windowStart) {
      minimum = windowStart > 0 ? windowStart : 0
      minimumHash = ring[minimum & RING_MASK]
      for (let p = minimum + 1; p <= end; p++) {
        if (ring[p & RING_MASK] <= minimumHash) {
          minimum = p
          minimumHash = ring[p & RING_MASK]
        }
      }
    } else if (mixed <= minimumHash) {
      minimum = end
      minimumHash = mixed
    }
    if (minimum !== lastSelected) {
      lastSelected = minimum
      if (selectedCount === capacity) {
        capacity *= 2
        const s = new Int32Array(capacity); s.set(selected); selected = s
        const x = new Uint32Array(capacity); x.set(keys); keys = x
      }
      selected[selectedCount] = minimum
      keys[selectedCount++] = minimumHash
    }
  }
  // Earlier seeds with the same hash, found by bucketing rather than by one big hash
  // table: the scan then reads `previous` in text order and touches memory at random
  // only for seeds that do repeat, instead of a table probe for every seed.
  const previous = sameHashBefore(keys, selectedCount)

  let pending: Alignment | null = null
  const flush = (al: Alignment): void => {
    trimBleed(units, al)
    snapToParagraphs(units, al)
    if (al.aEnd - al.aStart < k || al.bEnd - al.bStart < k) return
    if (alignmentSimilarity(al) < MIN_SIMILARITY) return
    if (!passesMinimum(units, al.aStart, al.aEnd, minLength) || !passesMinimum(units, al.bStart, al.bEnd, minLength)) return
    result.push(al)
  }
  const offer = (al: Alignment): void => {
    if (pending && tryChain(units, pending, al)) return
    if (pending) flush(pending)
    pending = al
  }

  let nextReport = 1 << 16
  let cursor = 0
  while (cursor < selectedCount) {
    const i = selected[cursor]
    if (i >= nextReport) {
      onProgress?.(i / positions)
      nextReport += 1 << 16
    }
    // The two earlier positions with the longest exact runs: where a passage was
    // printed three times, the nearer print may be the more heavily edited one.
    let best = -1
    let bestLength = 0
    let second = -1
    let secondLength = 0
    let period = n
    let jIndex = previous[cursor]
    for (let tries = 0; jIndex >= 0 && tries < MAX_CANDIDATES; tries++, jIndex = previous[jIndex]) {
      const j = selected[jIndex]
      const limit = Math.min(i - j, n - i, period)
      let length = 0
      while (length < limit && code[j + length] === code[i + length]) length++
      // A run reaching all the way to i is a tandem repeat (P P P …): compare the
      // farther candidates only up to that period, so each copy pairs with the one
      // before it rather than blocks of copies with blocks of copies.
      if (length === i - j && period === n) period = length
      if (length > bestLength) {
        second = best
        secondLength = bestLength
        bestLength = length
        best = j
      } else if (length > secondLength) {
        secondLength = length
        second = j
      }
    }
    cursor++
    if (bestLength < k) continue
    if (bestLength === i - best) {
      // Tandem copies (P P …): the run from the previous copy reaches the seed. Slide
      // the pair back to the start of the seed's paragraph when the copies agree that
      // far (less than one period), so that it starts where a copy does, not at the
      // seed in its middle.
      const period = bestLength
      let agree = 0
      while (agree < period - 1 && best - agree > 0 && code[best - agree - 1] === code[i - agree - 1]) agree++
      const toParagraph = best - units.paragraphs.firstUnit[paragraphOf(units, best)]
      const back = toParagraph <= agree ? toParagraph : 0
      offer({ aStart: best - back, aEnd: i - back, bStart: i - back, bEnd: i - back + period, matched: period, edits: 0 })
      while (cursor < selectedCount && selected[cursor] < i - back + period) cursor++
      continue
    }
    if (bestLength < SHORT_RUN) {
      // A short exact run is most often a chance phrase: extend it only if a second
      // exact run lies just beyond one of its ends (see SHORT_RUN) or it is a passage
      // by itself (a low minLength). The copy's next seeds are still tried.
      let back = 0
      while (back < SHORT_RUN && best - back > 0 && i - back - 1 >= best + bestLength && code[best - back - 1] === code[i - back - 1]) back++
      if (bestLength + back < SHORT_RUN &&
        !hasNearbyRun(code, best + bestLength, i + bestLength, 1, i, n) &&
        !hasNearbyRun(code, best - back - 1, i - back - 1, -1, 0, best + bestLength) &&
        !passesMinimum(units, best - back, best + bestLength, minLength)) continue
    }
    let forward = extender.forward(best, i, i)
    let backward = extender.backward(best, i, forward.aEnd)
    // Only an edited pair is worth comparing with the farther print: an exact one
    // cannot be bettered, and most seeds are chance phrases that align exactly and briefly.
    if (secondLength >= k && forward.edits + backward.edits > 0) {
      const forward2 = extender.forward(second, i, i)
      const backward2 = extender.backward(second, i, forward2.aEnd)
      // The better-scoring pair wins, unless its later copy swallows the nearer print
      // (in P P P P, pairing "P P" with "P P" scores higher than P with P); then only
      // a clearly higher similarity lets it win.
      const score = (f: ForwardEnd, b: BackwardStart) => f.matched + b.matched - GAP_PENALTY * (f.edits + b.edits)
      const similarity = (f: ForwardEnd, b: BackwardStart) =>
        1 - (f.edits + b.edits) / Math.max(f.aEnd - b.a, f.bEnd - b.b, 1)
      const swallows = backward2.b < forward.aEnd
      if (swallows
        ? similarity(forward2, backward2) > similarity(forward, backward) + 0.01
        : score(forward2, backward2) > score(forward, backward)) {
        forward = forward2
        backward = backward2
      }
    }
    offer({
      aStart: backward.a,
      aEnd: forward.aEnd,
      bStart: backward.b,
      bEnd: forward.bEnd,
      matched: forward.matched + backward.matched,
      edits: forward.edits + backward.edits,
    })
    // Jump past the copy (its seeds stay in `previous` for later copies to find).
    while (cursor < selectedCount && selected[cursor] < forward.bEnd) cursor++
  }
  if (pending) flush(pending)
  onProgress?.(1)
  return result
}

/**
 * Whether the copies go on past (a, b), in direction `step`: on some diagonal at most
 * PROBE_DRIFT from the current one (after a substitution, insertion or deletion the
 * copies go on along a nearby diagonal), at least PROBE_MATCHES of the next
 * PROBE_UNITS units of A equal their counterparts in B. Forward (+1) A's units stay
 * below `aBound` (the later copy's start) and B's below `bBound` (the text's end);
 * backward (−1) A's stay at or above `aBound` (0) and B's at or above `bBound` (the
 * earlier copy's end).
 */
function hasNearbyRun(code: Uint32Array, a: number, b: number, step: 1 | -1, aBound: number, bBound: number): boolean {
  // Units of A available in this direction.
  const aRoom = Math.min(PROBE_UNITS, step > 0 ? aBound - a : a - aBound + 1)
  if (aRoom < PROBE_MATCHES) return false
  for (let d = -PROBE_DRIFT; d <= PROBE_DRIFT; d++) {
    let count = 0
    for (let s = 0; s < aRoom && count + aRoom - s >= PROBE_MATCHES; s++) {
      const y = b + step * (s + d)
      if (step > 0 ? y < 0 || y >= bBound : y < bBound || y >= code.length) continue
      if (code[a + step * s] === code[y]) count++
    }
    if (count >= PROBE_MATCHES) return true
  }
  return false
}

/**
 * For each kept seed t (0 ≤ t < m, `keys[t]` its hash), the nearest earlier seed with
 * the same hash, or −1. O(m): one stable counting-sort pass scatters the seeds into
 * 2048 buckets by the hash's top bits (each bucket stays in text order), then each
 * bucket is walked with a small table of the latest seed per hash that stays in the
 * processor's cache; a table entry belongs to the current bucket only when its stamp
 * says so, so it is never cleared.
 */
function sameHashBefore(keys: Uint32Array, m: number): Int32Array {
  const BUCKET_BITS = 11
  const buckets = 1 << BUCKET_BITS
  const shift = 32 - BUCKET_BITS
  const counts = new Int32Array(buckets + 1)
  for (let t = 0; t < m; t++) counts[(keys[t] >>> shift) + 1]++
  let largest = 0
  for (let b = 1; b <= buckets; b++) {
    if (counts[b] > largest) largest = counts[b]
    counts[b] += counts[b - 1]
  }
  const sortedKeys = new Uint32Array(m)
  const order = new Int32Array(m)
  const next = counts.slice(0, buckets)
  for (let t = 0; t < m; t++) {
    const key = keys[t]
    const slot = next[key >>> shift]++
    sortedKeys[slot] = key
    order[slot] = t
  }
  let size = 64
  while (size < largest * 4) size *= 2
  const mask = size - 1
  const latest = new Int32Array(size)
  const stamp = new Int32Array(size)
  const previous = new Int32Array(m).fill(-1)
  for (let b = 0; b < buckets; b++) {
    const mark = b + 1
    for (let p = counts[b]; p < counts[b + 1]; p++) {
      const key = sortedKeys[p]
      let slot = (key ^ (key >>> 13)) & mask
      while (stamp[slot] === mark && sortedKeys[latest[slot]] !== key) slot = (slot + 1) & mask
      if (stamp[slot] === mark) previous[order[p]] = order[latest[slot]]
      else stamp[slot] = mark
      latest[slot] = p
    }
  }
  return previous
}

/**
 * Joins `next` into `prev` when they are consecutive pieces of one pair of copies
 * split by an edit too wide to bridge; returns whether it did.
 */
function tryChain(units: Units, prev: Alignment, next: Alignment): boolean {
  const gapA = next.aStart - prev.aEnd
  const gapB = next.bStart - prev.bEnd
  const shift = (next.bStart - next.aStart) - (prev.bStart - prev.aStart)
  if (next.aStart < prev.aStart || next.bStart < prev.bStart) return false
  if (gapA < 0 && gapB < 0 && Math.abs(shift) <= BAND && Math.max(prev.aEnd, next.aEnd) <= prev.bStart) {
    // A later seed re-aligned part of the same pair (its backward extension ran back
    // over the piece already found): keep the union. Each piece's edits are spread
    // evenly over it, so the part of one that the other covers is not counted twice.
    const prevLength = Math.max(prev.bEnd - prev.bStart, 1)
    const nextLength = Math.max(next.bEnd - next.bStart, 1)
    const nextOutside = Math.max(0, next.bEnd - prev.bEnd)
    const prevOutside = Math.max(0, next.bStart - prev.bStart)
    prev.edits = Math.max(
      prev.edits + (next.edits * nextOutside) / nextLength,
      next.edits + (prev.edits * prevOutside) / prevLength,
    )
    prev.matched = Math.max(prev.matched + (next.matched * nextOutside) / nextLength, next.matched + (prev.matched * prevOutside) / prevLength)
    prev.aEnd = Math.max(prev.aEnd, next.aEnd)
    prev.bEnd = Math.max(prev.bEnd, next.bEnd)
    return true
  }
  if (gapA < -SEED_UNITS || gapB < -SEED_UNITS) return false
  // Joining must not make the earlier copy run into the later one.
  if (next.aEnd > prev.bStart) return false
  const joined = Math.max(next.aEnd - prev.aStart, next.bEnd - prev.bStart)
  const allowed = (1 - MIN_SIMILARITY) * joined - prev.edits - next.edits
  // The smaller piece must repay its gap, unless it is a paragraph's opening or
  // closing words in both copies (a reprint whose one clause was rewritten).
  const small = prev.matched <= next.matched ? prev : next
  const anchored = small.matched >= 2 * SEED_UNITS && (small === prev
    ? atParagraphStart(units, prev.aStart) && atParagraphStart(units, prev.bStart)
    : atParagraphEnd(units, next.aEnd) && atParagraphEnd(units, next.bEnd))
  const lowerBound = Math.max(Math.abs(gapA - gapB), 0)
  if (lowerBound > allowed || (!anchored && small.matched < lowerBound)) return false
  const cost = gapA >= 0 && gapB >= 0
    ? editDistance(units, prev.aEnd, next.aStart, prev.bEnd, next.bStart)
    : Math.max(gapA, gapB, Math.abs(gapA - gapB), 0)
  if (cost > allowed || (!anchored && small.matched < cost)) return false
  prev.aEnd = Math.max(prev.aEnd, next.aEnd)
  prev.bEnd = Math.max(prev.bEnd, next.bEnd)
  prev.matched += next.matched
  prev.edits += next.edits + cost
  return true
}

function atParagraphStart(units: Units, unit: number): boolean {
  return units.paragraphs.firstUnit[paragraphOf(units, unit)] === unit
}

function atParagraphEnd(units: Units, unitEnd: number): boolean {
  return units.paragraphs.unitEnd[paragraphOf(units, unitEnd - 1)] === unitEnd
}

/**
 * Unit edit distance (Levenshtein) between units [a0, a1) and [b0, b1), a typo'd word
 * (`nearWords`) costing NEAR_WORD_EDIT; falls back to the longer length, an upper
 * bound, when the table would exceed 16K cells.
 */
function editDistance(units: Units, a0: number, a1: number, b0: number, b1: number): number {
  const code = units.code
  const la = a1 - a0
  const lb = b1 - b0
  if (la === 0 || lb === 0) return Math.max(la, lb)
  if (la * lb > 16384) return Math.max(la, lb)
  let row = new Float64Array(lb + 1)
  let nextRow = new Float64Array(lb + 1)
  for (let j = 0; j <= lb; j++) row[j] = j
  for (let i = 1; i <= la; i++) {
    nextRow[0] = i
    const ca = code[a0 + i - 1]
    for (let j = 1; j <= lb; j++) {
      const cb = code[b0 + j - 1]
      const substitution = row[j - 1] + (ca === cb ? 0 : (ca | cb) >>> 31 === 0 && nearWords(units, a0 + i - 1, b0 + j - 1) ? NEAR_WORD_EDIT : 1)
      nextRow[j] = Math.min(substitution, row[j] + 1, nextRow[j - 1] + 1)
    }
    const swap = row
    row = nextRow
    nextRow = swap
  }
  return row[lb]
}

/**
 * Stretches an alignment to the paragraph boundaries when both copies stop at most
 * SNAP_UNITS short of them and the leftover words are mostly alike (an edit in a
 * copy's last or first words would otherwise leave them out).
 */
function snapToParagraphs(units: Units, al: Alignment): void {
  const { firstUnit, unitEnd } = units.paragraphs
  const endA = unitEnd[paragraphOf(units, al.aEnd - 1)]
  const endB = unitEnd[paragraphOf(units, al.bEnd - 1)]
  const tailA = endA - al.aEnd
  const tailB = endB - al.bEnd
  if ((tailA > 0 || tailB > 0) && tailA <= SNAP_UNITS && tailB <= SNAP_UNITS && endA <= al.bStart) {
    const cost = editDistance(units, al.aEnd, endA, al.bEnd, endB)
    if (cost * 2 <= Math.max(tailA, tailB)) {
      al.aEnd = endA
      al.bEnd = endB
      al.edits += cost
    }
  }
  const startA = firstUnit[paragraphOf(units, al.aStart)]
  const startB = firstUnit[paragraphOf(units, al.bStart)]
  const headA = al.aStart - startA
  const headB = al.bStart - startB
  if ((headA > 0 || headB > 0) && headA <= SNAP_UNITS && headB <= SNAP_UNITS && startB >= al.aEnd) {
    const cost = editDistance(units, startA, al.aStart, startB, al.bStart)
    if (cost * 2 <= Math.max(headA, headB)) {
      al.aStart = startA
      al.bStart = startB
      al.edits += cost
    }
  }
}

function passesMinimum(units: Units, from: number, to: number, minLength: number | undefined): boolean {
  let hanChars = 0
  let otherChars = 0
  for (let u = from; u < to; u++) {
    if (isHan(units, u)) hanChars++
    else otherChars += units.end[u] - units.start[u]
  }
  return isLongEnough(hanChars, otherChars, minLength)
}

/** Cuts back an alignment whose ends poke a few units into a paragraph (see BLEED_UNITS). */
function trimBleed(units: Units, al: Alignment): void {
  const { firstUnit, unitEnd } = units.paragraphs
  for (let round = 0; round < 2; round++) {
    for (const side of ['b', 'a'] as const) {
      const start = side === 'a' ? al.aStart : al.bStart
      const end = side === 'a' ? al.aEnd : al.bEnd
      if (end - start <= BLEED_UNITS) continue
      const pTail = paragraphOf(units, end - 1)
      const tailFirst = firstUnit[pTail]
      if (tailFirst > start && unitEnd[pTail] > end && end - tailFirst < BLEED_UNITS) {
        const cut = end - tailFirst
        al.aEnd -= cut
        al.bEnd -= cut
        al.matched = Math.max(0, al.matched - cut)
      }
      const s = side === 'a' ? al.aStart : al.bStart
      const e = side === 'a' ? al.aEnd : al.bEnd
      const pHead = paragraphOf(units, s)
      const headEnd = unitEnd[pHead]
      if (firstUnit[pHead] < s && headEnd < e && headEnd - s < BLEED_UNITS) {
        const cut = headEnd - s
        al.aStart += cut
        al.bStart += cut
        al.matched = Math.max(0, al.matched - cut)
      }
    }
  }
}
