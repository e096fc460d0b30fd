/**
 * Receives the runs of an edit script: `equal` of `n` tokens, or `delete` / `insert`.
 * Callers keep their own cursors; runs arrive in order.
 */
export interface EditSink {
  equal(n: number): void
  remove(n: number): void
  add(n: number): void
}

/**
 * Myers' O(ND) shortest edit script between a[aLo, aHi) and b[bLo, bHi).
 * Writes the runs to `sink` and returns true; returns false (writing nothing) when
 * the script needs more than `maxCost` edits, so the caller can fall back.
 * Memory is O(D²): only used inside small gaps.
 *
 * Worked example: a = [1,2,3], b = [1,3,4] → equal 1, remove 1, equal 1, add 1.
 */
export function myersDiff(
  a: Int32Array, aLo: number, aHi: number,
  b: Int32Array, bLo: number, bHi: number,
  maxCost: number, sink: EditSink,
): boolean {
  const n = aHi - aLo
  const m = bHi - bLo
  const max = Math.min(n + m, maxCost)
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  let found = -1
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2))
    for (let k = -d; k <= d; k += 2) {
      let x: number
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1]
      else x = v[offset + k - 1] + 1
      let y = x - k
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) { x++; y++ }
      v[offset + k] = x
      if (x >= n && y >= m) { found = d; break }
    }
  }
  if (found < 0) return false
  // Walk back through the snapshots: trace[d] holds V before step d, for k in [-d-1, d+1].
  const runs: number[] = [] // pairs (kind, length) in reverse; 0 equal, 1 remove, 2 add
  let x = n
  let y = m
  for (let d = found; d > 0; d--) {
    const prev = trace[d] // V after step d-1, indexed k + d + 1
    const k = x - y
    const base = d + 1
    const down = k === -d || (k !== d && prev[k - 1 + base] < prev[k + 1 + base])
    const prevK = down ? k + 1 : k - 1
    const prevX = prev[prevK + base]
    const prevY = prevX - prevK
    const startX = down ? prevX : prevX + 1
    const snake = x - startX
    if (snake > 0) runs.push(0, snake)
    runs.push(down ? 2 : 1, 1)
    x = prevX
    y = prevY
  }
  if (x > 0) runs.push(0, x)
  for (let r = runs.length - 2; r >= 0; r -= 2) {
    const kind = runs[r]
    const len = runs[r + 1]
    if (kind === 0) sink.equal(len)
    else if (kind === 1) sink.remove(len)
    else sink.add(len)
  }
  return true
}
