import Database from 'better-sqlite3'
import * as Y from 'yjs'

/*
 * What the SQLite worker threads (compaction, search planning) read of a document:
 * its snapshot and its update log, through a read-only connection of their own (WAL
 * readers never block the writer, SqlitePersistence on the server's thread).
 */

export interface StoredState {
  snapshot: { state: Buffer } | undefined
  log: Array<{ seq: number; data: Buffer }>
}

/** A read-only connection to the workspace file for a worker thread. */
export function openReadOnly(path: string): Database.Database {
  const db = new Database(path, { readonly: true })
  db.pragma('busy_timeout = 5000')
  return db
}

/**
 * The read of a document's stored state. Run it inside the caller's read transaction
 * (`db.transaction`) so the snapshot and the log, and whatever else the caller reads
 * with them, are of one point in time.
 */
export function prepareStoredStateRead(db: Database.Database): (documentId: string) => StoredState {
  const selectSnapshot = db.prepare<[string], { state: Buffer }>('SELECT state FROM snapshots WHERE document_id = ?')
  const selectLog = db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE document_id = ? ORDER BY seq')
  return (documentId) => ({ snapshot: selectSnapshot.get(documentId), log: selectLog.all(documentId) })
}

/**
 * The stored state loaded into a Y.Doc (so deleted content is garbage-collected);
 * `use` reads what it needs from it, and the doc is destroyed afterwards.
 */
export function withStoredDoc<T>(stored: StoredState, use: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc()
  try {
    doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state)
      for (const row of stored.log) Y.applyUpdate(doc, row.data)
    })
    return use(doc)
  } finally {
    doc.destroy()
  }
}
