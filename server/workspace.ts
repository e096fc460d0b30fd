import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { loadDocumentsDir } from './documents/loadDocumentsDir'
import { createHttpApp, DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/createHttpApp'
import { checkHost, checkOrigin, guardOptionsFromEnv } from './http/requestGuards'
import { rememberedReadable } from './http/documentGuard'
import { documentsRoutes } from './http/documentsRoutes'
import { exportRoutes } from './http/exportRoutes'
import { healthRoutes } from './http/healthRoutes'
import { searchRoutes } from './http/searchRoutes'
import { staticRoutes } from './http/staticRoutes'
import type { Durability } from './persistence/openDatabase'
import { openStorage } from './persistence/openStorage'
import { HistoryStore } from './persistence/HistoryStore'
import { DEFAULT_HISTORY_OPTIONS } from './history/HistoryRecorder'
import { startTrashPurge } from './documents/startTrashPurge'
import { startRetention } from './history/startRetention'
import { historyRoutes } from './http/historyRoutes'
import { SearchIndex, type ReadableDocuments } from './search/SearchIndex'
import { SearchIndexer } from './search/SearchIndexer'
import { AccessService } from './access/AccessService'
import { authorizeSync } from './access/authorizeSync'
import { SqlAccessStore } from './persistence/SqlAccessStore'
import { DEFAULT_PRESENCE_LIMITS } from './sync/PresenceGate'
import { DEFAULT_UPDATE_LIMITS } from './sync/UpdateGate'
import { OidcSignOn, type OidcSettings } from './access/OidcSignOn'
import { ImportWorker } from './import/ImportWorker'
import { RedisFanout } from './sync/RedisFanout'
import { SyncServer } from './sync/SyncServer'

export interface WorkspaceOptions {
  /** Port to listen on; 0 = any free port (tests). */
  port?: number
  /** Interface to bind; default 127.0.0.1 (also `npm start`'s, unless HOST names another). */
  host?: string
  /** Where `variorum.sqlite` lives (unused when `databaseUrl` names PostgreSQL). */
  dataDir: string
  /**
   * postgres://… (VARIORUM_DATABASE_URL): documents, history and access on this
   * PostgreSQL database instead of the data folder; several instances may share it.
   */
  databaseUrl?: string
  /**
   * Fan-out to the other instances on the same PostgreSQL database through Redis
   * (VARIORUM_REDIS_URL, VARIORUM_REDIS_PREFIX; docs/DEPLOY.md). Needs `databaseUrl`.
   */
  redis?: { url: string; prefix?: string }
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
    /** Presence messages per second per socket, default 20 (burst 40); beyond, dropped undecoded; ten times beyond within a second, the socket is held unread for `presenceFloodHoldMs` (default 10 s), then closed with 4429. */
    presencePerSecond?: number
    presenceFloodHoldMs?: number
    /** Most annotations a document may hold after an import, default 20,000; beyond, 413 `import-too-large`. */
    maxImportAnnotations?: number
    /** Document updates per socket per second, default 60, with a burst of `updateBurst` (default 600); beyond, the socket is closed with 4430 and the overrunning update is not stored. */
    updatesPerSecond?: number
    updateBurst?: number
    /** Update bytes per socket per second, default 2 MiB, with a burst of `updateBytesBurst` (default 32 MiB); beyond, as above. */
    updateBytesPerSecond?: number
    updateBytesBurst?: number
  }
  /** Single sign-on through an OpenID Connect provider (`variorum serve` reads VARIORUM_OIDC_*; README, "Settings"). */
  oidc?: OidcSettings | null
  /** Update-log length at which a document of up to 256 KB is folded into a snapshot, default 500; a larger one folds proportionally later (sync/foldThreshold.ts). */
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
    /** How long the session's author must have been quiet for another's edit to end it; default 10 s. */
    handoverGapMs?: number
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
  /**
   * Starts draining: /readyz answers 503 so a load balancer sends no new clients,
   * while everything keeps working until `close` (SIGTERM; docs/DEPLOY.md).
   */
  drain(): void
  /** Update-log compactions done by the compactor and written so far (SQLite: its worker thread; PostgreSQL: foldLog). */
  compactions(): number
  /** Stores pending updates, closes every connection (1001: clients reconnect, through the load balancer to another instance) and the database. */
  close(): Promise<void>
}

