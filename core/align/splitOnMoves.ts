import type { CollationMove } from './collationTypes'
import type { WorkRow } from './collationRows'

/**
 * Rows are cut on the base witness, so a passage two other witnesses hold at
 * different places of one base stretch ("X Y" in B, "Y X" in C, the base reading
 * something else there) would sit inside one row: listed as a move, shown as one
 * reading against another. This splits such a row: where a move has a place at
 * the start of one witness's cell and a place at the end of another's (at least
 * half of each place inside the row), those
 * places get a row each, the first before and the second after the rest of the
 * row, so each witness still reads in order and the moved block stands alone at
 * both places. A place in the middle of a cell (or filling it) stays where it is.
 * Rows without such a move come back unchanged. Linear in rows × moves' places.
 */
export function splitOnMoves(rows: readonly WorkRow[], moves: readonly CollationMove[]): WorkRow[] {
  const out: WorkRow[] = []
  for (const row of rows) out.push(...splitRow(row, moves, 0))
  return out
}

function splitRow(row: WorkRow, moves: readonly CollationMove[], depth: number): WorkRow[] {
  if (depth > moves.length) return [row]
  for (const move of moves) {
    const first: Array<[number, [number, number]]> = []
    const last: Array<[number, [number, number]]> = []
    for (const { witness, range: place } of move.places) {
      const cell = row.cells[witness]
      if (!cell) continue
      // the part of the place in this row (a place may run a few code units into the next row)
      const range: [number, number] = [Math.max(place[0], cell[0]), Math.min(place[1], cell[1])]
      if (range[1] - range[0] < (place[1] - place[0]) / 2) continue
      if (range[0] === cell[0] && range[1] < cell[1]) first.push([witness, range])
      else if (range[1] === cell[1] && range[0] > cell[0]) last.push([witness, range])
    }
    if (first.length === 0 || last.length === 0) continue
    const empty = () => row.cells.map(() => null as [number, number] | null)
    const top: WorkRow = { cells: empty(), variant: true, moved: true }
    const bottom: WorkRow = { cells: empty(), variant: true, moved: true }
    const middle: WorkRow = { cells: row.cells.map((c) => (c ? [c[0], c[1]] : null)), variant: true }
    for (const [w, range] of first) {
      top.cells[w] = range
      middle.cells[w] = [range[1], row.cells[w]![1]]
    }
    for (const [w, range] of last) {
      bottom.cells[w] = range
      middle.cells[w] = [row.cells[w]![0], range[0]]
    }
    const rest = middle.cells.some((c) => c !== null) ? splitRow(middle, moves, depth + 1) : []
    return [top, ...rest, bottom]
  }
  return [row]
}
