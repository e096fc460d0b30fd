import { serveJobs } from '../../../server/workerJobs/serveJobs'

/* A job thread for JobWorker.test.ts: each task names what the thread does with it. */

export type FixtureTask =
  | { kind: 'double'; value: number }
  | { kind: 'bytes'; length: number }
  | { kind: 'throw'; message: string }
  | { kind: 'reject'; message: string }
  | { kind: 'exit'; code: number }
  | { kind: 'wait'; ms: number }

export type FixtureResult = number | Uint8Array

serveJobs<FixtureTask, FixtureResult>(
  (task) => {
    switch (task.kind) {
      case 'double':
        return task.value * 2
      case 'bytes':
        return new Uint8Array(task.length).fill(7)
      case 'throw':
        throw new Error(task.message)
      case 'reject':
        return Promise.reject(new Error(task.message))
      case 'exit':
        return process.exit(task.code)
      case 'wait':
        return new Promise((resolve) => setTimeout(() => resolve(task.ms), task.ms))
    }
  },
  { transfer: (result) => (result instanceof Uint8Array ? [result.buffer as ArrayBuffer] : []) },
)
