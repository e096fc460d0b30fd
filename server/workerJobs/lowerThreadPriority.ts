import { readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'

/**
 * Niceness of the server's background worker threads (compaction, search planning,
 * WAL checkpoints): Linux weighs a nice-10 thread at ~1/9 of a nice-0 one, so when it
 * shares a core with the sync server's event loop the loop preempts it as soon as a
 * frame arrives, instead of waiting for the end of the worker's time slice (several
 * ms). Their work is never what a client waits for: a fold or a re-index that takes
 * longer on a busy machine only leaves the log or the index behind a little longer.
 */
export const BACKGROUND_NICENESS = 10

/**
 * Lowers the priority of the calling thread only (call it first thing in a worker
 * thread). Linux keeps a niceness per thread and `setpriority` given a thread id sets
 * that thread's alone; /proc/thread-self names the caller's id. Elsewhere (no
 * /proc) or when refused, the thread keeps the process's priority: nothing depends on it.
 */
export function lowerThreadPriority(niceness = BACKGROUND_NICENESS): void {
  let threadId: number
  try {
    threadId = Number(readlinkSync('/proc/thread-self').split('/').pop())
  } catch {
    return
  }
  // The main thread's id is the process id: lowering it would lower the whole server's default.
  if (!Number.isInteger(threadId) || threadId === process.pid) return
  try {
    // Never raised: a server started nicer than this keeps its niceness (raising it needs privileges).
    setPriority(threadId, Math.max(getPriority(threadId), niceness))
  } catch {
    // Not allowed here (a sandbox): the thread runs at the process's priority.
  }
}
