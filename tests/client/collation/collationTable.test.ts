import { describe, expect, it } from 'vitest'
import { collateWitnesses } from '../../../core/align'
import { buildCollationTable, heatLevel, readingsAt, targetRange, type TableWitness } from '../../../client/compare/collationTable'

/** Witnesses placed in one projection at the given starts, as the view places them. */
function witnesses(texts: string[], starts: number[]): TableWitness[] {
  return texts.map((text, i) => ({ siglum: 'ABCDEF'[i], description: `version ${i + 1}`, start: starts[i], text }))
}

/** Every witness's cells in row order rebuild its text, at projection offsets from its start. */
function checkRebuilds(table: ReturnType<typeof buildCollationTable>): void {
  table.witnesses.forEach((w, i) => {
    let at = w.start
    let text = ''
    for (const row of table.rows) {
      const cell = row.cells[i]
      if (!cell) continue
      expect(cell.start).toBe(at)
      at = cell.end
      text += cell.text
    }
    expect(text).toBe(w.text)
  })
}

describe('buildCollationTable', () => {
  it('places the cells at projection offsets, rates each row by disagreement and lists the differences', () => {
    const texts = ['The old bridge fell in the spring flood.', 'The old bridge fell in the autumn flood.', 'The new bridge fell in the spring flood.']
    const table = buildCollationTable(collateWitnesses(texts), witnesses(texts, [0, 100, 200]))
    checkRebuilds(table)
    expect(table.differences).toEqual(table.rows.filter((r) => r.readings.length > 1).map((r) => r.index))
    expect(table.differences.length).toBeGreaterThan(0)
    for (const row of table.rows) expect(row.disagreement).toBe((row.readings.length - 1) / 2)
    const first = table.rows[table.differences[0]]
    expect(Object.keys(readingsAt(table, first))).toEqual(['A', 'B', 'C'])
  })

  it('links a moved passage to the row of its other place', () => {
    const moved = 'Every witness keeps this long sentence about the harbour and its ships.'
    const texts = [`Opening words here. ${moved} Middle part of the text stays. Closing words here.`, `Opening words here. Middle part of the text stays. ${moved} Closing words here.`]
    const collation = collateWitnesses(texts)
    expect(collation.moves.length).toBeGreaterThan(0)
    const table = buildCollationTable(collation, witnesses(texts, [0, 500]))
    checkRebuilds(table)
    const linked = table.rows.flatMap((row) => row.cells.flatMap((cell, w) => (cell?.move ? [{ row: row.index, w, to: cell.move.rows }] : [])))
    expect(linked.length).toBe(2)
    expect(linked[0].to).toEqual([linked[1].row])
    expect(linked[1].to).toEqual([linked[0].row])
    // one block at each place, the passage whole in its cell; counted once as a difference (as in the compare view)
    // (the order kept the longer sentence, so the shorter one it changed places with is the move)
    expect(linked.map((l) => table.rows[l.row].cells[l.w]!.text.trim())).toEqual(['Middle part of the text stays.', 'Middle part of the text stays.'])
    expect(table.differences).toContain(linked[0].row)
    expect(table.differences).not.toContain(linked[1].row)
    expect(table.rows[linked[1].row].variant).toBe(true)
  })
})

describe('targetRange', () => {
  it('is the witness cell, or the empty range after its last cell before the row where it has nothing', () => {
    const texts = ['alpha beta gamma. delta epsilon.', 'alpha beta gamma. zeta delta epsilon.']
    const table = buildCollationTable(collateWitnesses(texts), witnesses(texts, [10, 60]))
    for (const index of table.differences) {
      const row = table.rows[index]
      for (let w = 0; w < 2; w++) {
        const range = targetRange(table, row, w)
        if (row.cells[w]) expect(range).toEqual({ start: row.cells[w]!.start, end: row.cells[w]!.end })
        else {
          expect(range.start).toBe(range.end)
          const before = table.rows.slice(0, index).map((r) => r.cells[w]).filter((c) => c !== null)
          expect(range.start).toBe(before.length ? before[before.length - 1]!.end : table.witnesses[w].start)
        }
      }
    }
  })
})

describe('heatLevel', () => {
  it('gives none, some, more and full disagreement four tints', () => {
    expect([0, 0.2, 0.5, 0.99, 1].map(heatLevel)).toEqual([0, 1, 2, 2, 3])
  })
})