export const DEFAULT_LIMITS = {
  maxFrameBytes: 16 * 1024 * 1024,
  maxUploadBytes: 10 * 1024 * 1024,
  maxPresenceBytes: DEFAULT_PRESENCE_LIMITS.maxPresenceBytes,
  presencePerSecond: DEFAULT_PRESENCE_LIMITS.presencePerSecond,
  presenceFloodHoldMs: DEFAULT_PRESENCE_LIMITS.floodHoldMs,
  ...DEFAULT_UPDATE_LIMITS,
}

/**
 * One workspace server on one port: the built client, the HTTP API under /api,
 * and the y-websocket endpoint under /sync/<id>, over `dataDir/variorum.sqlite`
 * or the PostgreSQL database `databaseUrl` (openStorage.ts).
 * Throws DataFolderInUseError when another server holds `dataDir` (lockDataFolder.ts).
 */
export async function startWorkspace(options: WorkspaceOptions): Promise<RunningWorkspace> {
  const log = options.log ?? (() => {})
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  // SQLite: the data folder is locked before anything touches the database (a second
  // server would corrupt the update log's sequence). PostgreSQL: shared by instances.
  if (options.redis && !options.databaseUrl) {
    throw new RangeError('VARIORUM_REDIS_URL needs VARIORUM_DATABASE_URL: instances share their documents through PostgreSQL, Redis only tells them what changed')
  }
  const storage = await openStorage({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, durability: options.durability, log })
  const { store } = storage
  let fanout: RedisFanout | null = null
  /** Set once close() began: /readyz answers 503 (the load balancer sends no new clients). */
  let draining = false
  if (options.redis) {
    try {
      fanout = await RedisFanout.open({ url: options.redis.url, prefix: options.redis.prefix ?? 'variorum', log })
    } catch (error) {
      await storage.close()
      throw error
    }
  }
  if (store.engine === 'postgres') log('storage: PostgreSQL')
  // The indexer reads documents through the sync server, which tells it of changes.
  let indexer: SearchIndexer | null = null
  try {
    const access = new AccessService(new SqlAccessStore(storage.sql))
    if (options.documentsDir) await loadDocumentsDir(store, options.documentsDir, log)
    const searchIndex = SearchIndex.open(storage.search.db, log)
    for (const document of await store.listDocuments()) storage.search.mirror(document)
    const historyStore = new HistoryStore(storage.sql)
    const historyNow = options.history?.now ?? Date.now
    const retention = startRetention(historyStore, options.history?.retentionDays ?? null, historyNow, log)
    await retention.started
    // Documents in the trash for more than 30 days go for good, on either engine (issue 14).
    const trashPurge = startTrashPurge({
      store,
      access: access.store,
      forgetSearch: (id) => searchIndex.replaceDocument(id, []),
      now: () => (options.now?.() ?? new Date()).getTime(),
      log,
    })
    await trashPurge.started

    const sync = new SyncServer({
      store,
      maxFrameBytes: limits.maxFrameBytes,
      presence: { maxPresenceBytes: limits.maxPresenceBytes, presencePerSecond: limits.presencePerSecond, floodHoldMs: limits.presenceFloodHoldMs },
      updates: {
        updatesPerSecond: limits.updatesPerSecond,
        updateBurst: limits.updateBurst,
        updateBytesPerSecond: limits.updateBytesPerSecond,
        updateBytesBurst: limits.updateBytesBurst,
      },
      compactAfterUpdates: options.compactAfterUpdates ?? 500,
      compact: storage.compact,
      keepAliveMs: options.keepAliveMs ?? 30_000,
      unloadAfterMs: options.unloadAfterMs ?? 10_000,
      history: {
        store: historyStore,
        checkpointEveryMs: options.history?.checkpointEveryMs ?? DEFAULT_HISTORY_OPTIONS.checkpointEveryMs,
        sessionGapMs: options.history?.sessionGapMs ?? DEFAULT_HISTORY_OPTIONS.sessionGapMs,
        sessionPerAuthor: options.history?.sessionPerAuthor ?? DEFAULT_HISTORY_OPTIONS.sessionPerAuthor,
        handoverGapMs: options.history?.handoverGapMs ?? DEFAULT_HISTORY_OPTIONS.handoverGapMs,
        now: historyNow,
        log,
      },
      onDocumentChanged: (id) => indexer?.documentChanged(id),
      authorize: authorizeSync(access),
      accessRevision: () => access.store.accessRevision(),
      accessPollMs: options.accessPollMs,
      fanout: fanout ?? undefined,
      // SQLite without fsync stores a batch synchronously in the turn it is cut: its
      // peers need not wait for the WAL append (CommitQueue, BroadcastOrder).
      broadcastOrder: store.engine === 'sqlite' && (options.durability ?? 'commit') === 'commit' ? 'when-cut' : 'after-stored',
      log,
    })
    const stopListening = access.onChange(() => sync.accessChanged())
    indexer = new SearchIndexer({
      index: searchIndex,
      getDocument: async (id) => {
        const document = await store.getDocument(id)
        if (document) storage.search.mirror(document)
        return document
      },
      readDocument: (id, fn) => sync.readDocument(id, fn),
      planner: storage.search.planner,
      ...options.searchIndex,
      log,
    })
    indexer.catchUp()
    const imports = new ImportWorker()
    const host = options.host ?? '127.0.0.1'
    const guards = guardOptionsFromEnv(process.env, host)
    const app = await createHttpApp({
      groups: [
        healthRoutes(async () => ({
          database: await store.getDocument('').then(() => true, () => false),
          ...(fanout ? { redis: fanout.connected } : {}),
          draining,
        })),
        documentsRoutes({
          store,
          sync,
          history: historyStore,
          maxUploadBytes: limits.maxUploadBytes,
          now: options.now,
          onCreated: (id) => {
            indexer?.documentChanged(id)
            sync.announceChanged(id)
          },
          imports,
        }),
        searchRoutes({ index: searchIndex, store, readableFor: options.readableFor ?? rememberedReadable }),
        exportRoutes({
          store,
          sync,
          history: historyStore,
          maxImportBytes: limits.maxUploadBytes,
          maxAnnotations: options.limits?.maxImportAnnotations,
          imports,
          now: options.now,
        }),
        historyRoutes({ store, sync, history: historyStore, maxBodyBytes: limits.maxUploadBytes }),
        staticRoutes(resolve(options.clientDir ?? 'dist/client')),
      ],
      access,
      listDocuments: () => store.listDocuments(),
      guards,
      limits: { ...DEFAULT_HTTP_LIMITS, ...options.httpLimits },
      signOn: options.oidc ? new OidcSignOn(options.oidc) : null,
      documents: { store, closeDocument: (id) => sync.closeDocument(id), onChanged: (id) => {
          indexer?.documentChanged(id)
          sync.announceChanged(id)
        }, now: options.now },
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
    // After a crash, snapshots whole again (and their openings current) in the background.
    void sync.foldLeftoverLogs()
    let closing: Promise<void> | null = null
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      access,
      drain: () => {
        draining = true
      },
      compactions: () => storage.compactions(),
      close: () =>
        (closing ??= (async () => {
          draining = true
          const httpClosed = app.close()
          retention.stop()
          trashPurge.stop()
          indexer?.close()
          stopListening()
          await sync.close()
          await imports.close()
          server.closeAllConnections()
          await httpClosed
          await fanout?.close()
          await storage.close()
        })()),
    }
  } catch (error) {
    indexer?.close()
    await fanout?.close()
    await storage.close()
    throw error
  }
}
