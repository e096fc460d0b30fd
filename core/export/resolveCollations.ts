import { collateWitnesses, type Collation } from '../align'
import type { CollationWitness, EditionInput } from './editionInput'

/** A collation ready to export: each witness's text and a table that fits them. */
export interface ResolvedCollation {
  witnesses: CollationWitness[]
  texts: string[]
  table: Collation
}

/**
 * True when `table` rebuilds `texts`: every row has one cell per witness, each
 * witness's cells run from 0 to its length without gap or overlap, and every move
 * place lies inside its witness.
 */
export function tableFits(texts: readonly string[], table: Collation): boolean {
  const at = texts.map(() => 0)
  for (const row of table.rows) {
    if (row.cells.length !== texts.length) return false
    for (let w = 0; w < texts.length; w++) {
      const cell = row.cells[w]
      if (!cell) continue
      if (cell[0] !== at[w] || cell[1] <= cell[0]) return false
      at[w] = cell[1]
    }
  }
  if (at.some((end, w) => end !== texts[w].length)) return false
  return table.moves.every((m) => m.places.every((p) => p.witness >= 0 && p.witness < texts.length && p.range[0] >= 0 && p.range[0] < p.range[1] && p.range[1] <= texts[p.witness].length))
}

/**
 * The edition's collations with their witnesses' texts (a `range` of the
 * projection, else the witness's own `text`). A collation is left out when it has
 * fewer than two witnesses or a witness has no text to read (a range outside the
 * projection, or neither range nor text). A table that does not fit the texts is
 * computed again with `collateWitnesses`. Never throws for well-typed input.
 */
export function resolveCollations(input: EditionInput): ResolvedCollation[] {
  const out: ResolvedCollation[] = []
  for (const c of input.collations ?? []) {
    if (c.witnesses.length < 2) continue
    const texts: string[] = []
    for (const w of c.witnesses) {
      const r = w.range
      if (r && r.start >= 0 && r.start <= r.end && r.end <= input.projection.length) texts.push(input.projection.slice(r.start, r.end))
      else if (!r && w.text !== undefined) texts.push(w.text)
      else break
    }
    if (texts.length !== c.witnesses.length) continue
    const table = c.table && tableFits(texts, c.table) ? c.table : collateWitnesses(texts)
    out.push({ witnesses: c.witnesses, texts, table })
  }
  return out
}
