import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import type { DocumentSummary } from '../../core/api'
import { planReindex, type ReindexPlan, type StoredSearchRow } from './planReindex'
import { readSearchEntries } from './readSearchEntries'
import type { PlanRequest, PlanReply } from './SearchPlanner'
import { lowerThreadPriority } from '../lowerThreadPriority'

/*
 * The search planner's worker thread (SearchPlanner.ts starts it): reads a
 * document's stored state (snapshot and update log) and its rows in the search
 * index in ONE read transaction of its own read-only connection (WAL readers never
 * block the writer), builds the Y.Doc, reads its search entries and answers with
 * the plan that brings the rows up to date. Loading and reading a 1 MB document
 * costs tens of milliseconds, which the sync server's event loop no longer pays.
 */

// Background work: the sync server's event loop comes first on a shared core.
lowerThreadPriority()
const db = new Database((workerData as { path: string }).path, { readonly: true })
db.pragma('busy_timeout = 5000')
const selectSnapshot = db.prepare<[string], { state: Buffer }>('SELECT state FROM snapshots WHERE document_id = ?')
const selectLog = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE document_id = ? ORDER BY seq')
const selectRows = db.prepare<[string], StoredSearchRow>(
  `SELECT id, kind, body, start, "end", annotation_id, comment_id, type, author, status, created
   FROM search_entries WHERE document_id = ?`,
)
const read = db.transaction((documentId: string) => ({
  snapshot: selectSnapshot.get(documentId),
  log: selectLog.all(documentId),
  rows: selectRows.all(documentId),
}))

function plan(documentId: string, summary: DocumentSummary): ReindexPlan | null {
  const { snapshot, log, rows } = read(documentId)
  if (!snapshot && log.length === 0) return null
  const doc = new Y.Doc()
  try {
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot.state)
      for (const row of log) Y.applyUpdate(doc, row.data)
    })
    return planReindex(rows, readSearchEntries(doc, summary))
  } finally {
    doc.destroy()
  }
}

parentPort!.on('message', (message: PlanRequest | 'stop') => {
  if (message === 'stop') {
    db.close()
    parentPort!.close()
    return
  }
  let reply: PlanReply
  try {
    reply = { job: message.job, plan: plan(message.documentId, message.summary) }
  } catch (error) {
    reply = { job: message.job, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
  const moved = reply.plan?.moved
  parentPort!.postMessage(reply, moved ? [moved.ids.buffer as ArrayBuffer, moved.starts.buffer as ArrayBuffer, moved.ends.buffer as ArrayBuffer] : [])
})
