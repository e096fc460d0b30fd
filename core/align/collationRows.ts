/*
 * The rows of a collation, cut on the base witness (witness 0) from the pairwise
 * alignments of every other witness against it. A row boundary may fall wherever
 * some witness's alignment has a segment boundary, except inside a replace of any
 * witness: a replaced stretch is one reading against another and is never cut.
 * Text a witness adds (an insert at base offset p) gets a row of its own just
 * before the base row that starts at p, shared with every other witness adding
 * text at p; inside a replace it joins that replace's row. An added passage that
 * is one place of a move gets a row to itself (shared only with the same move's
 * place in another witness), so a moved block reads as one block, not run
 * together with text added beside it.
 */
import { mapEqualOffsets, readsEqual } from './equalText'
import type { Alignment } from './types'

/** A row under construction: cells as in CollationRow; `variant` when any witness differs from the base there. */
export interface WorkRow {
  cells: Array<[number, number] | null>
  variant: boolean
  /** Holds one place of a moved passage: kept a row of its own, never merged or widened. */
  moved?: boolean
  /** The moves it holds a place of ("witness:move id" of that witness's alignment against the base). */
  moveKeys?: string[]
}

interface Segment { a0: number; a1: number; b0: number; b1: number; same: boolean; move: number }

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
      list.push({ a0: s.a[0], a1: s.a[1], b0: s.b[0], b1: s.b[1], same, move: s.move ?? -1 })
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
  const emptyCells = () => new Array<[number, number] | null>(witnessCount).fill(null)
  // per cut, the rows of added text: the first for plain additions, more for moved passages
  const added: Array<Array<WorkRow & { move: number }>> = []
  for (let k = 0; k < cuts.length; k++) {
    const first = { cells: emptyCells(), variant: true, move: -1 }
    added.push([first])
    rows.push(first)
    if (k + 1 < cuts.length) {
      const cells = emptyCells()
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
    // where this witness's added text stands among the rows of its cut
    let addedCut = -1
    let addedAt = 0
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
        if (!isCut[s.a0]) {
          const row = rows[baseRowAt(s.a0)]
          addPiece(row, w, s.b0, s.b1)
          row.variant = true
          continue
        }
        const k = cutIndex[s.a0]
        if (k !== addedCut) {
          addedCut = k
          addedAt = -1
        }
        const list = added[k]
        let at: number
        if (s.move < 0 && addedAt < 0) at = 0
        else if (s.move < 0 && list[addedAt].move < 0) at = addedAt
        else {
          // a moved passage gets a new row right after this witness's last one; plain
          // text after it the next plain row: the witness's pieces stay in order
          at = addedAt + 1
          if (s.move < 0) while (at < list.length && list[at].move >= 0) at++
          if (s.move >= 0 || at === list.length) {
            at = Math.max(addedAt + 1, s.move >= 0 ? 1 : 0)
            list.splice(at, 0, { cells: emptyCells(), variant: true, move: s.move, moved: s.move >= 0, moveKeys: s.move >= 0 ? [`${w}:${s.move}`] : undefined })
          }
        }
        addPiece(list[at], w, s.b0, s.b1)
        addedAt = at
        continue
      }
      addPiece(rows[baseRowAt(s.a0)], w, s.b0, s.b1)
      for (let r = baseRowAt(s.a0); r <= baseRowAt(s.a1 - 1); r += 2) {
        rows[r].variant = true
        if (s.move >= 0) {
          rows[r].moved = true
          rows[r].moveKeys = [...(rows[r].moveKeys ?? []), `${w}:${s.move}`]
        }
      }
    }
  }
  const ordered: WorkRow[] = []
  for (let k = 0, r = 0; r < rows.length; r++) {
    if (r % 2 === 0) ordered.push(...added[k++])
    else ordered.push(rows[r])
  }
  const out: WorkRow[] = []
  for (const { cells, variant, moved, moveKeys } of ordered) {
    const row: WorkRow = { cells, variant }
    if (moved) {
      row.moved = true
      row.moveKeys = moveKeys
    }
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
