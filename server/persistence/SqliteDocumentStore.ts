import type Database from 'better-sqlite3'
import type { DocumentSummary } from '../../core/api'
import type { OpeningParagraphs } from '../../doc'
import { DocumentCatalog, type TrashedDocument } from '../documents/DocumentCatalog'
import type { StoredUpdate } from './DocumentPersistence'
import { PURGED_TABLES, SET_ASIDE_SOURCE_HASH, type DocumentStore } from './DocumentStore'
import { SqlitePersistence } from './SqlitePersistence'
import type { WalSync } from './walSync'

/**
 * DocumentStore on the workspace's SQLite database: the synchronous
 * SqlitePersistence and DocumentCatalog behind promises. Each call still runs to
 * completion before it returns (better-sqlite3 blocks), so the SQLite path costs
 * one already-resolved promise per call and nothing else.
 */
export class SqliteDocumentStore implements DocumentStore {
  readonly engine = 'sqlite'
  readonly persistence: SqlitePersistence
  readonly catalog: DocumentCatalog

  /**
   * `walSync` (durability `fsync`): `storeMany` commits without an fsync on the event
   * loop and resolves once this has fsynced the WAL (walSync.ts), so the commit of a
   * group of updates never blocks the loop on the disk; without it, the connection's
   * own `synchronous` setting decides.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly walSync: WalSync | null = null,
  ) {
    this.persistence = new SqlitePersistence(db)
    this.catalog = new DocumentCatalog(db)
  }

  async fetch(documentId: string): Promise<Uint8Array | null> {
    return this.persistence.fetch(documentId)
  }

  async storeMany(entries: readonly StoredUpdate[]): Promise<void> {
    if (!this.walSync || entries.length === 0) return this.persistence.storeMany(entries)
    this.persistence.unsynced(() => this.persistence.storeMany(entries))
    // Stored (the promise resolves, CommitQueue broadcasts) only once on disk. Should the
    // fsync fail (an I/O error), the rows are committed but may not be on disk: the promise
    // rejects, CommitQueue closes the rooms, and their clients send their state again on
    // reconnecting, as when a commit fails.
    await this.walSync.sync()
  }

  async logLength(documentId: string): Promise<number> {
    return this.persistence.logLength(documentId)
  }

  async documentsWithLog(): Promise<string[]> {
    return this.persistence.documentsWithLog()
  }

  async compact(documentId: string, state: Uint8Array, opening?: OpeningParagraphs): Promise<void> {
    this.persistence.compact(documentId, state, opening)
  }

  async readOpening(documentId: string): Promise<OpeningParagraphs | null> {
    return this.persistence.readOpening(documentId)
  }

  async createDocument(summary: DocumentSummary, state: Uint8Array, opening?: OpeningParagraphs): Promise<void> {
    this.persistence.transaction(() => {
      this.catalog.insert(summary)
      this.persistence.writeSnapshot(summary.id, state, opening)
    })
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    return this.catalog.list()
  }

  async getDocument(id: string): Promise<DocumentSummary | null> {
    return this.catalog.get(id)
  }

  async documentIdTaken(id: string): Promise<boolean> {
    return this.catalog.exists(id)
  }

  async purgeTrashed(trashedBefore: Date): Promise<string[]> {
    const select = this.db.prepare<[string], { id: string }>('SELECT id FROM documents WHERE trashed_at IS NOT NULL AND trashed_at < ? ORDER BY id')
    const ids = select.all(trashedBefore.toISOString()).map((row) => row.id)
    this.persistence.transaction(() => {
      for (const id of ids) {
        for (const table of PURGED_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE document_id = ?`).run(id)
        this.db.prepare('DELETE FROM documents WHERE id = ?').run(id)
      }
    })
    return ids
  }

  async setAsideSourceHash(id: string): Promise<boolean> {
    return this.db.prepare(SET_ASIDE_SOURCE_HASH.replaceAll('$1', '?')).run(id).changes > 0
  }

  async renameDocument(id: string, title: string): Promise<boolean> {
    return this.catalog.rename(id, title)
  }

  async trashDocument(id: string, by: string, now: Date): Promise<boolean> {
    return this.catalog.trash(id, by, now)
  }

  async trashedDocument(id: string): Promise<TrashedDocument | null> {
    return this.catalog.trashed(id)
  }

  async listTrashed(): Promise<TrashedDocument[]> {
    return this.catalog.listTrashed()
  }

  async restoreDocument(id: string, now: Date): Promise<'restored' | 'expired' | 'not-trashed'> {
    return this.catalog.restore(id, now)
  }

  async findBySourceHash(sourceHash: string): Promise<DocumentSummary | null> {
    return this.catalog.findBySourceHash(sourceHash)
  }

  async setCharacters(id: string, characters: number): Promise<void> {
    this.catalog.setCharacters(id, characters)
  }

  async close(): Promise<void> {
    this.db.close()
  }
}
