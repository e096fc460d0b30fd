import { alignWitnesses, type Alignment, type AlignedSegment, type SegmentOp } from '../../core/align'
import type { TextOffset } from '../../core/text/projection'

/** One witness: its text and where it starts in the document's projection. */
export interface Witness {
  text: string
  /** Projection offset of text[0]; row offsets are projection offsets. */
  start: TextOffset
}

/** A run of one side's text, marked when it differs from the other side. */
export interface Piece {
  text: string
  changed: boolean
}

/** One side of a row: projection offsets [start, end) and the text in pieces; empty pieces = a spacer. */
export interface RowSide {
  start: TextOffset
  end: TextOffset
  pieces: Piece[]
}

/**
 * How a row reads: 'equal' both sides alike; 'changed' a replace; 'only-a' /
 * 'only-b' text one witness lacks; 'moved-a' / 'moved-b' the two places of a
 * moved passage (its partner row is elsewhere).
 */
export type RowKind = 'equal' | 'changed' | 'only-a' | 'only-b' | 'moved-a' | 'moved-b'

/** One aligned row: a segment of the alignment, A on the left, B on the right. */
export interface CompareRow {
  index: number
  op: SegmentOp
  kind: RowKind
  a: RowSide
  b: RowSide
  move?: number
  /** Set on the rows of a move that stands in order but under another heading (MovedBlock.misplaced). */
  misplaced?: true
  /** Key of the variant this row belongs to; null for equal rows. */
  variant: string | null
}

/**
 * A place where the witnesses differ and an editor may decide: one changed or
 * one-sided row, or the two rows of a move. `a` / `b` are projection ranges
 * (one may be empty: the position where the other side's text is missing).
 */
export interface Variant {
  key: string
  kind: Exclude<RowKind, 'equal' | 'moved-b'> | 'moved'
  a: { start: TextOffset; end: TextOffset }
  b: { start: TextOffset; end: TextOffset }
  /** Indexes of its rows, in row order (two for a move). */
  rows: number[]
  move?: number
}

export interface CompareRows {
  rows: CompareRow[]
  /** In the order of their first row. */
  variants: Variant[]
}

function side(witness: Witness, range: [number, number], pieces: Piece[]): RowSide {
  return { start: witness.start + range[0], end: witness.start + range[1], pieces: pieces.filter((p) => p.text !== '') }
}

function whole(witness: Witness, range: [number, number], changed: boolean): Piece[] {
  return [{ text: witness.text.slice(range[0], range[1]), changed }]
}

/** The pieces of one side of a replace: its fine parts when the aligner gave them, else all changed. */
function replacePieces(witness: Witness, segment: AlignedSegment, key: 'a' | 'b'): Piece[] {
  if (!segment.parts?.length) return whole(witness, segment[key], true)
  const pieces: Piece[] = []
  for (const part of segment.parts) {
    const [s, e] = part[key]
    if (s === e) continue
    const changed = part.op !== 'equal'
    const last = pieces[pieces.length - 1]
    // Neighbouring changed parts (a delete next to a replace) read as one highlight.
    if (last && last.changed === changed) last.text += witness.text.slice(s, e)
    else pieces.push({ text: witness.text.slice(s, e), changed })
  }
  return pieces
}

/**
 * The rows of the compare view: one row per segment of `alignment`, in order,
 * so the text of every row's A side joined is witness A and likewise for B.
 * Offsets of `alignment` are into the witness texts; the rows' are projection
 * offsets (witness start added). Variants: each non-equal row, except that the
 * delete and the insert of one move form one variant (key `move-<id>`).
 */
export function buildRows(alignment: Alignment, a: Witness, b: Witness): CompareRows {
  const rows = segmentRows(alignment, a, b)
  // a moved passage whose two places differ (a misplaced section, a small change
  // inside) is marked only where they differ, each place still one row (#17)
  for (const move of alignment.moves) {
    const ra = rows.rows.find((r) => r.move === move.id && r.op === 'delete')
    const rb = rows.rows.find((r) => r.move === move.id && r.op === 'insert')
    if (!ra || !rb) continue
    const textA = a.text.slice(move.a[0], move.a[1])
    const textB = b.text.slice(move.b[0], move.b[1])
    if (textA === textB) continue
    const inner = alignWitnesses(textA, textB, { minMoveLength: Number.MAX_SAFE_INTEGER })
    ra.a.pieces = placePieces(textA, textB, inner.segments, 'a')
    rb.b.pieces = placePieces(textA, textB, inner.segments, 'b')
  }
  return rows
}

/**
 * One side of a moved passage in pieces, unchanged where the diff of its two
 * places is equal. A change of both sides (a replace, or a delete beside an
 * insert, as the aligner writes a dropped clause beside a short rewording) is
 * diffed character by character when short (CHAR_DIFF_MAX each side), so shared
 * words inside it ("支持深化" in "中方支持深化中国中亚…" / "支持深化地方合作") stay unmarked.
 */
