import { expect } from 'vitest'
import type { Collation } from '../../../core/align'

/**
 * The one check every collation test runs: each witness's cells, read row by row,
 * walk its text in order without gaps or overlaps (so they rebuild it exactly);
 * every row has one cell per witness and at least one present; readings partition
 * the witnesses, absent ones in one group; every move place lies inside its
 * witness and moves have at least two places on distinct witnesses.
 * Returns the collation for chaining.
 */
export function checkCollation(texts: readonly string[], collation: Collation): Collation {
  const at = texts.map(() => 0)
  const rebuilt = texts.map(() => '')
  for (const [index, row] of collation.rows.entries()) {
    const where = `row ${index} ${JSON.stringify(row)}`
    expect(row.cells, `${where}: one cell per witness`).toHaveLength(texts.length)
    expect(row.cells.some((c) => c !== null), `${where}: some witness present`).toBe(true)
    row.cells.forEach((cell, w) => {
      if (!cell) return
      expect(cell[0], `${where}: witness ${w} starts where it left off`).toBe(at[w])
      expect(cell[1] > cell[0], `${where}: witness ${w} cell non-empty`).toBe(true)
      rebuilt[w] += texts[w].slice(cell[0], cell[1])
      at[w] = cell[1]
    })
    const grouped = row.readings.flat().sort((x, y) => x - y)
    expect(grouped, `${where}: readings partition the witnesses`).toEqual(texts.map((_, w) => w))
    for (const group of row.readings) {
      const present = group.map((w) => row.cells[w] !== null)
      expect(new Set(present).size, `${where}: a reading is all present or all absent`).toBe(1)
    }
  }
  texts.forEach((text, w) => {
    expect(at[w], `witness ${w} read to its end`).toBe(text.length)
    expect(rebuilt[w]).toBe(text)
  })
  const ids = collation.moves.map((m) => m.id)
  expect(ids).toEqual(ids.map((_, i) => i + 1))
  for (const move of collation.moves) {
    const witnesses = move.places.map((p) => p.witness)
    expect(move.places.length, `move ${move.id} has two places`).toBeGreaterThanOrEqual(2)
    expect(new Set(witnesses).size, `move ${move.id}: one place a witness`).toBe(witnesses.length)
    for (const p of move.places) {
      expect(p.range[0] >= 0 && p.range[1] > p.range[0] && p.range[1] <= texts[p.witness].length, `move ${move.id} place in witness ${p.witness}`).toBe(true)
    }
  }
  return collation
}
