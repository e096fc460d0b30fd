import { BAND, GAP_PENALTY, NEAR_WORD_EDIT, NEAR_WORD_SCORE, WORD_GAP_PENALTY, X_DROP } from './thresholds'
import { nearWords, type Units } from './tokenize'

/**
 * Extending a seed match into an aligned pair of copies: an exact run, then a banded
 * gapped extension through edits, in either direction (see AlignmentExtender).
 */

/** Where a forward extension ends, and what it matched and edited on the way. */
export interface ForwardEnd {
  aEnd: number
  bEnd: number
  matched: number
  edits: number
}

/** Where a backward extension starts, and what it matched and edited on the way. */
export interface BackwardStart {
  a: number
  b: number
  matched: number
  edits: number
}

/** Cells in a row of the band: the diagonals −BAND … +BAND. */
const WIDTH = 2 * BAND + 1
const NEG = -(1 << 28)
/** The alignment counts edits in quarters so that a typo'd word (NEAR_WORD_EDIT) stays an integer. */
const EDIT_SCALE = 4
const FULL_EDIT = EDIT_SCALE
const NEAR_EDIT = Math.round(NEAR_WORD_EDIT * EDIT_SCALE)

/**
 * Once the best score has risen in this many consecutive rows the copies are back on
 * an exact run, and the alignment hands back to the exact-run loop: long exact
 * stretches between edits then cost one comparison a unit instead of a band.
 */
const BACK_ON_TRACK = 4

/**
 * Extends exact matches through edits, for one unit stream. It owns the scratch
 * rows of the banded alignment and the slot for its result: findAlignments makes one
 * a call and reuses it for every extension of that call (no allocation per
 * extension, and no state shared between two calls, even interleaved ones).
 */
export class AlignmentExtender {
  /** Six rows of the band: scores, edits and matches, previous and current. */
  private readonly rows = new Int32Array(6 * (WIDTH + 2))
  /**
   * Result of gappedExtend: units of A and of B taken, matched units, edits (in
   * 1 / EDIT_SCALE), and 1 if it stopped back on an exact run (the copies go on)
   * rather than where they part.
   */
  private readonly extension = new Int32Array(5)

  constructor(private readonly units: Units) {}

  /**
   * Extends a match starting at (a, b) to the right: an exact run, then a gapped
   * extension through edits. The earlier copy stays before `aLimit` (the later copy's start).
   */
  forward(a: number, b: number, aLimit: number): ForwardEnd {
    const code = this.units.code
    const n = this.units.count
    const extension = this.extension
    let matched = 0
    let edits = 0
    for (;;) {
      while (a < aLimit && b < n && code[a] === code[b]) {
        a++
        b++
        matched++
      }
      this.gappedExtend(a, b, 1, aLimit - a, n - b)
      if (extension[0] === 0 && extension[1] === 0) break
      a += extension[0]
      b += extension[1]
      matched += extension[2]
      edits += extension[3] / EDIT_SCALE
      if (extension[4] === 0) break
    }
    return { aEnd: a, bEnd: b, matched, edits }
  }

  /**
   * Extends a match ending just before (a, b) to the left; the later copy stays at or
   * after `bLow` (the earlier copy's end).
   */
  backward(a: number, b: number, bLow: number): BackwardStart {
    const code = this.units.code
    const extension = this.extension
    let matched = 0
    let edits = 0
    for (;;) {
      while (a > 0 && b > bLow && code[a - 1] === code[b - 1]) {
        a--
        b--
        matched++
      }
      this.gappedExtend(a, b, -1, a, b - bLow)
      if (extension[0] === 0 && extension[1] === 0) break
      a -= extension[0]
      b -= extension[1]
      matched += extension[2]
      edits += extension[3] / EDIT_SCALE
      if (extension[4] === 0) break
    }
    return { a, b, matched, edits }
  }

