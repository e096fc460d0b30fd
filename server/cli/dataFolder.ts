import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { DocumentSummary } from '../documents/DocumentCatalog'
import type { DocumentStore } from '../persistence/DocumentStore'
import { HistoryStore } from '../persistence/HistoryStore'
import { DATABASE_FILE, openDatabase } from '../persistence/openDatabase'
import { PostgresDocumentStore } from '../persistence/postgres/PostgresDocumentStore'
import { SqliteSql, type SqlDatabase } from '../persistence/SqlDatabase'
import { SqliteDocumentStore } from '../persistence/SqliteDocumentStore'

/**
 * A workspace's storage opened by a subcommand: the data folder's database (read
 * while a server may be running: SQLite WAL), or the PostgreSQL database
 * VARIORUM_DATABASE_URL names, as `variorum serve` would use.
 */
export interface DataFolder {
  store: DocumentStore
  /** The same database, for the stores written over SqlDatabase. */
  sql: SqlDatabase
  history: HistoryStore
  /** The catalogue entry of `id`; rejects with an Error listing the ids when there is none. */
  document(id: string): Promise<DocumentSummary>
  close(): Promise<void>
}

/**
 * The data folder a subcommand reads: `--data DIR`, else VARIORUM_DATA_DIR, else
 * ./data, resolved. Throws an Error when it holds no workspace database, rather
 * than letting openDatabase create an empty one.
 */
export function workspaceDataDir(dir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = resolve(dir ?? (env.VARIORUM_DATA_DIR || 'data'))
  if (!existsSync(join(dataDir, DATABASE_FILE))) throw new Error(`${dataDir}: no workspace database (${DATABASE_FILE}) here`)
  return dataDir
}

/**
 * Opens the workspace's storage: PostgreSQL when VARIORUM_DATABASE_URL is set
 * (and no `--data` was given), else the database of `workspaceDataDir(dir, env)`.
 * With `create`, a data folder without a database gets a new one (the first account).
 */
export async function openDataFolder(dir: string | undefined, env: NodeJS.ProcessEnv = process.env, create = false): Promise<DataFolder> {
  let store: DocumentStore
  let sql: SqlDatabase
  if (env.VARIORUM_DATABASE_URL && dir === undefined) {
    const postgres = await PostgresDocumentStore.open(env.VARIORUM_DATABASE_URL, { maxConnections: 2 })
    store = postgres
    sql = postgres.sql
  } else {
    const db = openDatabase(create ? resolve(dir ?? (env.VARIORUM_DATA_DIR || 'data')) : workspaceDataDir(dir, env))
    store = new SqliteDocumentStore(db)
    sql = new SqliteSql(db)
  }
  return {
    store,
    sql,
    history: new HistoryStore(sql),
    async document(id) {
      const found = await store.getDocument(id)
      if (!found) throw new Error(`no document '${id}'; the workspace has: ${(await store.listDocuments()).map((d) => d.id).join(', ') || 'none'}`)
      return found
    },
    close: () => store.close(),
  }
}
