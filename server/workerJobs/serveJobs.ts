import { parentPort } from 'node:worker_threads'
import { STOP_JOBS, type JobReply, type JobRequest } from './jobMessages'

export interface ServeJobsOptions<Result> {
  /** What the answer hands over rather than copies (large byte arrays). */
  transfer?: (result: Result) => ArrayBuffer[]
  /** Closes what the thread holds open (a database connection), so it can end. */
  close?: () => void
}

/**
 * The thread's side of a job worker (JobWorker.ts is the server's): answers each job
 * with its result or the error it threw, and on 'stop' closes its resources and ends
 * the thread. Jobs run in the order they arrive; an async job's answer goes when it settles.
 */
export function serveJobs<Task, Result>(run: (task: Task) => Result | Promise<Result>, options: ServeJobsOptions<Result> = {}): void {
  const port = parentPort
  if (!port) throw new Error('serveJobs runs in a worker thread')
  port.on('message', (message: JobRequest<Task> | typeof STOP_JOBS) => {
    if (message === STOP_JOBS) {
      options.close?.()
      // Ends this thread only, also when an async job still waits on something.
      process.exit(0)
    }
    const { job } = message
    const fail = (error: unknown) => {
      const reply: JobReply<Result> = error instanceof Error
        ? { job, ok: false, message: error.message, stack: error.stack }
        : { job, ok: false, message: String(error) }
      port.postMessage(reply)
    }
    try {
      Promise.resolve(run(message.task)).then((result) => {
        const reply: JobReply<Result> = { job, ok: true, result }
        port.postMessage(reply, options.transfer?.(result) ?? [])
      }, fail)
    } catch (error) {
      fail(error)
    }
  })
}
