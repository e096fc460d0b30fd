import type { DocumentSummary } from '../../core/api'
import type Database from 'better-sqlite3'
import { toSummary, type DocumentRow } from './documentRow'

/** What the workspace knows about a document besides its Yjs state (`GET /api/documents`). */
export type { DocumentSummary }

/** The `documents` table: list, look up, insert, and refresh the character count. */
export class DocumentCatalog {
  private readonly selectAll: Database.Statement<[], DocumentRow>
  private readonly selectById: Database.Statement<[string], DocumentRow>
  private readonly selectByHash: Database.Statement<[string], DocumentRow>
  private readonly insertRow: Database.Statement<[string, string, string, string, number, string | null, string | null]>
  private readonly updateCharacters: Database.Statement<[number, string]>

  constructor(db: Database.Database) {
    this.selectAll = db.prepare('SELECT * FROM documents ORDER BY created_at, id')
    this.selectById = db.prepare('SELECT * FROM documents WHERE id = ?')
    this.selectByHash = db.prepare('SELECT * FROM documents WHERE source_hash = ?')
    this.insertRow = db.prepare(
      'INSERT INTO documents (id, title, created_at, source_hash, characters, source_encoding, source_format) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    this.updateCharacters = db.prepare('UPDATE documents SET characters = ? WHERE id = ?')
  }

  list(): DocumentSummary[] {
    return this.selectAll.all().map(toSummary)
  }

  /** The document, or null when no document has this id. */
  get(id: string): DocumentSummary | null {
    const row = this.selectById.get(id)
    return row ? toSummary(row) : null
  }

  /** The document created from this content, or null. */
  findBySourceHash(sourceHash: string): DocumentSummary | null {
    const row = this.selectByHash.get(sourceHash)
    return row ? toSummary(row) : null
  }

  /** Adds a document; an unknown source encoding or format may be left out (stored as null). */
  insert(summary: Omit<DocumentSummary, 'sourceEncoding' | 'sourceFormat'> & Partial<Pick<DocumentSummary, 'sourceEncoding' | 'sourceFormat'>>): void {
    this.insertRow.run(summary.id, summary.title, summary.createdAt, summary.sourceHash, summary.characters, summary.sourceEncoding ?? null, summary.sourceFormat ?? null)
  }

  setCharacters(id: string, characters: number): void {
    this.updateCharacters.run(characters, id)
  }
}
