import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { DocumentSummary } from '../../core/api'
import type { DocumentStore } from './DocumentStore'
import { lockDataFolder } from './lockDataFolder'
import { migrate } from './migrations'
import { DATABASE_FILE, openDatabase, type Durability } from './openDatabase'
import { PostgresDocumentStore } from './postgres/PostgresDocumentStore'
import { SqlDatabase, SqliteSql } from './SqlDatabase'
import { SqliteDocumentStore } from './SqliteDocumentStore'
import { startCheckpointer } from './startCheckpointer'
import { startCompactor } from './startCompactor'
import { openWalSync } from './walSync'
import { startSearchPlanner, type SearchPlanner } from '../search/SearchPlanner'

/** Everything a workspace keeps, on one engine. */
export interface Storage {
  /** Documents and their Yjs state. */
  store: DocumentStore
  /** The same database for the stores written over SqlDatabase (history, access). */
  sql: SqlDatabase
  /**
   * The SQLite database the search index lives in: the workspace's own file, or
   * (PostgreSQL) one in memory, rebuilt from the documents on start; `mirror`
   * copies a catalogue entry into it (the index lists documents from there).
   */
  search: {
    db: Database.Database
    mirror(document: DocumentSummary): void
    /** SQLite: plans re-indexes in a worker thread (search/SearchPlanner); absent on PostgreSQL, whose index is in memory. */
    planner?: SearchPlanner['plan']
  }
  /**
   * Folds a document's update log, resolving with the rows folded. SQLite: in a
   * worker thread (startCompactor). PostgreSQL: PostgresDocumentStore.foldLog, on a
   * pooled connection of its own beside the commits (it deletes only the rows it
   * folded, under a lock per document shared by the instances).
   */
  compact?: (documentId: string) => Promise<number>
  /** Log folds finished so far (SQLite: in the worker thread; PostgreSQL: foldLog). */
  compactions(): number
  close(): Promise<void>
}

export interface StorageOptions {
  /** postgres://… selects PostgreSQL; absent, the SQLite file in `dataDir`. */
  databaseUrl?: string
  dataDir: string
  durability?: Durability
  log: (line: string) => void
}

/**
 * Opens the workspace's storage. SQLite: `dataDir/variorum.sqlite`, locked for
 * this process (a second server on the folder is refused: lockDataFolder.ts).
 * PostgreSQL: a pool on `databaseUrl`, migrated; no lock, since several instances
 * share it (issue #16); rejects when the server cannot be reached.
 */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.log)
  const lock = lockDataFolder(options.dataDir)
  let db: Database.Database
  try {
    db = openDatabase(options.dataDir, options.durability)
  } catch (error) {
    lock.release()
    throw error
  }
  const checkpointer = startCheckpointer(join(options.dataDir, DATABASE_FILE), options.log)
  // Durability `fsync`: the update commits' fsync in the thread pool, not on the loop (walSync.ts).
  const walSync = options.durability === 'fsync' ? openWalSync(join(options.dataDir, DATABASE_FILE)) : null
  const store = new SqliteDocumentStore(db, walSync)
  const compactor = startCompactor(join(options.dataDir, DATABASE_FILE), store.persistence, options.log)
  const searchPlanner = startSearchPlanner(join(options.dataDir, DATABASE_FILE))
  return {
    store,
    sql: new SqliteSql(db),
    search: { db, mirror() {}, planner: (documentId, summary) => searchPlanner.plan(documentId, summary) },
    compact: (documentId) => compactor.compact(documentId),
    compactions: () => compactor.folds,
    async close() {
      await searchPlanner.stop()
      await compactor.stop()
      await checkpointer.stop()
      db.close()
      walSync?.close()
      lock.release()
    },
  }
}

/** The database named by VARIORUM_DATABASE_URL cannot be reached or migrated: the server does not start. */
export class StorageUnavailableError extends Error {}

/** The address without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@')
}

async function openPostgres(url: string, log: (line: string) => void): Promise<Storage> {
  let store: PostgresDocumentStore
  try {
    store = await PostgresDocumentStore.open(url)
  } catch (error) {
    throw new StorageUnavailableError(`cannot open the PostgreSQL database ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const searchDb = new Database(':memory:')
  migrate(searchDb)
  const insert = searchDb.prepare(
    `INSERT INTO documents (id, title, created_at, source_hash, characters, source_encoding, source_format)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  )
  return {
    store,
    sql: store.sql,
    search: {
      db: searchDb,
      mirror: (d) => insert.run(d.id, d.title, d.createdAt, d.sourceHash, d.characters, d.sourceEncoding ?? null, d.sourceFormat ?? null),
    },
    // A fold that fails (PostgreSQL away) folds nothing; the room tries again at a later commit.
    compact: (documentId) =>
      store.foldLog(documentId).catch((error: unknown) => {
        log(`compaction of ${documentId} failed: ${String(error)}`)
        return 0
      }),
    compactions: () => store.folds,
    async close() {
      searchDb.close()
      await store.close()
    },
  }
}
