/**
 * Positions (p, q) where the k tokens a[p, p+k) equal b[q, q+k) and that k-gram
 * occurs exactly once in A's ranges and exactly once in B's ranges: the
 * patience/histogram anchors. `aRanges` and `bRanges` are flat [lo, hi, lo, hi, ...]
 * token ranges; a k-gram never crosses a range end. Pairs come out with p
 * ascending, as a flat [p, q, p, q, ...] array. O(total length) with a rolling hash
 * in an open-addressing table (typed arrays, so a 1 MB witness allocates no objects);
 * hash collisions are caught by comparing the tokens.
 */
export function uniqueMatches(
  a: Int32Array, aRanges: readonly number[],
  b: Int32Array, bRanges: readonly number[],
  k: number,
): number[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k-gram length ${k} must be a positive integer`)
  let gramsA = 0
  for (let r = 0; r < aRanges.length; r += 2) gramsA += Math.max(0, aRanges[r + 1] - aRanges[r] - k + 1)
  if (gramsA === 0) return []
  let bits = 4
  while ((1 << bits) < gramsA * 2) bits++
  const size = 1 << bits
  const mask = size - 1
  const keys = new Int32Array(size)
  const used = new Uint8Array(size)
  const countA = new Uint8Array(size)
  const countB = new Uint8Array(size)
  const posB = new Int32Array(size)
  const slotOfA = new Int32Array(gramsA)
  const posOfA = new Int32Array(gramsA)
  const BASE = 0x01000193
  let power = 1 // BASE^(k-1) mod 2^32: removes the token leaving the window
  for (let i = 1; i < k; i++) power = Math.imul(power, BASE)

  const slotFor = (hash: number, insert: boolean): number => {
    let slot = Math.imul(hash, 0x9e3779b1) >>> (32 - bits)
    while (used[slot] === 1) {
      if (keys[slot] === hash) return slot
      slot = (slot + 1) & mask
    }
    if (!insert) return -1
    used[slot] = 1
    keys[slot] = hash
    return slot
  }

  let g = 0
  for (let r = 0; r < aRanges.length; r += 2) {
    const lo = aRanges[r]
    const hi = aRanges[r + 1]
    if (hi - lo < k) continue
    let hash = 0
    for (let i = lo; i < lo + k; i++) hash = (Math.imul(hash, BASE) + a[i]) | 0
    for (let p = lo; ; p++) {
      const slot = slotFor(hash, true)
      if (countA[slot] < 2) countA[slot]++
      slotOfA[g] = slot
      posOfA[g] = p
      g++
      if (p + k >= hi) break
      hash = (Math.imul(hash - Math.imul(a[p], power), BASE) + a[p + k]) | 0
    }
  }
  for (let r = 0; r < bRanges.length; r += 2) {
    const lo = bRanges[r]
    const hi = bRanges[r + 1]
    if (hi - lo < k) continue
    let hash = 0
    for (let i = lo; i < lo + k; i++) hash = (Math.imul(hash, BASE) + b[i]) | 0
    for (let q = lo; ; q++) {
      const slot = slotFor(hash, false)
      if (slot >= 0 && countA[slot] === 1 && countB[slot] < 2) {
        countB[slot]++
        posB[slot] = q
      }
      if (q + k >= hi) break
      hash = (Math.imul(hash - Math.imul(b[q], power), BASE) + b[q + k]) | 0
    }
  }
  const pairs: number[] = []
  for (let i = 0; i < gramsA; i++) {
    const slot = slotOfA[i]
    if (countA[slot] !== 1 || countB[slot] !== 1) continue
    const p = posOfA[i]
    const q = posB[slot]
    let same = true
    for (let j = 0; j < k; j++) if (a[p + j] !== b[q + j]) { same = false; break }
    if (same) pairs.push(p, q)
  }
  return pairs
}
