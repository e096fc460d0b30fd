/**
 * Above this many k-grams, only a content-defined sample of them is indexed: those
 * whose hash has its top bits zero (1 in 4 above 50 000, 1 in 8 above 500 000).
 * The choice depends only on the k-gram's tokens, so a k-gram repeated elsewhere is
 * sampled at every occurrence or at none, and "unique among the sampled" still means
 * unique. The runs between sparser anchors are recovered by extending each anchor and
 * by the recursion. Worked example: a 1 MB witness has ~1 000 000 k-grams; indexing
 * 125 000 of them keeps the hash table in cache and still leaves an anchor every ~8
 * tokens of unchanged text.
 */
const SAMPLE_FROM = 50_000
const SAMPLE_DENSE_FROM = 500_000

/**
 * Positions (p, q) where the k tokens a[p, p+k) equal b[q, q+k) and that k-gram
 * occurs exactly once in A's ranges and exactly once in B's ranges: the
 * patience/histogram anchors. `aRanges` and `bRanges` are flat [lo, hi, lo, hi, ...]
 * token ranges; a k-gram never crosses a range end. Pairs come out with p
 * ascending, as a flat [p, q, p, q, ...] array. O(total length) with a rolling hash
 * in an open-addressing table (typed arrays, so a 1 MB witness allocates no objects);
 * hash collisions are caught by comparing the tokens. Large inputs are sampled (see
 * SAMPLE_FROM) unless `sample` is false (every k-gram counts, e.g. for move seeds). Throws RangeError when k is not a positive integer.
 */
export function uniqueMatches(
  a: Int32Array, aRanges: readonly number[],
  b: Int32Array, bRanges: readonly number[],
  k: number,
  sample = true,
): number[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k-gram length ${k} must be a positive integer`)
  let gramsA = 0
  for (let r = 0; r < aRanges.length; r += 2) gramsA += Math.max(0, aRanges[r + 1] - aRanges[r] - k + 1)
  if (gramsA === 0) return []
  const sampleShift = !sample ? 0 : gramsA >= SAMPLE_DENSE_FROM ? 3 : gramsA >= SAMPLE_FROM ? 2 : 0
  const expected = gramsA >> sampleShift
  let bits = 4
  while ((1 << bits) < expected * 2) bits++
  const size = 1 << bits
  const mask = size - 1
  const keys = new Int32Array(size)
  // per slot: bits 0-1 occurrences in A (0, 1, 2 = many), bits 2-3 in B; 0 = free slot
  const counts = new Uint8Array(size)
  const posB = new Int32Array(size)
  let selected = new Int32Array(Math.max(16, expected + (expected >> 1)))
  let selectedCount = 0 // pairs (position in A, slot)
  const BASE = 0x01000193
  let power = 1 // BASE^(k-1) mod 2^32: removes the token leaving the window
  for (let i = 1; i < k; i++) power = Math.imul(power, BASE)
  const sampled = (hash: number) => sampleShift === 0 || (Math.imul(hash, 0x85ebca6b) >>> (32 - sampleShift)) === 0

  for (let r = 0; r < aRanges.length; r += 2) {
    const lo = aRanges[r]
    const hi = aRanges[r + 1]
    if (hi - lo < k) continue
    let hash = 0
    for (let i = lo; i < lo + k; i++) hash = (Math.imul(hash, BASE) + a[i]) | 0
    for (let p = lo; ; p++) {
      if (sampled(hash)) {
        let slot = Math.imul(hash, 0x9e3779b1) >>> (32 - bits)
        while (counts[slot] !== 0 && keys[slot] !== hash) slot = (slot + 1) & mask
        const c = counts[slot] & 3
        if (c === 0) keys[slot] = hash
        if (c < 2) counts[slot] = (counts[slot] & ~3) | (c + 1)
        if (selectedCount + 2 > selected.length) {
          const grown = new Int32Array(selected.length * 2)
          grown.set(selected)
          selected = grown
        }
        selected[selectedCount++] = p
        selected[selectedCount++] = slot
      }
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
      if (sampled(hash)) {
        let slot = Math.imul(hash, 0x9e3779b1) >>> (32 - bits)
        while (counts[slot] !== 0 && keys[slot] !== hash) slot = (slot + 1) & mask
        const c = counts[slot]
        if ((c & 3) === 1 && (c >> 2) < 2) {
          counts[slot] = c + 4
          posB[slot] = q
        }
      }
      if (q + k >= hi) break
      hash = (Math.imul(hash - Math.imul(b[q], power), BASE) + b[q + k]) | 0
    }
  }
  const pairs: number[] = []
  for (let i = 0; i < selectedCount; i += 2) {
    const slot = selected[i + 1]
    if (counts[slot] !== 5) continue // exactly once in A (1) and once in B (4)
    const p = selected[i]
    const q = posB[slot]
    let same = true
    for (let j = 0; j < k; j++) if (a[p + j] !== b[q + j]) { same = false; break }
    if (same) pairs.push(p, q)
  }
  return pairs
}