function placePieces(textA: string, textB: string, segments: readonly AlignedSegment[], key: 'a' | 'b'): Piece[] {
  const text = key === 'a' ? textA : textB
  const pieces: Piece[] = []
  const push = (s: number, e: number, changed: boolean) => {
    if (s === e) return
    const last = pieces[pieces.length - 1]
    if (last && last.changed === changed) last.text += text.slice(s, e)
    else pieces.push({ text: text.slice(s, e), changed })
  }
  for (let i = 0; i < segments.length; i++) {
    const x = segments[i]
    if (x.op === 'equal') {
      push(x[key][0], x[key][1], false)
      continue
    }
    // the whole change: this segment and the changes right after it
    const a0 = x.a[0]
    const b0 = x.b[0]
    while (i + 1 < segments.length && segments[i + 1].op !== 'equal') i++
    const a1 = segments[i].a[1]
    const b1 = segments[i].b[1]
    for (const [s, e, changed] of charDiff(textA.slice(a0, a1), textB.slice(b0, b1), key)) push((key === 'a' ? a0 : b0) + s, (key === 'a' ? a0 : b0) + e, changed)
  }
  return pieces
}

/** Longest sides diffed character by character inside a moved passage (200 × 200 steps at most). */
const CHAR_DIFF_MAX = 200

/** Runs [start, end, changed] of side `key` of x against y by longest common subsequence of characters; all changed when too long. */
function charDiff(x: string, y: string, key: 'a' | 'b'): Array<[number, number, boolean]> {
  const side = key === 'a' ? x : y
  if (x.length === 0 || y.length === 0 || x.length > CHAR_DIFF_MAX || y.length > CHAR_DIFF_MAX) return [[0, side.length, true]]
  const n = x.length
  const m = y.length
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1))
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
  const kept = new Uint8Array(side.length)
  for (let i = 0, j = 0; i < n && j < m;) {
    if (x[i] === y[j]) {
      kept[key === 'a' ? i : j] = 1
      i++
      j++
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++
    else j++
  }
  const runs: Array<[number, number, boolean]> = []
  for (let p = 0; p < side.length; p++) {
    const changed = kept[p] === 0
    const last = runs[runs.length - 1]
    if (last && last[2] === changed) last[1] = p + 1
    else runs.push([p, p + 1, changed])
  }
  return runs
}

function segmentRows(alignment: Alignment, a: Witness, b: Witness): CompareRows {
  const rows: CompareRow[] = []
  const variants: Variant[] = []
  const byMove = new Map<number, Variant>()
  alignment.segments.forEach((segment, index) => {
    let kind: RowKind
    let pa: Piece[]
    let pb: Piece[]
    switch (segment.op) {
      case 'equal':
        kind = 'equal'
        pa = whole(a, segment.a, false)
        pb = whole(b, segment.b, false)
        break
      case 'replace':
        kind = 'changed'
        pa = replacePieces(a, segment, 'a')
        pb = replacePieces(b, segment, 'b')
        break
      case 'delete':
        kind = segment.move === undefined ? 'only-a' : 'moved-a'
        pa = whole(a, segment.a, true)
        pb = []
        break
      case 'insert':
        kind = segment.move === undefined ? 'only-b' : 'moved-b'
        pa = []
        pb = whole(b, segment.b, true)
        break
    }
    const row: CompareRow = { index, op: segment.op, kind, a: side(a, segment.a, pa), b: side(b, segment.b, pb), variant: null }
    if (segment.move !== undefined) {
      row.move = segment.move
      if (alignment.moves.find((m) => m.id === segment.move)?.misplaced) row.misplaced = true
    }
    rows.push(row)
    if (kind === 'equal') return
    if (segment.move !== undefined) {
      const known = byMove.get(segment.move)
      if (known) {
        known.rows.push(index)
        if (segment.op === 'delete') known.a = { start: row.a.start, end: row.a.end }
        else known.b = { start: row.b.start, end: row.b.end }
        row.variant = known.key
        return
      }
      const variant: Variant = {
        key: `move-${segment.move}`, kind: 'moved', move: segment.move, rows: [index],
        a: { start: row.a.start, end: row.a.end }, b: { start: row.b.start, end: row.b.end },
      }
      byMove.set(segment.move, variant)
      variants.push(variant)
      row.variant = variant.key
      return
    }
    const variant: Variant = {
      key: `seg-${row.a.start}-${row.a.end}-${row.b.start}-${row.b.end}`,
      kind: kind as Variant['kind'], rows: [index],
      a: { start: row.a.start, end: row.a.end }, b: { start: row.b.start, end: row.b.end },
    }
    variants.push(variant)
    row.variant = variant.key
  })
  return { rows, variants }
}
