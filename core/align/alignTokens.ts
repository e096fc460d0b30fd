import { EditScript } from './editScript'
import { longestIncreasing } from './longestIncreasing'
import { myersDiff } from './myersDiff'
import { uniqueMatches } from './uniqueMatches'

/**
 * A gap this small goes straight to Myers: (n + m) ≤ 256 tokens costs at most
 * 256 × 256 ≈ 65k steps, e.g. two reworded sentences of 120 Han characters each.
 */
const MYERS_DIRECT = 256
/**
 * A gap without anchors may still be aligned by Myers if it needs at most this many
 * edits (≈ 1000² / 2 steps, a few ms); beyond that it is one replace: two 3000-token
 * stretches with nothing unique in common are rewritten text, not a variant.
 */
const MYERS_MAX_COST = 1000
/**
 * Recursion deeper than this (each level needs an anchor, so only highly repetitive
 * text with one unique token per level gets here) ends in Myers or a replace, so the
 * call stack stays far from its limit.
 */
const MAX_DEPTH = 200

/**
 * k-gram length for anchors in a gap of `size` tokens: long enough to be unique in a
 * big gap (12 Han characters rarely repeat by chance in 1 MB), short in a small gap
 * so that a reworded sentence still finds its shared words.
 * Worked example: 1 000 000 tokens → 12, 5 000 → 6, 300 → 3.
 */
function anchorLength(size: number): number {
  if (size >= 100_000) return 12
  if (size >= 10_000) return 8
  if (size >= 2_000) return 6
  if (size >= 500) return 4
  return 3
}

/**
 * Token-level alignment of a against b: trim the common ends, anchor on k-grams
 * unique in both sides, keep the anchors that agree on order (longest increasing
 * subsequence), extend each into a run of equal tokens, and recurse into the gaps
 * between runs with shorter k-grams; small gaps get Myers' O(ND) diff. Never throws.
 */
export function alignTokens(a: Int32Array, b: Int32Array): EditScript {
  const script = new EditScript()
  alignRange(a, 0, a.length, b, 0, b.length, script, anchorLength(Math.min(a.length, b.length)), 0)
  return script
}

function alignRange(
  a: Int32Array, aLo: number, aHi: number,
  b: Int32Array, bLo: number, bHi: number,
  script: EditScript, k: number, depth: number,
): void {
  let prefix = 0
  while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] === b[bLo + prefix]) prefix++
  script.equal(prefix)
  aLo += prefix
  bLo += prefix
  let suffix = 0
  while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - suffix - 1] === b[bHi - suffix - 1]) suffix++
  aHi -= suffix
  bHi -= suffix
  const n = aHi - aLo
  const m = bHi - bLo
  if (n === 0 || m === 0) {
    script.remove(n)
    script.add(m)
  } else if (n + m <= MYERS_DIRECT) {
    myersDiff(a, aLo, aHi, b, bLo, bHi, n + m, script)
  } else {
    alignWithAnchors(a, aLo, aHi, b, bLo, bHi, script, Math.min(k, anchorLength(Math.min(n, m))), depth)
  }
  script.equal(suffix)
}

function alignWithAnchors(
  a: Int32Array, aLo: number, aHi: number,
  b: Int32Array, bLo: number, bHi: number,
  script: EditScript, k: number, depth: number,
): void {
  let pairs: number[] = []
  for (let length = k; length >= 1 && depth < MAX_DEPTH; length = length > 1 ? Math.max(1, length >> 1) : 0) {
    pairs = uniqueMatches(a, [aLo, aHi], b, [bLo, bHi], length)
    if (pairs.length > 0) { k = length; break }
    if (length === 1) break
  }
  if (pairs.length === 0) {
    if (!myersDiff(a, aLo, aHi, b, bLo, bHi, MYERS_MAX_COST, script)) {
      script.remove(aHi - aLo)
      script.add(bHi - bLo)
    }
    return
  }
  const count = pairs.length >> 1
  const qs = new Int32Array(count)
  for (let i = 0; i < count; i++) qs[i] = pairs[2 * i + 1]
  const chosen = longestIncreasing(qs)
  const childK = Math.max(1, k - 1)
  let ca = aLo
  let cb = bLo
  for (const index of chosen) {
    const p = pairs[2 * index]
    const q = pairs[2 * index + 1]
    if (p < ca || q < cb) continue // inside the run of an earlier anchor
    alignRange(a, ca, p, b, cb, q, script, childK, depth + 1)
    let x = p
    let y = q
    while (x < aHi && y < bHi && a[x] === b[y]) { x++; y++ }
    script.equal(x - p)
    ca = x
    cb = y
  }
  alignRange(a, ca, aHi, b, cb, bHi, script, childK, depth + 1)
}
