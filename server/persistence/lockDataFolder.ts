import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'

/** The lock database a running server holds in its data folder, and the note saying who holds it. */
export const LOCK_FILE = 'server.lock'
export const LOCK_HOLDER_FILE = 'server.lock.json'

/** Who holds a data folder: written beside the lock by the server that took it. */
export interface LockHolder {
  pid: number
  host: string
  /** ISO time the server took the lock. */
  since: string
}

/** A second server on a data folder another server is using: the message names the holder. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    /** Null when the holder's note could not be read (it is being written, or was removed by hand). */
    readonly holder: LockHolder | null,
  ) {
    const who = holder ? `server process ${holder.pid} on ${holder.host} (since ${holder.since})` : 'another server process'
    super(
      `${dataDir} is in use by ${who}: only one server may run on a data folder. ` +
        'Stop it first, or give this one another folder (VARIORUM_DATA_DIR or --data). ' +
        'Commands such as variorum search, history and export work beside the running server.',
    )
    this.name = 'DataFolderInUseError'
  }
}

export interface DataFolderLock {
  /** Releases the lock; calling it again does nothing. */
  release(): void
}

/**
 * Takes the data folder for this server process, for the process's life, or
 * throws DataFolderInUseError when another server holds it.
 *
 * Why SQLite's own exclusive lock on a separate `server.lock` database rather
 * than a PID file or proper-lockfile: the lock is a POSIX advisory lock the
 * kernel drops the instant the holding process ends, kill -9 included, so a
 * stale lock cannot exist and no liveness check or heartbeat is needed (a PID
 * file needs a liveness check that cannot see across hosts and is fooled by
 * PID reuse; proper-lockfile's mkdir lock only turns stale after its mtime
 * timeout, seconds during which a restart is refused). SQLite also arbitrates
 * between connections of one process, so a second workspace in the same process
 * (tests) is refused too. Limit: like SQLite itself, it relies on the file
 * system's locks, which network file systems may not honour.
 *
 * The lock lives in its own file so that administrative commands, which open
 * variorum.sqlite only, keep working beside a running server. The holder's PID,
 * host and start time are written to `server.lock.json`, only for the message.
 */
export function lockDataFolder(dataDir: string, now: () => Date = () => new Date()): DataFolderLock {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, LOCK_FILE))
  try {
    // No waiting: a held lock means a running server, which will not let go soon.
    db.pragma('busy_timeout = 0')
    // EXCLUSIVE locking mode keeps the exclusive lock a write takes until the connection closes.
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL)')
    db.exec('BEGIN EXCLUSIVE; DELETE FROM holder; COMMIT')
  } catch (error) {
    db.close()
    if (isBusy(error)) throw new DataFolderInUseError(dataDir, readHolder(dataDir))
    throw error
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: now().toISOString() }
  db.prepare('INSERT INTO holder (pid, host, since) VALUES (?, ?, ?)').run(holder.pid, holder.host, holder.since)
  // The lock holds other processes out of the database, so the note goes beside it.
  writeFileSync(join(dataDir, LOCK_HOLDER_FILE), `${JSON.stringify(holder)}\n`)
  let released = false
  return {
    release() {
      if (released) return
      released = true
      rmSync(join(dataDir, LOCK_HOLDER_FILE), { force: true })
      db.close()
    },
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
}

function readHolder(dataDir: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, LOCK_HOLDER_FILE), 'utf8')) as Partial<LockHolder>
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.since === 'string') {
      return { pid: parsed.pid, host: parsed.host, since: parsed.since }
    }
    return null
  } catch {
    return null
  }
}
