import type { OpeningParagraphs } from '../../doc'
import type { ClockRange } from './clockRanges'

/**
 * Where Yjs document state lives, reduced to what the sync server needs
 * (after Hocuspocus' database extension): `fetch` the whole state of a document
 * and `store` one update. Everything the rooms know about storage goes through
 * this interface, so a test double or another database can take SQLite's place.
 *
 * Calls are synchronous: better-sqlite3 is, and a synchronous write is what lets
 * the sync server promise "stored before broadcast" without interleaving.
 */
export interface DocumentPersistence {
  /** The document's whole state as one Yjs update, or null when nothing is stored for it. */
  fetch(documentId: string): Uint8Array | null
  /** Appends one update to the document's log. Durable when it returns. */
  store(documentId: string, update: Uint8Array): void
  /**
   * Appends several updates (possibly of several documents) in ONE transaction:
   * the sync server's group commit. All or nothing; durable when it returns.
   */
  storeMany(entries: readonly StoredUpdate[]): void
  /** Number of updates in the document's log since its last snapshot. */
  logLength(documentId: string): number
  /**
   * Replaces the document's snapshot and log by `state`, which must contain every
   * stored update (the caller encodes its in-memory doc right after a commit);
   * `opening`, the opening paragraphs of `state`, is kept beside it.
   */
  compact(documentId: string, state: Uint8Array, opening?: OpeningParagraphs): void
}

/** One update to append to a document's log. */
export interface StoredUpdate {
  documentId: string
  update: Uint8Array
  /** Who sent it (history and blame); absent for the server's own bookkeeping. */
  author?: UpdateAuthor
  /** When it was applied, ms since the epoch; default now. */
  at?: number
  /**
   * The clock ranges it inserts, when the caller knows them without decoding it (the
   * Yjs transaction that made it: `transactionRanges`); read from the update otherwise.
   */
  inserted?: readonly ClockRange[]
}

/** The principal an update is stored with. */
export interface UpdateAuthor {
  id: string
  name: string
}
