import { alignWitnesses } from './alignWitnesses'
import type { Collation, CollationRow } from './collationTypes'
import { collationRows } from './collationRows'
import { groupMoves, type PairMove } from './groupMoves'
import { snapToClauses } from './snapToClauses'
import { splitOnMoves } from './splitOnMoves'
import { normalizeCode } from './tokenize'
import type { AlignOptions, Alignment } from './types'

/**
 * Collates two or more witnesses in one alignment (see docs/ALIGNMENT.md,
 * "Collation"): every witness is aligned against the first (the base) with
 * `alignWitnesses`, the rows are cut on the base where any witness changes and
 * widened to the clause, and moves are searched between every pair of witnesses
 * and grouped per passage; a moved passage has a row of its own at each place,
 * also when the move is between two witnesses other than the base (splitOnMoves). Offsets are UTF-16 code units into each witness's own
 * text; concatenating a witness's cells in row order rebuilds it exactly.
 * With two witnesses the differences are those of `alignWitnesses(texts[0], texts[1])`,
 * each read with its clause. Throws RangeError for fewer than two witnesses or a
 * bad `minMoveLength` (as `alignWitnesses`). Time: N - 1 + (N - 1)(N - 2)/2 pairwise
 * alignments, about 0.35 s for six witnesses of 100 KB.
 */
export function collateWitnesses(texts: readonly string[], options: AlignOptions = {}): Collation {
  if (texts.length < 2) throw new RangeError(`collation needs at least two witnesses, got ${texts.length}`)
  const normalize = options.normalizePunctuation ?? true
  const alignments: Array<Alignment | null> = [null]
  const pairMoves: PairMove[] = []
  for (let w = 1; w < texts.length; w++) {
    const alignment = alignWitnesses(texts[0], texts[w], options)
    alignments.push(alignment)
    for (const move of alignment.moves) pairMoves.push({ a: 0, b: w, move })
  }
  // moves between two witnesses that both differ from the base are only seen pair by pair
  for (let v = 1; v < texts.length; v++) {
    for (let w = v + 1; w < texts.length; w++) {
      for (const move of alignWitnesses(texts[v], texts[w], options).moves) pairMoves.push({ a: v, b: w, move })
    }
  }
  const moves = groupMoves(pairMoves)
  // rows are cut on the base; a move between two other witnesses inside one row splits it
  const rows = splitOnMoves(snapToClauses(collationRows(texts, alignments, normalize), texts, normalize), moves)
  return {
    rows: rows.map((row): CollationRow => ({
      cells: row.cells,
      readings: row.variant ? readingsOf(row.cells, texts, normalize) : [texts.map((_, w) => w)],
    })),
    moves,
  }
}

/** Witnesses grouped by what their cells read (normalised as the aligner matches); absent ones together. */
function readingsOf(cells: ReadonlyArray<[number, number] | null>, texts: readonly string[], normalize: boolean): number[][] {
  const groups = new Map<string, number[]>()
  cells.forEach((cell, w) => {
    const key = cell ? `=${readingKey(texts[w].slice(cell[0], cell[1]), normalize)}` : 'absent'
    const group = groups.get(key)
    if (group) group.push(w)
    else groups.set(key, [w])
  })
  return [...groups.values()]
}

function readingKey(text: string, normalize: boolean): string {
  if (!normalize) return text
  let key = ''
  for (const char of text.replace(/\s+/g, ' ')) key += char.length === 1 ? String.fromCharCode(normalizeCode(char.charCodeAt(0))) : char
  return key
}
