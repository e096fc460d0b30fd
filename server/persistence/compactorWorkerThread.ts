import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { MAX_OPENING, openingParagraphs } from '../../doc/text/openingParagraphs'
import type { CompactReply, CompactRequest } from './startCompactor'
import { lowerThreadPriority } from '../lowerThreadPriority'

/*
 * The compactor's worker thread (startCompactor.ts starts it): reads a document's
 * snapshot and update log in ONE read transaction of its own read-only connection
 * (WAL readers never block the writer), loads them into a Y.Doc (so deleted content is
 * garbage-collected, as the old in-loop compaction did) and answers with the encoded
 * state, the last log row it folds, and the state's opening paragraphs (kept beside
 * the snapshot: a browser opening the book after a restart gets its first screen
 * without the server decoding the state; storedOpening.ts). Loading and encoding a
 * 1 MB document costs 100 ms or more, which the sync server's event loop no longer pays.
 */

// Background work: the sync server's event loop comes first on a shared core.
lowerThreadPriority()
const db = new Database((workerData as { path: string }).path, { readonly: true })
db.pragma('busy_timeout = 5000')
const selectSnapshot = db.prepare<[string], { state: Buffer }>('SELECT state FROM snapshots WHERE document_id = ?')
const selectLog = db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE document_id = ? ORDER BY seq')
const read = db.transaction((documentId: string) => ({ snapshot: selectSnapshot.get(documentId), rows: selectLog.all(documentId) }))

function fold(request: CompactRequest): CompactReply {
  const { snapshot, rows } = read(request.documentId)
  if (rows.length === 0) return { job: request.job, folded: 0 }
  const doc = new Y.Doc()
  try {
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot.state)
      for (const row of rows) Y.applyUpdate(doc, row.data)
    })
    const state = Y.encodeStateAsUpdate(doc)
    const opening = openingParagraphs(doc, { at: 0, ...MAX_OPENING })
    return { job: request.job, state, uptoSeq: rows[rows.length - 1].seq, folded: rows.length, opening }
  } finally {
    doc.destroy()
  }
}

parentPort!.on('message', (message: CompactRequest | 'stop') => {
  if (message === 'stop') {
    db.close()
    parentPort!.close()
    return
  }
  let reply: CompactReply
  try {
    reply = fold(message)
  } catch (error) {
    reply = { job: message.job, folded: 0, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
  parentPort!.postMessage(reply, reply.state ? [reply.state.buffer as ArrayBuffer] : [])
})
