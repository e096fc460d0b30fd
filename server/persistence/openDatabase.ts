import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './migrations'

/** File name of the workspace database inside the data directory. */
export const DATABASE_FILE = 'variorum.sqlite'

/**
 * Opens (creating if needed) `dataDir/variorum.sqlite` in WAL mode and migrates it.
 *
 * Durability: `synchronous = FULL` makes every committed transaction fsync the
 * WAL, so a commit survives a crash of the process AND of the machine. The sync
 * server commits each event-loop tick's updates in one transaction (group
 * commit), which keeps the fsync cost per tick, not per update.
 */
export function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, DATABASE_FILE))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}
