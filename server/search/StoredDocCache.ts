import type Database from 'better-sqlite3'
import * as Y from 'yjs'

/** What a cached Y.Doc was built from: the snapshot bytes and the last log row applied. */
interface CachedDoc {
  doc: Y.Doc
  snapshot: Buffer | undefined
  /** The last log row applied (undefined when the log was empty): its seq and its bytes. */
  last: { seq: number; data: Buffer } | undefined
}

/**
 * The search planner's Y.Docs of the last few documents it planned, each brought up
 * to date by applying only the log rows stored after the last one it applied.
 * Decoding a 1 MB document (snapshot and log) at every re-index, every 5 s of
 * typing, cost the planner's thread most of its time (issue #20).
 *
 * A cached doc is used only while it provably holds everything stored before its
 * last row: the snapshot is the one it was built from, or (after a fold) the log
 * still holds that last row with the same bytes, so whatever was folded had been
 * applied. Sequence numbers restart at 1 when a fold emptied the log and the
 * server restarted, hence the bytes, not the seq alone. Otherwise the document is
 * loaded anew. Yjs updates are idempotent, so applying a row twice would be harmless;
 * missing one would not be.
 */
export class StoredDocCache {
  private readonly docs = new Map<string, CachedDoc>()
  private readonly selectSnapshot: Database.Statement<[string], { state: Buffer }>
  private readonly selectLogFrom: Database.Statement<[string, number], { seq: number; data: Buffer }>
  /** Loads from scratch, counted for tests. */
  loads = 0

  constructor(db: Database.Database, private readonly capacity = 4) {
    this.selectSnapshot = db.prepare('SELECT state FROM snapshots WHERE document_id = ?')
    this.selectLogFrom = db.prepare('SELECT seq, data FROM updates WHERE document_id = ? AND seq >= ? ORDER BY seq')
  }

  /**
   * The document's Y.Doc as stored now, null when nothing is stored. Call it inside
   * the caller's read transaction, so it sees one point in time. The doc stays the
   * cache's: read it, never keep it.
   */
  current(documentId: string): Y.Doc | null {
    const snapshot = this.selectSnapshot.get(documentId)?.state
    const cached = this.docs.get(documentId)
    if (cached) {
      this.docs.delete(documentId)
      const log = this.selectLogFrom.all(documentId, cached.last?.seq ?? 0)
      if (this.stillHolds(cached, snapshot, log)) {
        const fresh = cached.last ? log.slice(1) : log
        if (fresh.length > 0) {
          cached.doc.transact(() => {
            for (const row of fresh) Y.applyUpdate(cached.doc, row.data)
          })
          cached.last = fresh[fresh.length - 1]
        }
        cached.snapshot = snapshot
        this.docs.set(documentId, cached)
        return cached.doc
      }
      cached.doc.destroy()
    }
    const log = this.selectLogFrom.all(documentId, 0)
    if (!snapshot && log.length === 0) return null
    this.loads++
    const doc = new Y.Doc()
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot)
      for (const row of log) Y.applyUpdate(doc, row.data)
    })
    this.docs.set(documentId, { doc, snapshot, last: log[log.length - 1] })
    this.evict()
    return doc
  }

  /** Drops every cached doc. */
  clear(): void {
    for (const { doc } of this.docs.values()) doc.destroy()
    this.docs.clear()
  }

  /** True when `cached` plus the rows of `log` after its last row is the stored state (see the class). */
  private stillHolds(cached: CachedDoc, snapshot: Buffer | undefined, log: { seq: number; data: Buffer }[]): boolean {
    if (!cached.last) return sameBytes(cached.snapshot, snapshot)
    const first = log[0]
    if (!first || first.seq !== cached.last.seq || !first.data.equals(cached.last.data)) return false
    if (sameBytes(cached.snapshot, snapshot)) return true
    // A new snapshot: a fold of rows up to one before our last row. Belt and braces,
    // it must hold no update the doc lacks (cheap beside loading: no structs are built).
    if (!snapshot) return false
    const doc = Y.decodeStateVector(Y.encodeStateVector(cached.doc))
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(snapshot))) {
      if ((doc.get(client) ?? 0) < clock) return false
    }
    return true
  }

  /** Least recently used first: Map keeps insertion order, and a use re-inserts. */
  private evict(): void {
    while (this.docs.size > this.capacity) {
      const [oldest, { doc }] = this.docs.entries().next().value as [string, CachedDoc]
      doc.destroy()
      this.docs.delete(oldest)
    }
  }
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b)
}
