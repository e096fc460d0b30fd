import type { TextOffset } from '../text'

/** How a stretch of witness A relates to the stretch of witness B beside it. */
export type SegmentOp = 'equal' | 'replace' | 'insert' | 'delete'

/**
 * One aligned stretch. `a` and `b` are [start, end) UTF-16 offsets into witness A
 * and witness B. `insert` has an empty `a` range at its position, `delete` an empty
 * `b` range. `equal` ranges match token for token (their texts may still differ in
 * punctuation width or white space when normalisation is on).
 * `move` is set on the delete and the insert that are the two places of one moved
 * passage (see `MovedBlock`). `parts`, on a `replace` only, is the token-level
 * (character-level for Han text) diff inside it, with absolute offsets; it is left
 * out when the replace is too large to diff finely.
 */
export interface AlignedSegment {
  op: SegmentOp
  a: [TextOffset, TextOffset]
  b: [TextOffset, TextOffset]
  move?: number
  parts?: AlignedSegment[]
}

/**
 * A passage present in both witnesses at different places: `a` in A, `b` in B.
 * Usually the same text (after normalisation); a moved passage with a small change
 * inside (at most 10 code units between exact pieces) is one move whose two places
 * differ there: diff `a` against `b` to show it.
 */
export interface MovedBlock {
  id: number
  a: [TextOffset, TextOffset]
  b: [TextOffset, TextOffset]
  /**
   * Set when the passage stands in the same order in both witnesses but under
   * another heading: one witness lost the end of a section and the heading of the
   * next, so the rest of that next section reads under the first (findDisplaced).
   * Its two places may differ by more than a small change; diff them to show it.
   */
  misplaced?: true
}

/**
 * Segments in the order of both witnesses, covering each exactly once with no gaps
 * or overlaps; `moves` lists the moved passages, ids from 1 in the order of A.
 */
export interface Alignment {
  segments: AlignedSegment[]
  moves: MovedBlock[]
}

export interface AlignOptions {
  /** Default true: full-width/half-width punctuation and white-space runs match (see `tokenize`). */
  normalizePunctuation?: boolean
  /**
   * Shortest moved passage reported, in UTF-16 code units of witness A; default
   * `DEFAULT_MIN_MOVE_LENGTH`. Shorter repeats are left as delete + insert.
   */
  minMoveLength?: number
}

/**
 * 12 code units: a Chinese clause ("中方愿在中亚开发更多文化中心" is 14) or two or three
 * English words ("the old bridge" is 14). Shorter common strings between a deletion
 * and an insertion ("的合作", "of the") are coincidences far more often than moves.
 */
export const DEFAULT_MIN_MOVE_LENGTH = 12
