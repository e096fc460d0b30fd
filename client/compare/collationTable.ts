import type { Collation } from '../../core/align'
import type { TextOffset } from '../../core/text/projection'
import type { ReadingsBySiglum } from '../../doc'

/** One witness of a shown collation: siglum, description, where its text starts in the projection, and the text. */
export interface TableWitness {
  siglum: string
  description: string
  /** Projection offset of text[0]. */
  start: TextOffset
  text: string
}

/** One witness's cell: its text and projection range, or null where it has nothing. */
export interface TableCell {
  text: string
  start: TextOffset
  end: TextOffset
  /**
   * The moved passage this cell holds (or starts), with the rows of its other
   * places; `misplaced` when it stands in order but under another heading.
   */
  move?: { id: number; rows: number[]; misplaced: boolean }
}

/** One aligned row across every witness (in the collation's witness order). */
export interface TableRow {
  index: number
  cells: Array<TableCell | null>
  /** Witness indexes grouped by what they read (core CollationRow.readings). */
  readings: number[][]
  /** The witnesses differ here: a stop of next / previous difference. */
  variant: boolean
  /**
   * How much the witnesses disagree, 0 (all alike) to 1 (each reads its own):
   * (groups − 1) / (witnesses − 1). Worked example: three witnesses, A and C alike
   * and B different → 2 groups → 0.5.
   */
  disagreement: number
}

export interface CollationTable {
  witnesses: TableWitness[]
  rows: TableRow[]
  /**
   * Indexes of the variant rows, in order, a moved passage counted once: the row
   * of its first place is a difference, a row holding only a later place of it
   * is not (as in the pairwise compare, where a move is one variant of two rows).
   */
  differences: number[]
}

/**
 * The rows a view shows: the collation's cells as texts with projection offsets,
 * each row's disagreement, and each moved passage linked to the rows of its other
 * places (a move place belongs to the row whose cell holds its start).
 */
export function buildCollationTable(collation: Collation, witnesses: readonly TableWitness[]): CollationTable {
  const n = witnesses.length
  const rows: TableRow[] = collation.rows.map((row, index) => ({
    index,
    cells: row.cells.map((cell, w) => cell && { text: witnesses[w].text.slice(cell[0], cell[1]), start: witnesses[w].start + cell[0], end: witnesses[w].start + cell[1] }),
    readings: row.readings,
    variant: row.readings.length > 1,
    disagreement: n > 1 ? (row.readings.length - 1) / (n - 1) : 0,
  }))
  const rowOf = (w: number, offset: number) => collation.rows.findIndex((r) => r.cells[w] !== null && r.cells[w]![0] <= offset && offset < r.cells[w]![1])
  for (const move of collation.moves) {
    const places = move.places.map((p) => ({ witness: p.witness, row: rowOf(p.witness, p.range[0]) })).filter((p) => p.row >= 0)
    for (const place of places) {
      const cell = rows[place.row].cells[place.witness]
      const others = places.filter((p) => p.row !== place.row).map((p) => p.row)
      if (cell && others.length > 0) cell.move = { id: move.id, rows: [...new Set(others)].sort((x, y) => x - y), misplaced: move.misplaced === true }
    }
  }
  const laterPlace = (row: TableRow) => {
    const present = row.cells.filter((c) => c !== null)
    const move = present[0]?.move
    return move !== undefined && move.rows.some((r) => r < row.index) && present.every((c) => c!.move?.id === move.id)
  }
  return { witnesses: [...witnesses], rows, differences: rows.filter((r) => r.variant && !laterPlace(r)).map((r) => r.index) }
}

/** What each witness reads at a row, by siglum (null: nothing there): the key of a decision on it. */
export function readingsAt(table: CollationTable, row: TableRow): ReadingsBySiglum {
  const out: ReadingsBySiglum = {}
  table.witnesses.forEach((w, i) => (out[w.siglum] = row.cells[i]?.text ?? null))
  return out
}

/**
 * The projection range a reading applied to witness `w` at `row` replaces: its
 * cell, or, where it has nothing, the empty range where its text would go (after
 * its last cell before the row; its start when it has none).
 */
export function targetRange(table: CollationTable, row: TableRow, w: number): { start: TextOffset; end: TextOffset } {
  const cell = row.cells[w]
  if (cell) return { start: cell.start, end: cell.end }
  for (let r = row.index - 1; r >= 0; r--) {
    const before = table.rows[r].cells[w]
    if (before) return { start: before.end, end: before.end }
  }
  return { start: table.witnesses[w].start, end: table.witnesses[w].start }
}

/** Heat level 0–3 of a disagreement (0 = none), for the heat map's four tints. */
export function heatLevel(disagreement: number): 0 | 1 | 2 | 3 {
  if (disagreement <= 0) return 0
  if (disagreement < 0.5) return 1
  if (disagreement < 1) return 2
  return 3
}
