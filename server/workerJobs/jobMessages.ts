/*
 * What a job worker thread and the server say to each other (JobWorker.ts on the
 * server's side, serveJobs.ts in the thread): a job with its number, the answer with
 * the same number, and 'stop' to close the thread's own resources and end it.
 */

export interface JobRequest<Task> {
  job: number
  task: Task
}

export type JobReply<Result> =
  | { job: number; ok: true; result: Result }
  /** `stack` is the thread's own, for the log; `message` is what a caller may show. */
  | { job: number; ok: false; message: string; stack?: string }

export const STOP_JOBS = 'stop'
