import type Database from 'better-sqlite3'
import * as Y from 'yjs'
import type { OpeningParagraphs } from '../../doc'
import type { DocumentPersistence, StoredUpdate } from './DocumentPersistence'
import { clockRanges } from './clockRanges'
import { decodeStoredOpening, encodeStoredOpening } from './storedOpening'

/**
 * DocumentPersistence on SQLite: per document one snapshot row plus an
 * append-only log of updates. `fetch` merges snapshot and log; `compact` folds
 * the log into the snapshot. Statements are prepared once.
 */
export class SqlitePersistence implements DocumentPersistence {
  private readonly selectSnapshot: Database.Statement<[string], { state: Buffer }>
  private readonly selectLog: Database.Statement<[string], { data: Buffer }>
  private readonly countLog: Database.Statement<[string], { n: number }>
  private readonly insertUpdate: Database.Statement<[string, number, Uint8Array, string | null, string | null, number]>
  private readonly insertAuthorship: Database.Statement<[string, number | null, number | null, number | null, string, string, number]>
  private readonly maxSeq: Database.Statement<[string], { seq: number | null }>
  /** Next log sequence number per document, read once from the table. */
  private readonly nextSeq = new Map<string, number>()
  private readonly upsertSnapshot: Database.Statement<[string, Uint8Array, string | null, string]>
  private readonly selectOpening: Database.Statement<[string, string], { opening: string | null }>
  private readonly deleteLog: Database.Statement<[string]>
  private readonly insertMany: (entries: readonly StoredUpdate[]) => void
  private readonly replaceState: (documentId: string, state: Uint8Array, opening: string | null) => void
  private readonly countUpTo: Database.Statement<[string, number], { n: number }>
  private readonly deleteUpTo: Database.Statement<[string, number]>
  private readonly foldState: (documentId: string, state: Uint8Array, uptoSeq: number, folded: number, opening: string | null) => boolean
  private readonly readSync: Database.Statement<[], number>

