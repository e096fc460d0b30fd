import { workerData } from 'node:worker_threads'
import * as Y from 'yjs'
import { MAX_OPENING, openingParagraphs } from '../../doc/text/openingParagraphs'
import { serveJobs } from '../workerJobs/serveJobs'
import { lowerThreadPriority } from '../workerJobs/lowerThreadPriority'
import type { CompactResult, CompactTask } from './startCompactor'
import { openReadOnly, prepareStoredStateRead, withStoredDoc } from './storedStateReads'

/*
 * The compactor's worker thread (startCompactor.ts starts it): reads a document's
 * snapshot and update log in ONE read transaction, loads them into a Y.Doc (so
 * deleted content is garbage-collected, as the old in-loop compaction did) and answers
 * with the encoded state, the last log row it folds, and the state's opening
 * paragraphs (kept beside the snapshot: a browser opening the book after a restart
 * gets its first screen without the server decoding the state; storedOpening.ts).
 * Loading and encoding a 1 MB document costs 100 ms or more, which the sync server's
 * event loop no longer pays.
 */

// Background work: the sync server's event loop comes first on a shared core.
lowerThreadPriority()
const db = openReadOnly((workerData as { path: string }).path)
const read = db.transaction(prepareStoredStateRead(db))

function fold({ documentId }: CompactTask): CompactResult {
  const stored = read(documentId)
  if (stored.log.length === 0) return { folded: 0 }
  return withStoredDoc(stored, (doc) => ({
    state: Y.encodeStateAsUpdate(doc),
    uptoSeq: stored.log[stored.log.length - 1].seq,
    folded: stored.log.length,
    opening: openingParagraphs(doc, { at: 0, ...MAX_OPENING }),
  }))
}

serveJobs(fold, {
  transfer: (result) => (result.state ? [result.state.buffer as ArrayBuffer] : []),
  close: () => db.close(),
})
