import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { DocumentCatalog } from './documents/DocumentCatalog'
import { loadDocumentsDir } from './documents/loadDocumentsDir'
import { createHttpApp, DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/createHttpApp'
import { checkHost, checkOrigin, guardOptionsFromEnv } from './http/requestGuards'
import { rememberedReadable } from './http/documentGuard'
import { documentsRoutes } from './http/documentsRoutes'
import { exportRoutes } from './http/exportRoutes'
import { healthRoutes } from './http/healthRoutes'
import { searchRoutes } from './http/searchRoutes'
import { staticRoutes } from './http/staticRoutes'
import { DATABASE_FILE, openDatabase, type Durability } from './persistence/openDatabase'
import { startCheckpointer } from './persistence/startCheckpointer'
import { startCompactor, type Compactor } from './persistence/startCompactor'
import { lockDataFolder } from './persistence/lockDataFolder'
import { SqlitePersistence } from './persistence/SqlitePersistence'
import { HistoryStore } from './persistence/HistoryStore'
import { DEFAULT_HISTORY_OPTIONS } from './history/HistoryRecorder'
import { startRetention } from './history/startRetention'
import { historyRoutes } from './http/historyRoutes'
import { SearchIndex, type ReadableDocuments } from './search/SearchIndex'
import { SearchIndexer } from './search/SearchIndexer'
import { AccessService } from './access/AccessService'
import { authorizeSync } from './access/authorizeSync'
import { SqliteAccessStore } from './persistence/SqliteAccessStore'
import { DEFAULT_PRESENCE_LIMITS } from './sync/PresenceGate'
import { SyncServer } from './sync/SyncServer'

export interface WorkspaceOptions {
  /** Port to listen on; 0 = any free port (tests). */
  port?: number
  /** Interface to bind; default 127.0.0.1 (also `npm start`'s, unless HOST names another). */
  host?: string
  /** Where `variorum.sqlite` lives. */
  dataDir: string
  /** Every file here in an import format (.txt, .md, .html, .docx, TEI .xml) becomes a document on start, idempotent by content hash. */
  documentsDir?: string
  /** The built client (default dist/client): its files, and index.html for client routes. */
  clientDir?: string
  limits?: {
    /** Largest websocket frame, default 16 MiB; larger closes the connection with 4413. */
    maxFrameBytes?: number
    /** Largest upload body, default 10 MiB; larger is refused with 413 `upload-too-large`. */
    maxUploadBytes?: number
    /** Largest presence (awareness) frame, default 16 KiB; larger closes the socket with 4414. */
    maxPresenceBytes?: number
    /** Presence messages per second per socket, default 20 (burst 40); beyond, dropped; ten times beyond, closed with 4429. */
    presencePerSecond?: number
  }
  /** Update-log length at which a document is folded into a snapshot; default 500. */
  compactAfterUpdates?: number
  /** Keep-alive ping interval in ms; default 30 000. */
  keepAliveMs?: number
  /** How long a document stays in memory after its last client leaves, in ms; default 10 000. */
  unloadAfterMs?: number
  /** `commit` (default: survives a server crash) or `fsync` (survives a machine crash); see openDatabase.ts. */
  durability?: Durability
  /** When versions are taken and how long automatic ones are kept (docs/HISTORY.md). */
  history?: {
    /** Default 5 minutes. */
    checkpointEveryMs?: number
    /** Default 2 minutes. */
    sessionGapMs?: number
    /** Whether another author's edit ends a session; default true. */
    sessionPerAuthor?: boolean
    /** Automatic versions older than this are dropped on start and daily; null or absent = kept forever. */
    retentionDays?: number | null
    /** The clock, ms since the epoch (tests move it). */
    now?: () => number
  }
  /**
   * The server's clock for what it dates: new documents' creation time, export
   * dates, imported annotations without a time. Default: the real time; tests pin it
   * to compare two exports byte for byte.
   */
  now?: () => Date
  /** How often the sync server polls the access revision for revocations made by another process, in ms; default 1000. */
  accessPollMs?: number
  /** Connection cap, timeouts and rate limits of the HTTP server; defaults in DEFAULT_HTTP_LIMITS. */
  httpLimits?: Partial<HttpLimits>
  /** Where the server reports what it does (default: nowhere). */
  log?: (line: string) => void
  /**
   * The documents a request may search (hook for the access issue); default
   * every document. A search never returns a hit outside this set.
   */
  readableFor?: (request: IncomingMessage) => ReadableDocuments
  /** Search index upkeep: quiet time before a changed document is re-indexed, and the longest wait, in ms. */
  searchIndex?: { debounceMs?: number; maxDelayMs?: number; onIndexed?: (documentId: string) => void }
}

export interface RunningWorkspace {
  /** http://127.0.0.1:PORT (also the sync base: ws://127.0.0.1:PORT/sync). */
  url: string
  port: number
  /**
   * Accounts, sessions, tokens, roles and share links (issue 14). Revocations and
   * role changes made through it close or re-check the affected sync sockets at once.
   */
  access: AccessService
  /** Update-log compactions done in the compactor's worker thread and written so far. */
  compactions(): number
  /** Stores pending updates, closes every connection and the database. */
  close(): Promise<void>
}

export const DEFAULT_LIMITS = {
  maxFrameBytes: 16 * 1024 * 1024,
  maxUploadBytes: 10 * 1024 * 1024,
  ...DEFAULT_PRESENCE_LIMITS,
}

/**
 * One workspace server on one port: the built client, the HTTP API under /api,
 * and the y-websocket endpoint under /sync/<id>, over `dataDir/variorum.sqlite`.
 * Throws DataFolderInUseError when another server holds `dataDir` (lockDataFolder.ts).
 */
export async function startWorkspace(options: WorkspaceOptions): Promise<RunningWorkspace> {
  const log = options.log ?? (() => {})
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  // Before anything touches the database: a second server would corrupt the update log's sequence.
  const lock = lockDataFolder(options.dataDir)
  let db: ReturnType<typeof openDatabase>
  try {
    db = openDatabase(options.dataDir, options.durability)
  } catch (error) {
    lock.release()
    throw error
  }
  const checkpointer = startCheckpointer(join(options.dataDir, DATABASE_FILE), log)
  // The indexer reads documents through the sync server, which tells it of changes.
  let indexer: SearchIndexer | null = null
  let compactor: Compactor | null = null
  try {
    const catalog = new DocumentCatalog(db)
    const persistence = new SqlitePersistence(db)
    compactor = startCompactor(join(options.dataDir, DATABASE_FILE), persistence, log)
    const { compact } = compactor
    const access = new AccessService(new SqliteAccessStore(db))
    if (options.documentsDir) await loadDocumentsDir(catalog, persistence, options.documentsDir, log)
    const searchIndex = SearchIndex.open(db, log)
    const historyStore = new HistoryStore(db)
    const historyNow = options.history?.now ?? Date.now
    const retention = startRetention(historyStore, options.history?.retentionDays ?? null, historyNow, log)

    const sync = new SyncServer({
      persistence,
      catalog,
      maxFrameBytes: limits.maxFrameBytes,
      presence: { maxPresenceBytes: limits.maxPresenceBytes, presencePerSecond: limits.presencePerSecond },
      compactAfterUpdates: options.compactAfterUpdates ?? 500,
      compact,
      keepAliveMs: options.keepAliveMs ?? 30_000,
      unloadAfterMs: options.unloadAfterMs ?? 10_000,
      history: {
        store: historyStore,
        checkpointEveryMs: options.history?.checkpointEveryMs ?? DEFAULT_HISTORY_OPTIONS.checkpointEveryMs,
        sessionGapMs: options.history?.sessionGapMs ?? DEFAULT_HISTORY_OPTIONS.sessionGapMs,
        sessionPerAuthor: options.history?.sessionPerAuthor ?? DEFAULT_HISTORY_OPTIONS.sessionPerAuthor,
        now: historyNow,
        log,
      },
      onDocumentChanged: (id) => indexer?.documentChanged(id),
      authorize: authorizeSync(access),
      accessRevision: () => access.store.accessRevision(),
      accessPollMs: options.accessPollMs,
      log,
    })
    const stopListening = access.onChange(() => void sync.recheckAccess())
    indexer = new SearchIndexer({
      index: searchIndex,
      catalog,
      readDocument: (id, fn) => sync.readDocument(id, fn),
      ...options.searchIndex,
      log,
    })
    indexer.catchUp()
    const host = options.host ?? '127.0.0.1'
    const guards = guardOptionsFromEnv(process.env, host)
    const app = await createHttpApp({
      groups: [
        healthRoutes,
        documentsRoutes({
          catalog,
          persistence,
          sync,
          history: historyStore,
          maxUploadBytes: limits.maxUploadBytes,
          now: options.now,
          onCreated: (id) => indexer?.documentChanged(id),
        }),
        searchRoutes({ index: searchIndex, catalog, readableFor: options.readableFor ?? rememberedReadable }),
        exportRoutes({ catalog, sync, history: historyStore, maxImportBytes: limits.maxUploadBytes, now: options.now }),
        historyRoutes({ catalog, sync, history: historyStore, maxBodyBytes: limits.maxUploadBytes }),
        staticRoutes(resolve(options.clientDir ?? 'dist/client')),
      ],
      access,
      listDocuments: () => catalog.list(),
      guards,
      limits: { ...DEFAULT_HTTP_LIMITS, ...options.httpLimits },
      log,
    })
    const server = app.server
    // Fastify routes requests only; the sync server answers upgrades on the same socket server,
    // after the same Host and Origin checks (a page of another site must not open a document).
    server.on('upgrade', (req, socket, head) => {
      try {
        checkHost(req.headers, guards)
        checkOrigin('GET', req.headers, guards, true)
      } catch {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
        return
      }
      if (!sync.handleUpgrade(req, socket, head)) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      }
    })
    await app.listen({ port: options.port ?? 0, host })
    const port = (server.address() as AddressInfo).port
    let closing: Promise<void> | null = null
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      access,
      compactions: () => compactor?.folds ?? 0,
      close: () =>
        (closing ??= (async () => {
          const httpClosed = app.close()
          retention.stop()
          indexer?.close()
          stopListening()
          await sync.close()
          server.closeAllConnections()
          await httpClosed
          await compactor?.stop()
          await checkpointer.stop()
          db.close()
          lock.release()
        })()),
    }
  } catch (error) {
    indexer?.close()
    await compactor?.stop()
    await checkpointer.stop()
    db.close()
    lock.release()
    throw error
  }
}
