/*
 * The rows of a collation, cut on the base witness (witness 0) from the pairwise
 * alignments of every other witness against it. A row boundary may fall wherever
 * some witness's alignment has a segment boundary, except inside a replace of any
 * witness: a replaced stretch is one reading against another and is never cut.
 * Text a witness adds (an insert at base offset p) gets a row of its own just
 * before the base row that starts at p, shared with every other witness adding
 * text at p; inside a replace it joins that replace's row.
 */
import { mapEqualOffsets, readsEqual } from './equalText'
import type { Alignment } from './types'

/** A row under construction: cells as in CollationRow; `variant` when any witness differs from the base there. */
export interface WorkRow {
  cells: Array<[number, number] | null>
  variant: boolean
}

interface Segment { a0: number; a1: number; b0: number; b1: number; same: boolean }

/**
 * Rows of witnesses `texts` (base first) from `alignments[w]` = alignWitnesses(texts[0], texts[w])
 * for w ≥ 1 (`alignments[0]` is ignored). Consecutive rows where every witness
 * reads as the base are merged into one. Each witness's cells, in row order,
 * rebuild its text. Linear in the texts' lengths plus the segments.
 */
export function collationRows(texts: readonly string[], alignments: ReadonlyArray<Alignment | null>, normalize: boolean): WorkRow[] {
  const base = texts[0]
  const length = base.length
  const witnessCount = texts.length
  const segments: Segment[][] = [[]]
  // inside a replace (both sides non-empty, not the same reading) no row boundary may fall
  const blockedDelta = new Int32Array(length + 2)
  for (let w = 1; w < witnessCount; w++) {
    const list: Segment[] = []
    for (const s of alignments[w]!.segments) {
      // an "equal" that does not read equal is a moved passage with a small change facing itself
      const same = s.op === 'equal' && readsEqual(base, s.a[0], s.a[1], texts[w], s.b[0], s.b[1], normalize)
      list.push({ a0: s.a[0], a1: s.a[1], b0: s.b[0], b1: s.b[1], same })
      if (!same && s.a[1] - s.a[0] >= 2 && s.b[1] > s.b[0]) {
        blockedDelta[s.a[0] + 1]++
        blockedDelta[s.a[1]]--
      }
    }
    segments.push(list)
  }
  const blocked = new Uint8Array(length + 1)
  for (let p = 0, depth = 0; p <= length; p++) {
    depth += blockedDelta[p]
    blocked[p] = depth > 0 ? 1 : 0
  }
  const isCut = new Uint8Array(length + 1)
  isCut[0] = 1
  isCut[length] = 1
  for (let w = 1; w < witnessCount; w++) {
    for (const s of segments[w]) {
      if (!blocked[s.a0]) isCut[s.a0] = 1
      if (!blocked[s.a1]) isCut[s.a1] = 1
    }
  }
  // rows in order: for the k-th cut c_k, row 2k holds text added at c_k, row 2k+1 the base [c_k, c_k+1)
  const cutIndex = new Int32Array(length + 1)
  const cuts: number[] = []
  for (let p = 0; p <= length; p++) {
    if (isCut[p]) cuts.push(p)
    cutIndex[p] = cuts.length - 1
  }
  const rows: WorkRow[] = []
  for (let k = 0; k < cuts.length; k++) {
    rows.push({ cells: new Array<[number, number] | null>(witnessCount).fill(null), variant: true })
    if (k + 1 < cuts.length) {
      const cells = new Array<[number, number] | null>(witnessCount).fill(null)
      cells[0] = [cuts[k], cuts[k + 1]]
      rows.push({ cells, variant: false })
    }
  }
  const baseRowAt = (p: number) => 2 * cutIndex[p] + 1
  const addPiece = (row: WorkRow, w: number, start: number, end: number) => {
    if (end <= start) return
    const cell = row.cells[w]
    row.cells[w] = cell ? [Math.min(cell[0], start), Math.max(cell[1], end)] : [start, end]
  }
  for (let w = 1; w < witnessCount; w++) {
    for (const s of segments[w]) {
      if (s.same) {
        const inner: number[] = []
        for (let p = s.a0 + 1; p < s.a1; p++) if (isCut[p]) inner.push(p)
        const mapped = inner.length ? mapEqualOffsets(base, s.a0, s.a1, texts[w], s.b0, inner, normalize) : []
        let from = s.a0
        let fromB = s.b0
        for (let k = 0; k <= inner.length; k++) {
          const to = k < inner.length ? inner[k] : s.a1
          const toB = k < inner.length ? mapped[k] : s.b1
          addPiece(rows[baseRowAt(from)], w, fromB, toB)
          from = to
          fromB = toB
        }
        continue
      }
      if (s.a1 === s.a0) {
        const row = rows[isCut[s.a0] ? 2 * cutIndex[s.a0] : baseRowAt(s.a0)]
        addPiece(row, w, s.b0, s.b1)
        row.variant = true
        continue
      }
      addPiece(rows[baseRowAt(s.a0)], w, s.b0, s.b1)
      for (let r = baseRowAt(s.a0); r <= baseRowAt(s.a1 - 1); r += 2) rows[r].variant = true
    }
  }
  const out: WorkRow[] = []
  for (const row of rows) {
    if (row.cells.every((c) => c === null)) continue
    const last = out[out.length - 1]
    if (last && !last.variant && !row.variant) {
      for (let w = 0; w < witnessCount; w++) last.cells[w] = [last.cells[w]![0], row.cells[w]![1]]
      continue
    }
    out.push(row)
  }
  return out
}
