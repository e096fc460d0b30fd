/*
 * Displaced passages that the in-order alignment keeps in place. The aligner keeps
 * the longest order both witnesses agree on (longest increasing subsequence of
 * anchors) and `findMoves` reports as moved what falls outside it. Two kinds of
 * displacement never fall outside it:
 *
 * - a passage moved past a short neighbour ("X Q" in A, "Q X" in B, Q shorter than a
 *   reportable move): the order keeps X, and Q alone is too short to be a move, so
 *   nothing is reported although a whole passage changed place;
 * - a passage left under the wrong heading: A lost the end of one section and the
 *   heading and opening of the next, so the rest of that next section now reads
 *   under the first heading. Its order against everything else is unchanged (it is
 *   next to its own home), so no anchor order can tell; the sections can.
 *
 * Both are turned into a move (a delete in A and an insert in B sharing an id), one
 * block each side, so a view shows the passage once at each place, linked.
 */
import type { Region } from './semanticCleanup'
import type { TokenMove } from './findMoves'
import { sectionMarker, sectionStarts } from './numberedHeading'
import { TOKEN_KIND_PUNCT, TOKEN_KIND_SPACE, type TokenStream } from './tokenize'

/**
 * A short neighbour passed by a moved passage must hold at least this many code
 * units of letters or Han characters, and be the whole of one side of its change:
 * "中国" or "of" (2) moved across a sentence is a transposition; a lone comma, "的"
 * or a paragraph break beside an equal stretch is not.
 */
const MIN_PASSED = 2

/**
 * Of a misplaced passage, at least this share (code units, the side that holds the
 * new section) must be text both witnesses read alike: the rest of a section under
 * the wrong heading, with small changes inside, not a rewrite.
 */
const MISPLACED_EQUAL_SHARE = 0.5

/** A terminator that ends a heading's sentence. */
const HEADING_END = /[。！？!?；;：:]|\.(?:\s|$)|\n/g

export interface Displaced {
  regions: Region[]
  /** The moves of `findMoves` and the displaced passages, in A order. */
  moves: TokenMove[]
}

/**
 * Finds the two kinds of displaced passages above among `regions` (alternating
 * equal and change regions, token indexes of `ta` / `tb`) and rewrites each into a
 * change region holding the passage at both places, with a move. `moves` are the
 * moves already found; regions that hold one are left alone. A passage is at least
 * `minMoveLength` code units of A. Returns new regions covering both witnesses in
 * order (two change regions may now follow each other) and all moves sorted by A; the inputs are not changed.
 * Linear in the regions plus the texts.
 */
export function findDisplaced(
  regions: readonly Region[], a: string, ta: TokenStream, b: string, tb: TokenStream,
  moves: readonly TokenMove[], minMoveLength: number,
): Displaced {
  const out = regions.map((r) => ({ ...r }))
  const found: TokenMove[] = moves.map((m) => ({ ...m }))
  // tokens inside a move, as prefix counts per witness: whether a region holds part of one is O(1)
  let inA: Int32Array = new Int32Array(0)
  let inB: Int32Array = new Int32Array(0)
  const index = () => {
    inA = coverage(found, ta.count, 'a')
    inB = coverage(found, tb.count, 'b')
  }
  const moved = (r: Region) => inA[r.a1] - inA[r.a0] > 0 || inB[r.b1] - inB[r.b0] > 0
  const lengthA = (t0: number, t1: number) => ta.starts[t1] - ta.starts[t0]
  index()
  misplacedSections(out, found, a, ta, b, tb, minMoveLength, moved)
  // the regions rewritten above are not visited again, but their moves count for their neighbours
  index()
  passedNeighbours(out, found, ta, tb, minMoveLength, moved, lengthA)
  found.sort((x, y) => x.a0 - y.a0)
  return { regions: out, moves: found }
}

/** Prefix counts of the tokens of one witness that lie in some move: [t0, t1) holds one when count[t1] > count[t0]. */
function coverage(moves: readonly TokenMove[], count: number, side: 'a' | 'b'): Int32Array {
  const delta = new Int32Array(count + 1)
  for (const m of moves) {
    delta[side === 'a' ? m.a0 : m.b0]++
    delta[side === 'a' ? m.a1 : m.b1]--
  }
  const prefix = new Int32Array(count + 1)
  for (let t = 0, depth = 0, covered = 0; t < count; t++) {
    depth += delta[t]
    if (depth > 0) covered++
    prefix[t + 1] = covered
  }
  return prefix
}

