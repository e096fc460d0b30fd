import { alignTokens } from './alignTokens'
import { EditScript, OP_DELETE, OP_EQUAL, OP_INSERT } from './editScript'
import { findDisplaced } from './findDisplaced'
import { findMoves, type TokenMove } from './findMoves'
import { myersDiff } from './myersDiff'
import { shiftToBoundaries } from './shiftToBoundaries'
import { semanticCleanup, type Region } from './semanticCleanup'
import { TOKEN_KIND_PUNCT, TOKEN_KIND_SPACE, TokenDictionary, tokenStream, type TokenStream } from './tokenize'
import { DEFAULT_MIN_MOVE_LENGTH, type AlignOptions, type AlignedSegment, type Alignment, type MovedBlock } from './types'

/**
 * A replace is diffed token by token for `parts` only when the fine diff needs at
 * most this many edits: 400 covers a reworded paragraph of ~200 characters a side;
 * a longer rewrite is shown as a whole.
 */
const PARTS_MAX_COST = 400

/**
 * A change whose shorter side is at most 1/UNBALANCED of the longer one, while the
 * longer side holds a whole sentence (a terminator before its last character), is
 * not one reading against another but an added (or dropped) passage beside a small
 * change: it is emitted as a delete plus an insert. Worked example: A "中方" against
 * B "我们要加强……帮助。四要拉紧……交流。" (170 code units) → delete "中方",
 * insert the passage; A "中方支持……愿同各方" (25) against B "我们要" (3) has no
 * sentence end inside and stays one replace.
 */
const UNBALANCED = 4
const SENTENCE_END = /[。！？!?；;\n]/

/**
 * Aligns witness `b` against witness `a` (see docs/ALIGNMENT.md for the algorithm).
 * Returns segments in the order of both witnesses covering each exactly once, with
 * moved passages as a delete in A and an insert in B sharing a `move` id, and the
 * list of moves. Offsets are UTF-16 code units into `a` and `b`.
 * Identical witnesses give one equal segment; two empty witnesses give none.
 * Throws RangeError when `minMoveLength` is not a non-negative integer.
 * Time is near-linear: about 0.5 s for two 1 MB witnesses.
 */
export function alignWitnesses(a: string, b: string, options: AlignOptions = {}): Alignment {
  const minMoveLength = options.minMoveLength ?? DEFAULT_MIN_MOVE_LENGTH
  if (!Number.isInteger(minMoveLength) || minMoveLength < 0) {
    throw new RangeError(`minMoveLength ${minMoveLength} must be a non-negative integer`)
  }
  const normalize = options.normalizePunctuation ?? true
  const dictionary = new TokenDictionary()
  const ta = tokenStream(a, dictionary, normalize)
  const tb = tokenStream(b, dictionary, normalize)
  const script = alignTokens(ta.ids, tb.ids)
  // clause boundaries: punctuation and line breaks; a space between two Latin words is not one
  const hasBoundary = (t0: number, t1: number) => {
    for (let t = t0; t < t1; t++) {
      const kind = ta.kinds[t]
      if (kind === TOKEN_KIND_PUNCT) return true
      if (kind === TOKEN_KIND_SPACE && a.slice(ta.starts[t], ta.starts[t + 1]).includes('\n')) return true
    }
    return false
  }
  const tokenText = (side: 0 | 1, t: number) => side === 0 ? a.slice(ta.starts[t], ta.starts[t + 1]) : b.slice(tb.starts[t], tb.starts[t + 1])
  const regions = shiftToBoundaries(semanticCleanup(toRegions(script), ta.starts, tb.starts, hasBoundary), ta.ids, tb.ids, tokenText)
  const tokenMoves = findMoves(regions, ta.ids, tb.ids, ta.starts, tb.starts, Math.max(1, minMoveLength))
  // passages displaced in order (past a short neighbour, or under another heading): see findDisplaced
  const displaced = findDisplaced(regions, a, ta, b, tb, tokenMoves, Math.max(1, minMoveLength))
  return emit(a, b, displaced.regions, displaced.moves, ta, tb)
}

function toRegions(script: EditScript): Region[] {
  const regions: Region[] = []
  let x = 0
  let y = 0
  for (let i = 0; i < script.kinds.length; i++) {
    const kind = script.kinds[i]
    const n = script.lengths[i]
    const last = regions[regions.length - 1]
    if (kind === OP_EQUAL) {
      regions.push({ change: false, a0: x, a1: x + n, b0: y, b1: y + n })
      x += n
      y += n
      continue
    }
    const region = last && last.change ? last : { change: true, a0: x, a1: x, b0: y, b1: y }
    if (region !== last) regions.push(region)
    if (kind === OP_DELETE) x += n
    else y += n
    region.a1 = x
    region.b1 = y
  }
  return regions
}

interface Piece { lo: number; hi: number; move: number }

/**
 * Splits [lo, hi) around the moves that start inside it (`move` -1 for plain text).
 * `moves` is sorted by `lo` and `cursor.next` skips those already passed: regions
 * come in order, so the whole emission is linear in regions + moves.
 */
function pieces(lo: number, hi: number, moves: Array<{ lo: number; hi: number; index: number }>, cursor: { next: number }): Piece[] {
  const out: Piece[] = []
  let at = lo
  while (cursor.next < moves.length && moves[cursor.next].lo < lo) cursor.next++
  for (let i = cursor.next; i < moves.length && moves[i].lo < hi; i++) {
    const m = moves[i]
    if (m.lo > at) out.push({ lo: at, hi: m.lo, move: -1 })
    out.push({ lo: m.lo, hi: m.hi, move: m.index })
    at = m.hi
  }
  if (at < hi) out.push({ lo: at, hi, move: -1 })
  return out
}

