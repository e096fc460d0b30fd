import { closeSync, existsSync, fdatasync, fsyncSync, openSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * The fsync of durability `fsync`, off the event loop: `fdatasync` of the
 * database's WAL file in libuv's thread pool, while the loop goes on reading
 * frames and applying updates (issue #20: the fsync on the loop put ~15× the
 * reference's p99 on every peer whenever the disk was busy).
 *
 * Why this is the same guarantee as `synchronous = FULL`: in WAL mode a commit is
 * its frames appended to the WAL file with `pwrite` (no buffering in SQLite), and
 * FULL only adds an fdatasync of that file at each commit. A commit written with
 * `synchronous = NORMAL` and followed by this fdatasync is on disk once it
 * resolves, and so is every commit written before it (one file, appended in
 * order; a checkpoint fsyncs the database file itself before the WAL is reused).
 * Callers treat the commit as stored only then (SqliteDocumentStore.storeMany).
 */
export interface WalSync {
  /** Resolves once everything written to the WAL before this call is on disk; rejects with the I/O error. */
  sync(): Promise<void>
  close(): void
}

/**
 * Opens the WAL file of the SQLite database at `databasePath` (which must be open in
 * WAL mode on a connection that stays open: SQLite deletes the file when the last
 * one closes) and fsyncs its folder once, as SQLite does for a new WAL, so the file's
 * name is durable too. Null when there is no WAL file (the caller keeps the fsync in
 * the commit).
 */
export function openWalSync(databasePath: string): WalSync | null {
  const walPath = `${databasePath}-wal`
  if (!existsSync(walPath)) return null
  const fd = openSync(walPath, 'r+')
  const folder = openSync(dirname(walPath), 'r')
  try {
    fsyncSync(folder)
  } finally {
    closeSync(folder)
  }
  let closed = false
  // The descriptor is closed only once no fdatasync is using it (a number reused meanwhile would be synced instead).
  let inFlight = 0
  const release = () => {
    if (closed && inFlight === 0) closeSync(fd)
  }
  return {
    sync: () =>
      new Promise<void>((resolve, reject) => {
        if (closed) return reject(new Error('the WAL file is closed'))
        inFlight++
        fdatasync(fd, (error) => {
          inFlight--
          release()
          if (error) reject(error)
          else resolve()
        })
      }),
    close() {
      if (closed) return
      closed = true
      release()
    },
  }
}
