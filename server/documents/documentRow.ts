import type { DocumentSummary } from '../../core/api'

/** A row of the `documents` table, as both storage engines (SQLite, PostgreSQL) return it. */
export interface DocumentRow {
  id: string
  title: string
  created_at: string
  source_hash: string
  characters: number
  source_encoding: string | null
  source_format: string | null
}

/** The row as the API's DocumentSummary. */
export const toSummary = (row: DocumentRow): DocumentSummary => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  sourceHash: row.source_hash,
  characters: row.characters,
  sourceEncoding: row.source_encoding,
  sourceFormat: row.source_format,
})
