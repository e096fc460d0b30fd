import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { BACKGROUND_NICENESS } from '../workerJobs/lowerThreadPriority'

/** How often the WAL is folded into the database file: e.g. 1 s at 1000 commits/s ≈ 4 MB of WAL. */
const CHECKPOINT_INTERVAL_MS = 1000

// Plain CommonJS so the worker runs without the TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
// Background work at lowerThreadPriority's niceness (this source runs without the TypeScript loader).
try {
  const threadId = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())
  if (Number.isInteger(threadId) && threadId !== process.pid) require('node:os').setPriority(threadId, workerData.niceness)
} catch {}
const db = new Database(workerData.path)
db.pragma('busy_timeout = 5000')
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (error) { parentPort.postMessage(String(error)) }
}, workerData.intervalMs)
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close() })
`

export interface Checkpointer {
  stop(): Promise<void>
}

/**
 * Checkpoints the WAL from a worker thread, on its own connection. A checkpoint
 * copies pages into the database file and fsyncs it: done by SQLite's automatic
 * checkpoint it would stall the sync server's event loop for milliseconds every
 * thousand pages. In WAL mode writers go on appending while a PASSIVE checkpoint
 * runs, so the main thread never waits for it.
 */
export function startCheckpointer(path: string, log: (line: string) => void): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: CHECKPOINT_INTERVAL_MS, niceness: BACKGROUND_NICENESS },
  })
  worker.unref()
  worker.on('message', (message: string) => log(`checkpoint: ${message}`))
  worker.on('error', (error) => log(`checkpoint worker failed: ${error.message}`))
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    async stop() {
      // Referenced again, or a process with nothing else to do would exit before the worker has closed.
      worker.ref()
      worker.postMessage('stop')
      await exited
    },
  }
}