function emit(a: string, b: string, regions: readonly Region[], tokenMoves: readonly TokenMove[], ta: TokenStream, tb: TokenStream): Alignment {
  const byA = tokenMoves.map((m, index) => ({ lo: m.a0, hi: m.a1, index }))
  const byB = tokenMoves.map((m, index) => ({ lo: m.b0, hi: m.b1, index })).sort((x, y) => x.lo - y.lo)
  const sa = ta.starts
  const sb = tb.starts
  const tokenSegments: Array<{ op: AlignedSegment['op']; a0: number; a1: number; b0: number; b1: number; move: number }> = []
  const push = (op: AlignedSegment['op'], a0: number, a1: number, b0: number, b1: number, move = -1) => {
    tokenSegments.push({ op, a0, a1, b0, b1, move })
  }
  const inPlace = new Set<number>()
  const cursorA = { next: 0 }
  const cursorB = { next: 0 }
  for (const r of regions) {
    if (!r.change) {
      push('equal', r.a0, r.a1, r.b0, r.b1)
      continue
    }
    const pa = pieces(r.a0, r.a1, byA, cursorA)
    const pb = pieces(r.b0, r.b1, byB, cursorB)
    let i = 0
    let j = 0
    let x = r.a0
    let y = r.b0
    while (i < pa.length || j < pb.length) {
      const p = pa[i]
      const q = pb[j]
      if (p && q && p.move >= 0 && p.move === q.move) {
        // both places of the "move" face each other: it is simply equal text
        inPlace.add(p.move)
        push('equal', p.lo, p.hi, q.lo, q.hi)
        i++; j++
      } else if (p && q && p.move < 0 && q.move < 0 && !unbalanced(a, ta, p, b, tb, q)) {
        push('replace', p.lo, p.hi, q.lo, q.hi)
        i++; j++
      } else if (p && (p.move >= 0 || !q)) {
        push('delete', p.lo, p.hi, y, y, p.move)
        i++
      } else {
        push('insert', x, x, q.lo, q.hi, q.move)
        j++
      }
      x = i < pa.length ? pa[i].lo : r.a1
      y = j < pb.length ? pb[j].lo : r.b1
    }
  }
  const ids = new Map<number, number>()
  const moves: MovedBlock[] = []
  tokenMoves.forEach((m, index) => {
    if (inPlace.has(index)) return
    ids.set(index, moves.length + 1)
    const block: MovedBlock = { id: moves.length + 1, a: [sa[m.a0], sa[m.a1]], b: [sb[m.b0], sb[m.b1]] }
    if (m.misplaced) block.misplaced = true
    moves.push(block)
  })
  const segments: AlignedSegment[] = []
  for (const s of tokenSegments) {
    const last = segments[segments.length - 1]
    const a: [number, number] = [sa[s.a0], sa[s.a1]]
    const b: [number, number] = [sb[s.b0], sb[s.b1]]
    if (last && last.op === 'equal' && s.op === 'equal') { // merge equalities left beside an in-place "move"
      last.a[1] = a[1]
      last.b[1] = b[1]
      continue
    }
    const segment: AlignedSegment = { op: s.op, a, b }
    const id = ids.get(s.move)
    if (id !== undefined) segment.move = id
    if (s.op === 'replace') {
      const parts = fineParts(ta, s.a0, s.a1, tb, s.b0, s.b1)
      if (parts) segment.parts = parts
    }
    segments.push(segment)
  }
  return { segments, moves }
}

function unbalanced(a: string, ta: TokenStream, p: Piece, b: string, tb: TokenStream, q: Piece): boolean {
  const la = ta.starts[p.hi] - ta.starts[p.lo]
  const lb = tb.starts[q.hi] - tb.starts[q.lo]
  if (Math.min(la, lb) * UNBALANCED > Math.max(la, lb)) return false
  const longer = la >= lb ? a.slice(ta.starts[p.lo], ta.starts[p.hi]) : b.slice(tb.starts[q.lo], tb.starts[q.hi])
  return SENTENCE_END.test(longer.slice(0, -1))
}

/** Token-level diff inside a replace, as segments with absolute offsets; null if too costly. */
function fineParts(ta: TokenStream, a0: number, a1: number, tb: TokenStream, b0: number, b1: number): AlignedSegment[] | null {
  const script = new EditScript()
  if (!myersDiff(ta.ids, a0, a1, tb.ids, b0, b1, PARTS_MAX_COST, script)) return null
  const parts: AlignedSegment[] = []
  let x = a0
  let y = b0
  for (let i = 0; i < script.kinds.length; i++) {
    const kind = script.kinds[i]
    const n = script.lengths[i]
    const nx = kind === OP_INSERT ? x : x + n
    const ny = kind === OP_DELETE ? y : y + n
    const last = parts[parts.length - 1]
    const op: AlignedSegment['op'] = kind === OP_EQUAL ? 'equal' : kind === OP_DELETE ? 'delete' : 'insert'
    if (last && op !== 'equal' && last.op !== 'equal') {
      last.op = 'replace'
      last.a[1] = ta.starts[nx]
      last.b[1] = tb.starts[ny]
    } else {
      parts.push({ op, a: [ta.starts[x], ta.starts[nx]], b: [tb.starts[y], tb.starts[ny]] })
    }
    x = nx
    y = ny
  }
  return parts
}
