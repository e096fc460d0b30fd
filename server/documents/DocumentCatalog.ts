import type { DocumentSummary } from '../../core/api'
import type Database from 'better-sqlite3'
import { toSummary, type DocumentRow } from './documentRow'

/** What the workspace knows about a document besides its Yjs state (`GET /api/documents`). */
export type { DocumentSummary }

/** A document in the trash, as `GET /api/trash` lists it. */
export interface TrashedDocument extends DocumentSummary {
  trashedAt: string
  /** Principal id of who moved it there. */
  trashedBy: string | null
  /** Until when an owner may restore it: `trashedAt` + TRASH_DAYS. */
  restorableUntil: string
}

/** Days a document stays restorable in the trash. */
export const TRASH_DAYS = 30

/**
 * The `documents` table: list, look up, insert, rename, trash and restore, and
 * refresh the character count. A document in the trash is left out of `list` and
 * `get`, so every route and the sync endpoint answer as if it did not exist;
 * `exists` and `findBySourceHash` still see it (its id stays taken, and loading
 * documents/ again does not bring a trashed copy back).
 */
export class DocumentCatalog {
  private readonly selectAll: Database.Statement<[], DocumentRow>
  private readonly selectById: Database.Statement<[string], DocumentRow>
  private readonly selectAnyById: Database.Statement<[string], DocumentRow & { trashed_at: string | null; trashed_by: string | null }>
  private readonly selectTrashed: Database.Statement<[], DocumentRow & { trashed_at: string; trashed_by: string | null }>
  private readonly updateTitle: Database.Statement<[string, string]>
  private readonly updateTrash: Database.Statement<[string | null, string | null, string]>
  private readonly selectByHash: Database.Statement<[string], DocumentRow>
  private readonly insertRow: Database.Statement<[string, string, string, string, number, string | null, string | null]>
  private readonly updateCharacters: Database.Statement<[number, string]>

  constructor(db: Database.Database) {
    this.selectAll = db.prepare('SELECT * FROM documents WHERE trashed_at IS NULL ORDER BY created_at, id')
    this.selectById = db.prepare('SELECT * FROM documents WHERE id = ? AND trashed_at IS NULL')
    this.selectAnyById = db.prepare('SELECT * FROM documents WHERE id = ?')
    this.selectTrashed = db.prepare('SELECT * FROM documents WHERE trashed_at IS NOT NULL ORDER BY trashed_at DESC, id')
    this.updateTitle = db.prepare('UPDATE documents SET title = ? WHERE id = ?')
    this.updateTrash = db.prepare('UPDATE documents SET trashed_at = ?, trashed_by = ? WHERE id = ?')
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

  /** Whether any document, in the trash or not, has this id. */
  exists(id: string): boolean {
    return this.selectAnyById.get(id) !== undefined
  }

  /** Renames a live document; false when there is none of this id. `title` is stored as given (the route trims and bounds it). */
  rename(id: string, title: string): boolean {
    if (!this.get(id)) return false
    this.updateTitle.run(title, id)
    return true
  }

  /** Moves a live document to the trash; false when there is none of this id. */
  trash(id: string, by: string, now: Date): boolean {
    if (!this.get(id)) return false
    this.updateTrash.run(now.toISOString(), by, id)
    return true
  }

  /** The document in the trash with this id, or null. */
  trashed(id: string): TrashedDocument | null {
    const row = this.selectAnyById.get(id)
    return row?.trashed_at ? toTrashed({ ...row, trashed_at: row.trashed_at }) : null
  }

  /** Every document in the trash, most recently trashed first. */
  listTrashed(): TrashedDocument[] {
    return this.selectTrashed.all().map(toTrashed)
  }

  /** Takes a document out of the trash; 'expired' after TRASH_DAYS, 'not-trashed' when it is not there. */
  restore(id: string, now: Date): 'restored' | 'expired' | 'not-trashed' {
    const found = this.trashed(id)
    if (!found) return 'not-trashed'
    if (now.toISOString() > found.restorableUntil) return 'expired'
    this.updateTrash.run(null, null, id)
    return 'restored'
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

/** A trashed row as the trash lists it (shared by both engines). */
export function toTrashed(row: DocumentRow & { trashed_at: string; trashed_by: string | null }): TrashedDocument {
  const until = new Date(new Date(row.trashed_at).getTime() + TRASH_DAYS * 24 * 3600 * 1000).toISOString()
  return { ...toSummary(row), trashedAt: row.trashed_at, trashedBy: row.trashed_by, restorableUntil: until }
}
