import type { Worker } from 'node:worker_threads'
import { STOP_JOBS, type JobReply, type JobRequest } from './jobMessages'
import { startWorkerThread } from './startWorkerThread'

/** Where a job worker's thread comes from (startWorkerThread's arguments) and what it is called in errors. */
export interface JobWorkerEntry {
  /** The thread's TypeScript source, relative to the project root. */
  source: string
  /** Its name in the build (bin/buildServer.mjs lists it). */
  builtName: string
  workerData?: unknown
  /** For errors: "the <name> worker exited (1)". */
  name: string
}

/**
 * Work for one worker thread, one job at a time in the order given (the thread's side
 * is serveJobs.ts). Shared by the server's off-loop work: compaction, search
 * planning, imports. The thread starts with the first job, and again after it failed
 * or exited (the jobs it held fail with why). It keeps the process alive only while a
 * job runs, so a result is not lost to the process exiting and an idle worker does not
 * hold a finished process open.
 */
export class JobWorker<Task, Result> {
  private worker: Worker | null = null
  private exited: Promise<void> = Promise.resolve()
  private stopped = false
  private nextJob = 1
  private readonly waiting = new Map<number, { resolve: (result: Result) => void; reject: (error: Error) => void }>()

  constructor(private readonly entry: JobWorkerEntry) {}

  /** Runs `task` in the thread; rejects with the thread's error, or when the thread is lost or stopped. */
  run(task: Task, transfer: readonly ArrayBuffer[] = []): Promise<Result> {
    if (this.stopped) return Promise.reject(new Error(`the ${this.entry.name} worker is stopped`))
    const worker = (this.worker ??= this.start())
    return new Promise((resolve, reject) => {
      const job = this.nextJob++
      this.waiting.set(job, { resolve, reject })
      worker.ref()
      const request: JobRequest<Task> = { job, task }
      worker.postMessage(request, [...transfer])
    })
  }

  /** Asks the thread to close what it holds and end; jobs still waiting fail. */
  async stop(): Promise<void> {
    this.stopped = true
    const worker = this.worker
    this.worker = null
    this.failAll(new Error(`the ${this.entry.name} worker was stopped`))
    if (!worker) return
    // Referenced again, or a process with nothing else to do would exit before the thread has closed.
    worker.ref()
    worker.postMessage(STOP_JOBS)
    await this.exited
  }

  private start(): Worker {
    const { source, builtName, workerData, name } = this.entry
    const worker = startWorkerThread(source, builtName, workerData)
    worker.unref()
    worker.on('message', (reply: JobReply<Result>) => {
      const waiting = this.waiting.get(reply.job)
      if (!waiting) return
      this.waiting.delete(reply.job)
      if (this.waiting.size === 0) worker.unref()
      if (reply.ok) waiting.resolve(reply.result)
      else waiting.reject(threadError(reply.message, reply.stack))
    })
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = null
      this.failAll(error)
    }
    worker.on('error', (error) => lost(new Error(`the ${name} worker failed: ${error.message}`)))
    this.exited = new Promise((resolve) => worker.once('exit', (code) => {
      lost(new Error(`the ${name} worker exited (${code})`))
      resolve()
    }))
    return worker
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error)
    this.waiting.clear()
  }
}

/** The thread's error as an Error of this thread, its stack kept for the log. */
function threadError(message: string, stack: string | undefined): Error {
  const error = new Error(message)
  if (stack) error.stack = stack
  return error
}