  constructor(private readonly db: Database.Database) {
    this.selectSnapshot = db.prepare('SELECT state FROM snapshots WHERE document_id = ?')
    this.selectLog = db.prepare('SELECT data FROM updates WHERE document_id = ? ORDER BY seq')
    this.countLog = db.prepare('SELECT count(*) AS n FROM updates WHERE document_id = ?')
    this.insertUpdate = db.prepare(
      'INSERT INTO updates (document_id, seq, data, principal_id, principal_name, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.insertAuthorship = db.prepare(
      `INSERT INTO authorship (document_id, client_id, clock_start, clock_end, principal_id, principal_name, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    this.maxSeq = db.prepare('SELECT max(seq) AS seq FROM updates WHERE document_id = ?')
    this.upsertSnapshot = db.prepare(
      `INSERT INTO snapshots (document_id, state, opening, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(document_id) DO UPDATE SET state = excluded.state, opening = excluded.opening, updated_at = excluded.updated_at`,
    )
    // One statement, so the snapshot and the log it checks are read at one point in time.
    this.selectOpening = db.prepare(
      'SELECT opening FROM snapshots WHERE document_id = ? AND NOT EXISTS (SELECT 1 FROM updates WHERE document_id = ?)',
    )
    this.deleteLog = db.prepare('DELETE FROM updates WHERE document_id = ?')
    this.insertMany = db.transaction((entries: readonly StoredUpdate[]) => {
      for (const entry of entries) this.insert(entry)
    })
    this.replaceState = db.transaction((documentId: string, state: Uint8Array, opening: string | null) => {
      this.upsertSnapshot.run(documentId, state, opening, new Date().toISOString())
      this.deleteLog.run(documentId)
    })
    this.countUpTo = db.prepare('SELECT count(*) AS n FROM updates WHERE document_id = ? AND seq <= ?')
    this.deleteUpTo = db.prepare('DELETE FROM updates WHERE document_id = ? AND seq <= ?')
    this.foldState = db.transaction((documentId: string, state: Uint8Array, uptoSeq: number, folded: number, opening: string | null) => {
      if (this.countUpTo.get(documentId, uptoSeq)?.n !== folded) return false
      this.upsertSnapshot.run(documentId, state, opening, new Date().toISOString())
      this.deleteUpTo.run(documentId, uptoSeq)
      return true
    })
    // Only the read is prepared here: SQLite applies `PRAGMA synchronous = X` when the
    // statement is prepared, not when it runs, so preparing both settings up front left
    // every connection FULL (an fsync of the WAL in every commit, on the event loop, in
    // durability `commit` too) and made running them no-ops (issue #20). `unsynced`
    // sets the level with `db.pragma`, which prepares and runs each time.
    this.readSync = db.prepare<[], number>('PRAGMA synchronous').pluck()
  }

  /**
   * Runs `fn` (its commits) with `synchronous = NORMAL` when the connection is FULL
   * (durability `fsync`), then FULL again: its commits reach the WAL file but are not
   * fsynced there. The caller either fsyncs the WAL itself before treating them as
   * stored (walSync.ts), or writes only what a crash may lose: a log fold, whose
   * log rows were fsynced and stay when the fold is lost.
   */
  unsynced<T>(fn: () => T): T {
    if (this.readSync.get() !== 2) return fn()
    this.db.pragma('synchronous = NORMAL')
    try {
      return fn()
    } finally {
      this.db.pragma('synchronous = FULL')
    }
  }

  fetch(documentId: string): Uint8Array | null {
    const parts: Uint8Array[] = []
    const snapshot = this.selectSnapshot.get(documentId)
    if (snapshot) parts.push(snapshot.state)
    for (const row of this.selectLog.iterate(documentId)) parts.push(row.data)
    if (parts.length === 0) return null
    return parts.length === 1 ? new Uint8Array(parts[0]) : Y.mergeUpdates(parts)
  }

  store(documentId: string, update: Uint8Array): void {
    this.insert({ documentId, update })
  }

  storeMany(entries: readonly StoredUpdate[]): void {
    if (entries.length > 0) this.insertMany(entries)
  }

  logLength(documentId: string): number {
    return this.countLog.get(documentId)?.n ?? 0
  }

  documentsWithLog(): string[] {
    return this.db.prepare<[], { document_id: string }>('SELECT DISTINCT document_id FROM updates ORDER BY document_id').all().map((row) => row.document_id)
  }

  /** `opening`: the opening paragraphs of `state`, kept beside it (storedOpening.ts); without it none is kept. */
  compact(documentId: string, state: Uint8Array, opening?: OpeningParagraphs): void {
    this.replaceState(documentId, state, encodeStoredOpening(opening))
  }

  /**
   * The opening paragraphs kept with the snapshot, while the snapshot is the whole
   * stored state (no update-log row follows it); null when none is kept or the log has
   * rows (they may change the opening: the caller falls back to the live doc).
   */
  readOpening(documentId: string): OpeningParagraphs | null {
    return decodeStoredOpening(this.selectOpening.get(documentId, documentId)?.opening)
  }

  /**
   * Replaces the snapshot by `state`, the snapshot as it was plus the first `folded`
   * log rows (those up to `uptoSeq`), and deletes those rows; rows stored since stay.
   * Returns false and changes nothing when the log no longer holds exactly those rows
   * (a `compact` ran meanwhile): `state` would then be older than the snapshot.
   * `opening`: the opening paragraphs of `state` (storedOpening.ts).
   */
  foldLog(documentId: string, state: Uint8Array, uptoSeq: number, folded: number, opening?: OpeningParagraphs): boolean {
    return this.foldState(documentId, state, uptoSeq, folded, encodeStoredOpening(opening))
  }

  /** Used by the catalog to store a new document's first state (and its opening paragraphs) in its own transaction. */
  writeSnapshot(documentId: string, state: Uint8Array, opening?: OpeningParagraphs): void {
    this.upsertSnapshot.run(documentId, state, encodeStoredOpening(opening), new Date().toISOString())
  }

  /**
   * Appends one update with its principal and time, and (when it has an author)
   * one authorship row per Yjs client whose items it inserts: the clock range
   * that blame maps back to the author. An update that only deletes gets one row
   * without a client, so its author still counts in the version's authors.
   */
  private insert({ documentId, update, author, at = Date.now(), inserted }: StoredUpdate): void {
    this.insertUpdate.run(documentId, this.takeSeq(documentId), update, author?.id ?? null, author?.name ?? null, at)
    if (!author) return
    const ranges = inserted ?? clockRanges(update)
    if (ranges.length === 0) this.insertAuthorship.run(documentId, null, null, null, author.id, author.name, at)
    for (const range of ranges) this.insertAuthorship.run(documentId, range.client, range.start, range.end, author.id, author.name, at)
  }

  /** A gap left by a rolled-back transaction is harmless: only the order matters. */
  private takeSeq(documentId: string): number {
    const seq = this.nextSeq.get(documentId) ?? (this.maxSeq.get(documentId)?.seq ?? 0) + 1
    this.nextSeq.set(documentId, seq + 1)
    return seq
  }

  /** Runs `fn` inside one transaction of this database. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }
}
