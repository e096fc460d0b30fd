import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { SqlitePersistence } from './SqlitePersistence'

// Plain CommonJS so the worker runs without the TypeScript loader (as startCheckpointer's).
// It reads the snapshot and the log in one read transaction of its own connection, loads
// them into a Y.Doc (so deleted content is garbage-collected, as the old in-loop
// compaction did) and sends back the encoded state with the last log row it folds.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const Y = require(workerData.yjs)
const db = new Database(workerData.path, { readonly: true })
db.pragma('busy_timeout = 5000')
const selectSnapshot = db.prepare('SELECT state FROM snapshots WHERE document_id = ?')
const selectLog = db.prepare('SELECT seq, data FROM updates WHERE document_id = ? ORDER BY seq')
const read = db.transaction((documentId) => ({ snapshot: selectSnapshot.get(documentId), rows: selectLog.all(documentId) }))
parentPort.on('message', (message) => {
  if (message === 'stop') { db.close(); parentPort.close(); return }
  const { job, documentId } = message
  try {
    const { snapshot, rows } = read(documentId)
    if (rows.length === 0) { parentPort.postMessage({ job, folded: 0 }); return }
    const doc = new Y.Doc()
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot.state)
      for (const row of rows) Y.applyUpdate(doc, row.data)
    })
    const state = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    parentPort.postMessage({ job, state, uptoSeq: rows[rows.length - 1].seq, folded: rows.length }, [state.buffer])
  } catch (error) {
    parentPort.postMessage({ job, error: String(error && error.stack || error) })
  }
})
`

interface WorkerReply {
  job: number
  state?: Uint8Array
  uptoSeq?: number
  folded: number
  error?: string
}

export interface Compactor {
  /**
   * Folds the document's update log into its snapshot: the state is computed in the
   * worker thread, then written here in one short transaction. Resolves with the number
   * of log rows folded (0 when there was nothing to fold, or the log was compacted by
   * someone else meanwhile and this result is stale).
   */
  compact(documentId: string): Promise<number>
  /** Compactions finished and written so far (for tests and the bench). */
  readonly folds: number
  stop(): Promise<void>
}

/**
 * Compaction off the event loop. Encoding a 1 MB document's state takes 20–40 ms
 * (loading it ~60 ms); done between two broadcasts it held every peer's update
 * that long. The worker reads through its own read-only connection (WAL readers
 * never block the writer), and only the write of the finished snapshot, which
 * deletes exactly the rows it folded, runs on the main thread (`foldLog`).
 */
export function startCompactor(path: string, persistence: SqlitePersistence, log: (line: string) => void): Compactor {
  const require = createRequire(import.meta.url)
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver: require.resolve('better-sqlite3'), yjs: require.resolve('yjs') },
  })
  worker.unref()
  const waiting = new Map<number, { documentId: string; resolve: (folded: number) => void }>()
  let nextJob = 1
  let folds = 0
  let stopped = false
  worker.on('message', (reply: WorkerReply) => {
    const entry = waiting.get(reply.job)
    if (!entry) return
    waiting.delete(reply.job)
    if (waiting.size === 0) worker.unref()
    if (reply.error) {
      log(`compaction of ${entry.documentId} failed: ${reply.error}`)
      entry.resolve(0)
      return
    }
    if (!reply.state || reply.uptoSeq === undefined || stopped) {
      entry.resolve(0)
      return
    }
    try {
      const written = persistence.foldLog(entry.documentId, reply.state, reply.uptoSeq, reply.folded)
      if (written) folds++
      entry.resolve(written ? reply.folded : 0)
    } catch (error) {
      log(`compaction of ${entry.documentId} could not be written: ${String(error)}`)
      entry.resolve(0)
    }
  })
  worker.on('error', (error) => {
    log(`compaction worker failed: ${error.message}`)
    for (const entry of waiting.values()) entry.resolve(0)
    waiting.clear()
    stopped = true
  })
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    compact(documentId) {
      if (stopped) return Promise.resolve(0)
      return new Promise((resolve) => {
        const job = nextJob++
        waiting.set(job, { documentId, resolve })
        // Referenced while a job runs, so a result is not lost to a process exiting.
        worker.ref()
        worker.postMessage({ job, documentId })
      })
    },
    get folds() {
      return folds
    },
    async stop() {
      if (!stopped) {
        stopped = true
        worker.ref()
        worker.postMessage('stop')
      }
      for (const entry of waiting.values()) entry.resolve(0)
      waiting.clear()
      await exited
    },
  }
}
