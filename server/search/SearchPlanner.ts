import type { Worker } from 'node:worker_threads'
import type { DocumentSummary } from '../../core/api'
import { startWorkerThread } from '../startWorkerThread'
import type { ReindexPlan } from './planReindex'

/** One document to plan a re-index of, sent to the worker thread. */
export interface PlanRequest {
  job: number
  documentId: string
  summary: DocumentSummary
}

/** The worker's answer: the plan (null when nothing is stored for the document), or why it failed. */
export type PlanReply = { job: number; plan: ReindexPlan | null; error?: undefined } | { job: number; error: string; plan?: undefined }

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
  let worker: Worker | null = null
  let exited: Promise<void> = Promise.resolve()
  let stopped = false
  let nextJob = 1
  const waiting = new Map<number, { resolve: (plan: ReindexPlan | null) => void; reject: (error: Error) => void }>()

  const failAll = (error: Error) => {
    for (const entry of waiting.values()) entry.reject(error)
    waiting.clear()
  }
  const start = (): Worker => {
    const started = startWorkerThread('server/search/searchWorkerThread.ts', 'searchWorkerThread', { path })
    started.unref()
    started.on('message', (reply: PlanReply) => {
      const entry = waiting.get(reply.job)
      if (!entry) return
      waiting.delete(reply.job)
      if (waiting.size === 0) started.unref()
      if (reply.error !== undefined) entry.reject(new Error(reply.error))
      else entry.resolve(reply.plan)
    })
    const lost = (error: Error) => {
      if (worker === started) worker = null
      failAll(error)
    }
    started.on('error', lost)
    exited = new Promise((resolve) => started.once('exit', (code) => {
      lost(new Error(`the search worker exited (${code})`))
      resolve()
    }))
    return started
  }

  return {
    plan(documentId, summary) {
      if (stopped) return Promise.reject(new Error('the search planner is stopped'))
      worker ??= start()
      const running = worker
      return new Promise((resolve, reject) => {
        const job = nextJob++
        waiting.set(job, { resolve, reject })
        // Referenced while a job runs, so a plan is not lost to a process exiting.
        running.ref()
        const request: PlanRequest = { job, documentId, summary }
        running.postMessage(request)
      })
    },
    async stop() {
      stopped = true
      const running = worker
      worker = null
      if (!running) return
      running.ref()
      running.postMessage('stop')
      await exited
    },
  }
}