/** Letters and Han characters (code units) in tokens [t0, t1) of `s`: punctuation and spaces do not count. */
function wordUnits(s: TokenStream, t0: number, t1: number): number {
  let n = 0
  for (let t = t0; t < t1; t++) if (s.kinds[t] !== TOKEN_KIND_PUNCT && s.kinds[t] !== TOKEN_KIND_SPACE) n += s.starts[t + 1] - s.starts[t]
  return n
}

function sameTokens(x: Int32Array, x0: number, y: Int32Array, y0: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (x[x0 + i] !== y[y0 + i]) return false
  return true
}

/**
 * [C1, E, C2] where one side of C1 and the other side of C2 share a piece Q at
 * their edges: A reads "E … Q", B "Q … E" (or the mirror), a neighbour the passage E
 * was moved across, beside other changes or none. When Q is too short to be a move
 * and E long enough, E is the passage that moved; Q becomes equal text between E's
 * two places: forward (Q in C1's B side and C2's A side)
 * [C1_A + E_A + before Q | before Q], [Q | Q], [after Q | after Q + E_B + C2_B],
 * backward the mirror.
 */
function passedNeighbours(
  out: Region[], found: TokenMove[], ta: TokenStream, tb: TokenStream, minMoveLength: number,
  moved: (r: Region) => boolean, lengthA: (t0: number, t1: number) => number,
): void {
  for (let i = 0; i + 2 < out.length; i++) {
    const c1 = out[i]
    const e = out[i + 1]
    const c2 = out[i + 2]
    if (!c1.change || e.change || !c2.change || lengthA(e.a0, e.a1) < minMoveLength || moved(c1) || moved(e) || moved(c2)) continue
    const passable = (q: { x: number; y: number; n: number } | null, inA: number) =>
      q !== null && lengthA(inA, inA + q.n) < minMoveLength && wordUnits(ta, inA, inA + q.n) >= MIN_PASSED
    // forward: A "E … Q", B "Q … E": Q in C1's B side (x) and C2's A side (y)
    const f = passedPiece(tb.ids, c1.b0, c1.b1, ta.ids, c2.a0, c2.a1)
    if (f && passable(f, f.y)) {
      found.push({ a0: e.a0, a1: e.a1, b0: e.b0, b1: e.b1 })
      out.splice(i, 3,
        { change: true, a0: c1.a0, a1: f.y, b0: c1.b0, b1: f.x },
        { change: false, a0: f.y, a1: f.y + f.n, b0: f.x, b1: f.x + f.n },
        { change: true, a0: f.y + f.n, a1: c2.a1, b0: f.x + f.n, b1: c2.b1 })
      i += 2
      continue
    }
    // backward: A "Q … E", B "E … Q": Q in C1's A side (x) and C2's B side (y)
    const g = passedPiece(ta.ids, c1.a0, c1.a1, tb.ids, c2.b0, c2.b1)
    if (g && passable(g, g.x)) {
      found.push({ a0: e.a0, a1: e.a1, b0: e.b0, b1: e.b1 })
      out.splice(i, 3,
        { change: true, a0: c1.a0, a1: g.x, b0: c1.b0, b1: g.y },
        { change: false, a0: g.x, a1: g.x + g.n, b0: g.y, b1: g.y + g.n },
        { change: true, a0: g.x + g.n, a1: c2.a1, b0: g.y + g.n, b1: c2.b1 })
      i += 2
    }
  }
}

/**
 * The longest piece Q, n tokens, at an edge of x[x0, x1) (starting at x) and at an
 * edge of y[y0, y1) (starting at y) that is the whole of one of the two sides, so a
 * passed neighbour is a neighbour and not a word that two rewrites happen to share
 * at their edges; null when there is none.
 */
function passedPiece(x: Int32Array, x0: number, x1: number, y: Int32Array, y0: number, y1: number): { x: number; y: number; n: number } | null {
  for (let n = Math.min(x1 - x0, y1 - y0); n > 0; n--) {
    if (n !== x1 - x0 && n !== y1 - y0) continue
    for (const xs of [x1 - n, x0]) {
      for (const ys of [y0, y1 - n]) if (sameTokens(x, xs, y, ys, n)) return { x: xs, y: ys, n }
    }
  }
  return null
}

