import type { OpeningParagraphs } from '../../doc'
import { JobWorker } from '../workerJobs/JobWorker'
import type { SqlitePersistence } from './SqlitePersistence'

/** One document to fold, sent to the worker thread (compactorWorkerThread.ts). */
export interface CompactTask {
  documentId: string
}

/** The worker's answer: the folded state with the last log row it holds and its opening paragraphs; only `folded: 0` when the log was empty. */
export interface CompactResult {
  state?: Uint8Array
  uptoSeq?: number
  folded: number
  opening?: OpeningParagraphs
}

export interface Compactor {
  /**
   * Folds the document's update log into its snapshot: the state (and its opening
   * paragraphs, kept beside it) is computed in the worker thread, then written here in
   * one short transaction. Resolves with the number of log rows folded (0 when there
   * was nothing to fold, the fold failed, or the log was compacted by someone else
   * meanwhile and this result is stale).
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
  const jobs = new JobWorker<CompactTask, CompactResult>({
    source: 'server/persistence/compactorWorkerThread.ts',
    builtName: 'compactorWorkerThread',
    workerData: { path },
    name: 'compaction',
  })
  let folds = 0
  let stopped = false

  const write = (documentId: string, result: CompactResult): number => {
    if (!result.state || result.uptoSeq === undefined || stopped) return 0
    try {
      // Not fsynced with durability `fsync` (a 1 MB snapshot's fsync on the loop): a fold a machine
      // crash loses leaves the log rows it folded, which were, so nothing stored is lost.
      const { state, uptoSeq, folded, opening } = result
      if (!persistence.unsynced(() => persistence.foldLog(documentId, state, uptoSeq, folded, opening))) return 0
      folds++
      return result.folded
    } catch (error) {
      log(`compaction of ${documentId} could not be written: ${String(error)}`)
      return 0
    }
  }
  return {
    async compact(documentId) {
      if (stopped) return 0
      let result: CompactResult
      try {
        result = await jobs.run({ documentId })
      } catch (error) {
        if (!stopped) log(`compaction of ${documentId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
        return 0
      }
      return write(documentId, result)
    },
    get folds() {
      return folds
    },
    async stop() {
      stopped = true
      await jobs.stop()
    },
  }
}
