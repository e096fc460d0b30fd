import type { Worker } from 'node:worker_threads'
import type { OpeningParagraphs } from '../../doc'
import { startWorkerThread } from '../startWorkerThread'
import type { SqlitePersistence } from './SqlitePersistence'

/** One document to fold, sent to the worker thread (compactorWorkerThread.ts). */
export interface CompactRequest {
  job: number
  documentId: string
}

/**
 * The worker's answer: the folded state with the last log row it holds and its opening
 * paragraphs; only `folded: 0` when the log was empty; `error` when the fold failed.
 */
export interface CompactReply {
  job: number
  state?: Uint8Array
  uptoSeq?: number
  folded: number
  opening?: OpeningParagraphs
  error?: string
}

export interface Compactor {
  /**
   * Folds the document's update log into its snapshot: the state (and its opening
   * paragraphs, kept beside it) is computed in the worker thread, then written here in
   * one short transaction. Resolves with the number of log rows folded (0 when there
   * was nothing to fold, or the log was compacted by someone else meanwhile and this
   * result is stale).
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
 * deletes exactly the rows it folded, runs on the main thread (`foldLog`). The
 * worker starts with the first fold, and again after a failure.
 */
export function startCompactor(path: string, persistence: SqlitePersistence, log: (line: string) => void): Compactor {
  let worker: Worker | null = null
  let exited: Promise<void> = Promise.resolve()
  const waiting = new Map<number, { documentId: string; resolve: (folded: number) => void }>()
  let nextJob = 1
  let folds = 0
  let stopped = false

  const written = (entry: { documentId: string }, reply: CompactReply): number => {
    if (reply.error) {
      log(`compaction of ${entry.documentId} failed: ${reply.error}`)
      return 0
    }
    if (!reply.state || reply.uptoSeq === undefined || stopped) return 0
    try {
      if (!persistence.foldLog(entry.documentId, reply.state, reply.uptoSeq, reply.folded, reply.opening)) return 0
      folds++
      return reply.folded
    } catch (error) {
      log(`compaction of ${entry.documentId} could not be written: ${String(error)}`)
      return 0
    }
  }
  const start = (): Worker => {
    const started = startWorkerThread('server/persistence/compactorWorkerThread.ts', 'compactorWorkerThread', { path })
    started.unref()
    started.on('message', (reply: CompactReply) => {
      const entry = waiting.get(reply.job)
      if (!entry) return
      waiting.delete(reply.job)
      if (waiting.size === 0) started.unref()
      entry.resolve(written(entry, reply))
    })
    const lost = (reason: string) => {
      if (worker === started) worker = null
      if (waiting.size > 0) log(`compaction worker failed: ${reason}`)
      for (const entry of waiting.values()) entry.resolve(0)
      waiting.clear()
    }
    started.on('error', (error) => lost(error.message))
    exited = new Promise((resolve) => started.once('exit', (code) => {
      lost(`exited (${code})`)
      resolve()
    }))
    return started
  }
  return {
    compact(documentId) {
      if (stopped) return Promise.resolve(0)
      worker ??= start()
      const running = worker
      return new Promise((resolve) => {
        const job = nextJob++
        waiting.set(job, { documentId, resolve })
        // Referenced while a job runs, so a result is not lost to a process exiting.
        running.ref()
        const request: CompactRequest = { job, documentId }
        running.postMessage(request)
      })
    },
    get folds() {
      return folds
    },
    async stop() {
      stopped = true
      if (worker) {
        worker.ref()
        worker.postMessage('stop')
      }
      for (const entry of waiting.values()) entry.resolve(0)
      waiting.clear()
      await exited
    },
  }
}