/** Index of the first value ≥ `value` in ascending `list` (list.length when none). */
function lowerBound(list: ArrayLike<number>, value: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

interface Side { text: string; s: TokenStream; sections: number[] }

/**
 * A change C whose one side (the "full" witness) holds a section start with body
 * text after its heading's sentence, followed by equal text that in the other
 * (the "short") witness continues the section it was in: the short witness lost
 * the end of that section and the heading of the next, so what follows stands
 * under the wrong heading. The passage runs from C to the next section start of
 * either witness (or the end), cut at the last equal region, and must be mostly
 * equal text (MISPLACED_EQUAL_SHARE). It becomes one change [C + passage], with a
 * move between the short side's passage (with its own text in C) and the full
 * side's passage after C.
 */
function misplacedSections(
  out: Region[], found: TokenMove[], a: string, ta: TokenStream, b: string, tb: TokenStream,
  minMoveLength: number, moved: (r: Region) => boolean,
): void {
  const sideA: Side = { text: a, s: ta, sections: sectionStarts(a).map((o) => lowerBound(ta.starts, o)) }
  const sideB: Side = { text: b, s: tb, sections: sectionStarts(b).map((o) => lowerBound(tb.starts, o)) }
  if (sideA.sections.length === 0 && sideB.sections.length === 0) return
  for (let i = 0; i + 1 < out.length; i++) {
    const c = out[i]
    if (!c.change || out[i + 1].change || moved(c)) continue
    for (const fullIsB of [true, false]) {
      const full = fullIsB ? sideB : sideA
      const short = fullIsB ? sideA : sideB
      const f0 = fullIsB ? c.b0 : c.a0
      const f1 = fullIsB ? c.b1 : c.a1
      const s0 = fullIsB ? c.a0 : c.b0
      const s1 = fullIsB ? c.a1 : c.b1
      // the last section start inside C's full side, and none in its short side or where the passage starts there
      const k = lowerBound(full.sections, f1) - 1
      if (k < 0 || full.sections[k] < f0) continue
      const shortK = lowerBound(short.sections, s0)
      if (shortK < short.sections.length && short.sections[shortK] <= s1) continue
      if (shortK === 0) continue // the passage must follow a heading in the short witness too
      const heading = full.s.starts[full.sections[k]]
      HEADING_END.lastIndex = heading + (sectionMarker(full.text.slice(heading, heading + 40))?.length ?? 0)
      const headingEnd = HEADING_END.exec(full.text)
      const bodyFrom = headingEnd ? headingEnd.index + headingEnd[0].length : full.text.length
      if (full.text.slice(bodyFrom, full.s.starts[f1]).replace(/\s+/g, '').length < minMoveLength) continue
      // the passage: regions after C up to the next section start of either side
      const fullEnd = k + 1 < full.sections.length ? full.sections[k + 1] : full.s.count
      const shortEnd = shortK < short.sections.length ? short.sections[shortK] : short.s.count
      let last = -1
      let equalUnits = 0
      let splitAt = -1 // tokens of the last equal region kept when it runs into the next section
      for (let j = i + 1; j < out.length; j++) {
        const r = out[j]
        const rf0 = fullIsB ? r.b0 : r.a0
        const rf1 = fullIsB ? r.b1 : r.a1
        const rs0 = fullIsB ? r.a0 : r.b0
        const rs1 = fullIsB ? r.a1 : r.b1
        if (rf0 >= fullEnd || rs0 >= shortEnd || moved(r)) break
        if (!r.change) {
          const keep = Math.min(rf1, fullEnd) - rf0
          const keepShort = Math.min(rs1, shortEnd) - rs0
          const n = Math.min(keep, keepShort)
          equalUnits += full.s.starts[rf0 + n] - full.s.starts[rf0]
          last = j
          splitAt = n < rf1 - rf0 ? n : -1
          if (splitAt >= 0) break
        } else if (rf1 > fullEnd || rs1 > shortEnd) {
          break
        }
      }
      if (last < 0) continue
      const lr = out[last]
      const cut = splitAt >= 0 ? splitAt : lr.a1 - lr.a0
      const passageA1 = lr.a0 + cut
      const passageB1 = lr.b0 + cut
      const passageF = (fullIsB ? passageB1 : passageA1)
      const fullLength = full.s.starts[passageF] - full.s.starts[f1]
      if (equalUnits < minMoveLength || equalUnits < MISPLACED_EQUAL_SHARE * fullLength) continue
      // the short side's own text in C is where the passage stands there: it goes with it
      const shortOwn = s0
      const move: TokenMove = fullIsB
        ? { a0: shortOwn, a1: passageA1, b0: f1, b1: passageB1, misplaced: true }
        : { a0: f1, a1: passageA1, b0: shortOwn, b1: passageB1, misplaced: true }
      if (move.a1 <= move.a0 || move.b1 <= move.b0) continue
      found.push(move)
      const merged: Region = { change: true, a0: c.a0, a1: passageA1, b0: c.b0, b1: passageB1 }
      const rest: Region[] = splitAt >= 0 ? [{ change: false, a0: passageA1, a1: lr.a1, b0: passageB1, b1: lr.b1 }] : []
      // a change right after the passage stays a region of its own: joined, its text
      // would be read against the other side's text before the passage
      out.splice(i, last - i + 1, merged, ...rest)
      break
    }
  }
}
