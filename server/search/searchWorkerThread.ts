import { workerData } from 'node:worker_threads'
import { openReadOnly } from '../persistence/storedStateReads'
import { serveJobs } from '../workerJobs/serveJobs'
import { lowerThreadPriority } from '../workerJobs/lowerThreadPriority'
import { planReindex, type ReindexPlan, type StoredSearchRow } from './planReindex'
import { readSearchEntries } from './readSearchEntries'
import type { PlanTask } from './SearchPlanner'
import { SELECT_STORED_ROWS } from './searchIndexSchema'
import { StoredDocCache } from './StoredDocCache'

/*
 * The search planner's worker thread (SearchPlanner.ts starts it): reads a
 * document's stored state (snapshot and update log) and its rows in the search
 * index in ONE read transaction, brings its Y.Doc up to date (StoredDocCache: only
 * the log rows stored since the last plan are applied), reads its search entries and
 * answers with the plan that brings the rows up to date. Loading and reading a 1 MB
 * document costs tens of milliseconds, which the sync server's event loop no longer pays.
 */

// Background work: the sync server's event loop comes first on a shared core.
lowerThreadPriority()
const db = openReadOnly((workerData as { path: string }).path)
const docs = new StoredDocCache(db)
const selectRows = db.prepare<[string], StoredSearchRow>(SELECT_STORED_ROWS)
const read = db.transaction((documentId: string) => ({ doc: docs.current(documentId), rows: selectRows.all(documentId) }))

function plan({ documentId, summary }: PlanTask): ReindexPlan | null {
  // The doc stays as read until the next task: tasks run one at a time on this thread.
  const { doc, rows } = read(documentId)
  return doc ? planReindex(rows, readSearchEntries(doc, summary)) : null
}

serveJobs(plan, {
  transfer: (plan) => (plan?.moved ? [plan.moved.ids.buffer as ArrayBuffer, plan.moved.starts.buffer as ArrayBuffer, plan.moved.ends.buffer as ArrayBuffer] : []),
  close: () => {
    docs.clear()
    db.close()
  },
})
