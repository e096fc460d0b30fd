import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DocumentCatalog, type DocumentSummary } from '../documents/DocumentCatalog'
import { HistoryStore } from '../persistence/HistoryStore'
import { DATABASE_FILE, openDatabase } from '../persistence/openDatabase'
import { SqlitePersistence } from '../persistence/SqlitePersistence'

/** A workspace's data folder opened by a subcommand: read while a server may be running (SQLite WAL). */
export interface DataFolder {
  catalog: DocumentCatalog
  persistence: SqlitePersistence
  history: HistoryStore
  /** The catalogue entry of `id`; throws an Error listing the ids when there is none. */
  document(id: string): DocumentSummary
  close(): void
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

/** Opens the workspace database of `workspaceDataDir(dir, env)`. */
export function openDataFolder(dir: string | undefined, env: NodeJS.ProcessEnv = process.env): DataFolder {
  const db = openDatabase(workspaceDataDir(dir, env))
  const catalog = new DocumentCatalog(db)
  return {
    catalog,
    persistence: new SqlitePersistence(db),
    history: new HistoryStore(db),
    document(id) {
      const found = catalog.get(id)
      if (!found) throw new Error(`no document '${id}'; the workspace has: ${catalog.list().map((d) => d.id).join(', ') || 'none'}`)
      return found
    },
    close: () => db.close(),
  }
}
