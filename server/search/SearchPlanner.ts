import type { DocumentSummary } from '../../core/api'
import { JobWorker } from '../workerJobs/JobWorker'
import type { ReindexPlan } from './planReindex'

/** One document to plan a re-index of, sent to the worker thread (searchWorkerThread.ts). */
export interface PlanTask {
  documentId: string
  summary: DocumentSummary
}

/**
 * Plans search re-indexes in a worker thread (searchWorkerThread.ts), SQLite only:
 * the worker reads the document's stored state and its index rows through its own
 * read-only connection to the workspace file. Loading a 1 MB document, reading its
 * entries and comparing them with its rows took 50–100 ms of the event loop every
 * few seconds while it was being typed in, which is what every sync message
 * arriving meanwhile waited (issue #20).
 */
export interface SearchPlanner {
  /** The plan that brings the document's rows up to its stored state; null when nothing is stored. Rejects when the worker fails. */
  plan(documentId: string, summary: DocumentSummary): Promise<ReindexPlan | null>
  stop(): Promise<void>
}

/** A planner on the SQLite file at `path`; its worker starts with the first plan and restarts after a failure. */
export function startSearchPlanner(path: string): SearchPlanner {
  const jobs = new JobWorker<PlanTask, ReindexPlan | null>({
    source: 'server/search/searchWorkerThread.ts',
    builtName: 'searchWorkerThread',
    workerData: { path },
    name: 'search',
  })
  return {
    plan: (documentId, summary) => jobs.run({ documentId, summary }),
    stop: () => jobs.stop(),
  }
}