  /**
   * Banded X-drop alignment (as in BLAST's gapped extension) from (a, b) in direction
   * `step` (+1 right, −1 left), over at most `aRoom` units of A and `bRoom` of B: a
   * match scores +1, a substitution, insertion or deletion −GAP_PENALTY; rows stop once
   * every cell falls X_DROP below the best, and the best-scoring end is kept. So the
   * extension walks through clustered edits (several in a few units) as long as the
   * text after them repays them, and stops where the copies really part.
   */
  private gappedExtend(a: number, b: number, step: 1 | -1, aRoom: number, bRoom: number): void {
    const units = this.units
    const code = units.code
    const rows = this.rows
    const extension = this.extension
    const stride = WIDTH + 2
    let previous = 0
    let current = stride
    let pe = 2 * stride
    let ce = 3 * stride
    let pm = 4 * stride
    let cm = 5 * stride
    const aBase = step > 0 ? a - 1 : a
    const bBase = step > 0 ? b - 1 : b
    // Cell c of a row holds diagonal d = c − BAND − 1 (j = i + d); cells 0 and WIDTH + 1 are walls.
    let skipped = 0
    for (let c = 0; c < stride; c++) {
      const d = c - BAND - 1
      const ok = c > 0 && c <= WIDTH && d >= 0 && d <= bRoom
      if (ok && d > 0) skipped += penalty(code[bBase + step * d])
      rows[previous + c] = ok ? -skipped : NEG
      rows[pe + c] = ok ? d : 0
      rows[pm + c] = 0
      rows[current + c] = NEG
    }
    let best = 0
    let bestI = 0
    let bestJ = 0
    let bestEdits = 0
    let bestMatched = 0
    let stoppedAtHorizon = 0
    let streak = 0
    for (let i = 1; i <= aRoom; i++) {
      const unitA = code[aBase + step * i]
      const penaltyA = penalty(unitA)
      let rowMax = NEG
      for (let c = 1; c <= WIDTH; c++) {
        const j = i + c - BAND - 1
        if (j < 0 || j > bRoom) {
          rows[current + c] = NEG
          continue
        }
        let score = NEG
        let edits = 0
        let matched = 0
        const diagonal = rows[previous + c]
        let unitB = 0
        if (j >= 1) unitB = code[bBase + step * j]
        if (j >= 1 && diagonal > NEG) {
          if (unitB === unitA) {
            score = diagonal + 1
            edits = rows[pe + c]
            matched = rows[pm + c] + 1
          } else if ((unitA | unitB) >>> 31 === 0 && nearWords(units, aBase + step * i, bBase + step * j)) {
            score = diagonal + NEAR_WORD_SCORE
            edits = rows[pe + c] + NEAR_EDIT
            matched = rows[pm + c] + 1
          } else {
            score = diagonal - penaltyA
            edits = rows[pe + c] + FULL_EDIT
            matched = rows[pm + c]
          }
        }
        const up = rows[previous + c + 1] - penaltyA
        if (up > score) {
          score = up
          edits = rows[pe + c + 1] + FULL_EDIT
          matched = rows[pm + c + 1]
        }
        if (j >= 1) {
          const left = rows[current + c - 1] - penalty(unitB)
          if (left > score) {
            score = left
            edits = rows[ce + c - 1] + FULL_EDIT
            matched = rows[cm + c - 1]
          }
        }
        rows[current + c] = score
        rows[ce + c] = edits
        rows[cm + c] = matched
        if (score > rowMax) rowMax = score
        if (score > best) {
          best = score
          bestI = i
          bestJ = j
          bestEdits = edits
          bestMatched = matched
        }
      }
      if (rowMax < best - X_DROP) break
      if (bestI === i) {
        if (++streak >= BACK_ON_TRACK) {
          stoppedAtHorizon = 1
          break
        }
      } else streak = 0
      let swap = previous
      previous = current
      current = swap
      swap = pe
      pe = ce
      ce = swap
      swap = pm
      pm = cm
      cm = swap
    }
    extension[0] = bestI
    extension[1] = bestJ
    extension[2] = bestMatched
    extension[3] = bestEdits
    extension[4] = stoppedAtHorizon
  }
}

/**
 * Score lost by editing unit `code`: GAP_PENALTY for a Han character, WORD_GAP_PENALTY
 * for a word, since a one-letter typo already turns a whole word into a mismatch.
 */
function penalty(code: number): number {
  return code >>> 31 === 1 ? GAP_PENALTY : WORD_GAP_PENALTY
}
