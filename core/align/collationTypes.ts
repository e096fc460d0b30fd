import type { TextOffset } from '../text'

/**
 * One row of a collation table: `cells[w]` is witness w's [start, end) range in
 * UTF-16 code units of its own text, or null when the witness has nothing there
 * (text the others have and it lacks). Reading the cells of one witness from the
 * first row to the last rebuilds its text exactly.
 * `readings` groups the witness indexes whose cells read the same (after the
 * aligner's normalisation: punctuation width, quotes, white-space runs); absent
 * witnesses form one group. One group means every witness agrees there; groups
 * are listed in the order of their first witness.
 */
export interface CollationRow {
  cells: Array<[TextOffset, TextOffset] | null>
  readings: number[][]
}

/** One place of a moved passage: witness index and its [start, end) range in that witness. */
export interface MovePlace {
  witness: number
  range: [TextOffset, TextOffset]
}

/**
 * A passage that stands at different places in some witnesses: its places, one
 * per witness that holds it, sorted by witness index (at least two). Witnesses
 * whose places agree on order with each other are still listed, so a reader sees
 * every copy of the passage. Ids run from 1 in the order of the first place.
 */
export interface CollationMove {
  id: number
  places: MovePlace[]
  /** Set when the passage stands in order but under another heading in some witness (see MovedBlock.misplaced). */
  misplaced?: true
}

/** An alignment of N witnesses: rows in reading order of every witness, and the moves. */
export interface Collation {
  rows: CollationRow[]
  moves: CollationMove[]
}
