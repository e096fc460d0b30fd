import type { DocumentSummary } from '../../core/api'
import type { OpeningParagraphs } from '../../doc'
import type { StoredUpdate } from './DocumentPersistence'
import type { TrashedDocument } from '../documents/DocumentCatalog'

/** The tables holding a document's data besides its row, emptied of it when it is purged from the trash (both engines). */
export const PURGED_TABLES = ['authorship', 'checkpoints', 'updates', 'snapshots'] as const

/** `setAsideSourceHash` in SQL both engines read alike (`$1` is the id; SQLite gets `?`). */
export const SET_ASIDE_SOURCE_HASH = "UPDATE documents SET source_hash = source_hash || '#trashed:' || id WHERE id = $1 AND trashed_at IS NOT NULL AND source_hash NOT LIKE '%#trashed:%'"

/**
 * The document store with the engine left open (issue #16): the catalogue of
 * documents and their Yjs state (one snapshot plus an append-only update log
 * each), on SQLite (SqliteDocumentStore, the embedded default) or PostgreSQL
 * (PostgresDocumentStore, chosen by VARIORUM_DATABASE_URL). Both pass the same
 * suite (tests/server/persistence/documentStore.test.ts).
 *
 * Asynchronous because node-postgres is: every call is a round trip. The
 * promise of "stored before broadcast" holds as long as the caller broadcasts
 * only after `storeMany` has resolved (the sync server's group commit awaits it,
 * except on SQLite with durability `commit`: CommitQueue's BroadcastOrder).
 * A rejected promise means nothing of that call was stored.
 */
export interface DocumentStore {
  /** 'sqlite' or 'postgres': for logs and the health endpoint. */
  readonly engine: 'sqlite' | 'postgres'
  /** The document's whole state as one Yjs update, or null when nothing is stored for it. */
  fetch(documentId: string): Promise<Uint8Array | null>
  /**
   * Appends updates (possibly of several documents) in ONE transaction: all or
   * nothing; durable when the promise resolves. An empty list does nothing.
   */
  storeMany(entries: readonly StoredUpdate[]): Promise<void>
  /** Number of updates in the document's log since its last snapshot. */
  logLength(documentId: string): Promise<number>
  /** The documents whose update log has rows (what a server that stopped without folding left), sorted by id. */
  documentsWithLog(): Promise<string[]>
  /**
   * Replaces the document's snapshot and log by `state`, which must contain every
   * stored update, in one transaction. `opening`, the opening paragraphs of `state`,
   * is kept beside the snapshot (an engine that folds more than `state` into the
   * snapshot computes its own).
   */
  compact(documentId: string, state: Uint8Array, opening?: OpeningParagraphs): Promise<void>
  /**
   * The opening paragraphs (offset 0, MAX_OPENING) kept beside the snapshot, when the
   * snapshot is the document's whole stored state: null when none is kept (stored
   * before openings were, or written without one) or when update-log rows follow the
   * snapshot (they may have changed the opening). Reads only the snapshot's row and
   * whether the log is empty, never the state: what a browser opening a book asks for
   * before it joins (SyncServer.readOpening).
   */
  readOpening(documentId: string): Promise<OpeningParagraphs | null>
  /**
   * Adds a document to the catalogue with its first state (and `opening`, the opening
   * paragraphs of that state, kept beside it), in one transaction.
   * Rejects (nothing stored) when the id or the source hash is already taken.
   */
  createDocument(summary: DocumentSummary, state: Uint8Array, opening?: OpeningParagraphs): Promise<void>
  /** Every document not in the trash, oldest first (then by id). */
  listDocuments(): Promise<DocumentSummary[]>
  /** The document, or null when no document has this id or it is in the trash. */
  getDocument(id: string): Promise<DocumentSummary | null>
  /** Whether any document, in the trash or not, has this id (ids stay taken in the trash). */
  documentIdTaken(id: string): Promise<boolean>
  /** Renames a document not in the trash; false when there is none of this id. */
  renameDocument(id: string, title: string): Promise<boolean>
  /** Moves a document to the trash (issue 14); false when there is none of this id outside it. */
  trashDocument(id: string, by: string, now: Date): Promise<boolean>
  /** The document in the trash with this id, or null. */
  trashedDocument(id: string): Promise<TrashedDocument | null>
  /** Every document in the trash, most recently trashed first. */
  listTrashed(): Promise<TrashedDocument[]>
  /** Takes a document out of the trash: 'expired' after TRASH_DAYS, 'not-trashed' when it is not there. */
  restoreDocument(id: string, now: Date): Promise<'restored' | 'expired' | 'not-trashed'>
  /**
   * Deletes for good every document moved to the trash before `trashedBefore`
   * (issue 14: after TRASH_DAYS): its row, snapshot, update log, authorship and
   * versions, in one transaction. Returns the ids purged, sorted.
   */
  purgeTrashed(trashedBefore: Date): Promise<string[]>
  /**
   * Sets aside the source hash of a document in the trash (`<hash>#trashed:<id>`), so
   * that the same content can be uploaded again as a new document while the trashed
   * one stays restorable; false when no document of this id is in the trash.
   */
  setAsideSourceHash(id: string): Promise<boolean>
  /** The document created from this content, or null. */
  findBySourceHash(sourceHash: string): Promise<DocumentSummary | null>
  /** Records the document's length in characters (the catalogue's count); no-op for an unknown id. */
  setCharacters(id: string, characters: number): Promise<void>
  /** Closes the connection(s); no call may follow. */
  close(): Promise<void>
}
