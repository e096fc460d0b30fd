import type { CollationMove, MovePlace } from './collationTypes'
import type { MovedBlock } from './types'

/** A pairwise move found between witnesses `a` and `b` (indexes into the collation). */
export interface PairMove {
  a: number
  b: number
  move: MovedBlock
}

/**
 * Two places of one witness are the same passage when they share at least half of
 * the shorter: the A→B and B→C alignments of a passage B moved report B's copy
 * with edges a few code units apart (each pair trims to its own exact match).
 */
const SAME_PLACE = 0.5

function samePlace(x: [number, number], y: [number, number]): boolean {
  const overlap = Math.min(x[1], y[1]) - Math.max(x[0], y[0])
  return overlap > 0 && overlap >= SAME_PLACE * Math.min(x[1] - x[0], y[1] - y[0])
}

/**
 * Pairwise moves grouped into one move per passage: a pair move joins the group
 * that already holds one of its places (same witness, SAME_PLACE overlap), adds
 * its other place if that witness is not there yet and widens a place it shares to
 * the union (witness B's copy of a passage may have moved whole against C but only
 * in part against A, whose copy lost a sentence). Places sorted by witness, ids
 * from 1 in the order of the first place (witness, then offset); `misplaced` when
 * any pair saw the passage under another heading. Never throws.
 */
export function groupMoves(pairMoves: readonly PairMove[]): CollationMove[] {
  const groups: Array<MovePlace[] & { misplaced?: boolean }> = []
  for (const { a, b, move } of pairMoves) {
    const here: MovePlace[] & { misplaced?: boolean } = [{ witness: a, range: [move.a[0], move.a[1]] }, { witness: b, range: [move.b[0], move.b[1]] }]
    const group = groups.find((places) => here.some((p) => places.some((q) => q.witness === p.witness && samePlace(q.range, p.range))))
    if (!group) {
      if (move.misplaced) here.misplaced = true
      groups.push(here)
      continue
    }
    if (move.misplaced) group.misplaced = true
    for (const p of here) {
      const same = group.find((q) => q.witness === p.witness)
      if (!same) group.push(p)
      else if (samePlace(same.range, p.range)) same.range = [Math.min(same.range[0], p.range[0]), Math.max(same.range[1], p.range[1])]
    }
  }
  const sorted = groups.map((places) => ({ places: [...places].sort((x, y) => x.witness - y.witness), misplaced: places.misplaced === true }))
  sorted.sort((x, y) => x.places[0].witness - y.places[0].witness || x.places[0].range[0] - y.places[0].range[0])
  return sorted.map(({ places, misplaced }, index) => (misplaced ? { id: index + 1, places, misplaced: true as const } : { id: index + 1, places }))
}
