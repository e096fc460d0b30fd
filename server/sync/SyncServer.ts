import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import type { DocumentCatalog } from '../documents/DocumentCatalog'
import { projectDocument } from '../../doc'
import { HistoryRecorder, type HistoryOptions } from '../history/HistoryRecorder'
import type { DocumentPersistence, UpdateAuthor } from '../persistence/DocumentPersistence'
import type { HistoryStore } from '../persistence/HistoryStore'
import { readStoredDocument } from '../persistence/readStoredDocument'
import { CLOSE_CODES } from './closeCodes'
import { CommitQueue } from './CommitQueue'
import { SERVER_ORIGIN, STORAGE_ORIGIN, type UpdateOrigin } from './origins'
import type { PresenceLimits } from './PresenceGate'
import { openModeGrant, type ConnectionGrant, type UpgradeDecision } from './principal'
import { Room } from './Room'
import { SyncConnection } from './SyncConnection'

export interface SyncServerOptions {
  persistence: DocumentPersistence
  catalog: DocumentCatalog
  /** Largest frame accepted, in bytes; a larger one closes its connection with `frameTooLarge`. */
  maxFrameBytes: number
  /** Presence size and rate caps per connection (PresenceGate); default DEFAULT_PRESENCE_LIMITS. */
  presence?: PresenceLimits
  /** Log length at which a room folds its updates into a snapshot. */
  compactAfterUpdates: number
  /**
   * Folds a document's log into its snapshot off the event loop, resolving with the
   * rows folded (persistence/startCompactor); without it rooms compact inline.
   */
  compact?: (documentId: string) => Promise<number>
  /** Interval of keep-alive pings; a connection that missed the previous pong is dropped. */
  keepAliveMs: number
  /**
   * How long a room stays loaded after its last connection leaves. Reloading a
   * 1 MB document costs ~100 ms, and a reload in the browser leaves and rejoins.
   */
  unloadAfterMs: number
  /**
   * Told of each document whose updates were stored (after their broadcast):
   * the search index re-indexes from it. Must not throw and must return quickly.
   */
  onDocumentChanged?: (documentId: string) => void
  /** Where checkpoints go and when they are taken (docs/HISTORY.md); none when absent. */
  history?: { store: HistoryStore } & HistoryOptions
  /**
   * Who an upgrade request is and what it may do on `documentId`, or the HTTP status
   * refusing it. Default: open mode, everyone an editor (`openModeGrant`).
   */
  authorize?: (request: IncomingMessage, url: URL, documentId: string) => Promise<UpgradeDecision>
  /**
   * A number that moves whenever access is revoked or changed, possibly by another
   * process (AccessStore.accessRevision); polled every `accessPollMs`, and each move
   * re-checks every open connection. In-process changes call `recheckAccess` directly.
   */
  accessRevision?: () => Promise<number>
  /** Poll interval of `accessRevision`, in ms; default 1000. */
  accessPollMs?: number
  log: (line: string) => void
}

/** URL prefix of the sync endpoint: `ws://HOST:PORT/sync/<document id>`. */
export const SYNC_PATH = '/sync/'

/**
 * `ws` maps an over-long frame to the standard 1009 close; this subclass turns
 * that one code into our named `frameTooLarge`, so the client learns which
 * limit it hit and y-websocket's provider does not retry the same frame.
 */
class SyncSocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    if (code === 1009) super.close(CLOSE_CODES.frameTooLarge, 'frame too large')
    else super.close(code, reason)
  }
}

/**
 * The y-websocket endpoint: one room per document, loaded lazily and unloaded
 * when its last connection leaves; every update stored (group commit) before it
 * is broadcast. A stock `WebsocketProvider('ws://HOST:PORT/sync', id, doc)` joins.
 */
export class SyncServer {
  private readonly wss: WebSocketServer
  private readonly rooms = new Map<string, Room>()
  private readonly queue: CommitQueue
  private readonly keepAlive: NodeJS.Timeout
  private readonly unloadTimers = new Map<Room, NodeJS.Timeout>()
  private readonly recorder: HistoryRecorder | null
  private readonly accessPoll: NodeJS.Timeout | null = null
  private recheck: Promise<void> | null = null
  private recheckAgain = false

  constructor(private readonly options: SyncServerOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxFrameBytes,
      WebSocket: SyncSocket,
    })
    this.queue = new CommitQueue(
      options.persistence,
      (rooms, error) => this.storageFailed(rooms, error),
      (documentIds) => documentIds.forEach((id) => this.changed(id)),
      options.history?.now,
    )
    this.recorder = options.history ? new HistoryRecorder(options.history.store, options.history) : null
    this.keepAlive = setInterval(() => this.ping(), options.keepAliveMs)
    this.keepAlive.unref()
    const revision = options.accessRevision
    if (revision) {
      let seen: number | null = null
      const poll = () =>
        revision().then((now) => {
          if (seen !== null && now !== seen) void this.recheckAccess()
          seen = now
        }, (error: unknown) => options.log(`sync: reading the access revision failed: ${JSON.stringify(String(error))}`))
      void poll()
      this.accessPoll = setInterval(poll, options.accessPollMs ?? 1000)
      this.accessPoll.unref()
    }
  }

  /**
   * Asks every open connection's grant again (after a revocation or role change):
   * a connection whose credentials no longer hold is closed with `unauthorized`
   * at once; one whose role changed keeps its socket with the new role. Resolves
   * when done; calls made meanwhile run once more after.
   */
  recheckAccess(): Promise<void> {
    if (this.recheck) {
      this.recheckAgain = true
      return this.recheck
    }
    this.recheck = (async () => {
      do {
        this.recheckAgain = false
        const connections = [...this.rooms.values()].flatMap((room) => [...room.connections.keys()])
        await Promise.all(connections.map(async (connection) => {
          let next
          try {
            next = await connection.grant.recheck()
          } catch (error) {
            this.options.log(`sync: re-checking access failed: ${JSON.stringify(String(error))}`)
            return
          }
          if (connection.isClosed) return
          if (!next) connection.close(CLOSE_CODES.unauthorized, 'access revoked')
          else if (next.role !== connection.grant.role) connection.grant = { ...connection.grant, role: next.role }
        }))
      } while (this.recheckAgain)
      this.recheck = null
    })()
    return this.recheck
  }

  /** Handles an HTTP upgrade; returns false when the path is not the sync endpoint. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith(SYNC_PATH)) return false
    let documentId: string
    try {
      documentId = decodeURIComponent(url.pathname.slice(SYNC_PATH.length))
    } catch {
      documentId = ''
    }
    void this.authorizeUpgrade(request, socket, head, url, documentId)
    return true
  }

  /** Answers the upgrade with 401/403 when `authorize` refuses it, else accepts the socket with its grant. */
  private async authorizeUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL, documentId: string): Promise<void> {
    // The peer may hang up while we decide; without a listener that error would be thrown.
    const ignore = () => {}
    socket.on('error', ignore)
    let decision: UpgradeDecision
    try {
      decision = this.options.authorize
        ? await this.options.authorize(request, url, documentId)
        : { grant: openModeGrant(url, async () => true) }
    } catch (error) {
      this.options.log(`sync: authorizing an upgrade failed: ${JSON.stringify(String(error))}`)
      decision = { refuse: 401 }
    }
    socket.off('error', ignore)
    if (socket.destroyed) return
    if ('refuse' in decision) {
      const status = decision.refuse === 401 ? '401 Unauthorized' : '403 Forbidden'
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    const { grant } = decision
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, documentId, grant))
  }

  /** Number of rooms in memory (for tests and logs). */
  get loadedRooms(): number {
    return this.rooms.size
  }

  /**
   * Runs `fn` on the document's current state: the live doc when its room is
   * loaded, else a doc read from storage. Null when nothing is stored for `id`.
   */
  readDocument<T>(documentId: string, fn: (doc: Y.Doc) => T): T | null {
    const room = this.rooms.get(documentId)
    if (room) return fn(room.doc)
    return readStoredDocument(this.options.persistence, documentId, fn)
  }

  /**
   * Changes a document on the server's own behalf (an annotation import): `fn` runs
   * in one transaction with SERVER_ORIGIN on the live doc when its room is loaded
   * (stored, then broadcast to every connection by the commit queue), else on a doc
   * read from storage whose update is stored at once. Resolves once the change is
   * durable; null when nothing is stored for `id`. `fn` should do its checks before
   * it writes: what it wrote before throwing is kept.
   */
  async updateDocument<T>(documentId: string, fn: (doc: Y.Doc) => T, author?: UpdateAuthor): Promise<T | null> {
    const origin: UpdateOrigin = author ? { kind: 'server', author } : SERVER_ORIGIN
    const room = this.rooms.get(documentId)
    if (room) {
      const result = room.doc.transact(() => fn(room.doc), origin)
      await new Promise<void>((resolve) => this.queue.whenDurable(resolve))
      return result
    }
    const stored = this.options.persistence.fetch(documentId)
    if (!stored) return null
    const doc = new Y.Doc()
    try {
      Y.applyUpdate(doc, stored, STORAGE_ORIGIN)
      const updates: Uint8Array[] = []
      doc.on('update', (update: Uint8Array, from: unknown) => {
        if (from === origin) updates.push(update)
      })
      try {
        return doc.transact(() => fn(doc), origin)
      } finally {
        if (updates.length > 0) {
          const at = this.options.history?.now() ?? Date.now()
          this.options.persistence.storeMany(updates.map((update) => ({ documentId, update, author, at })))
          this.changed(documentId)
        }
      }
    } finally {
      doc.destroy()
    }
  }

  /**
   * Makes the document's current state a named version and returns its id; null
   * when nothing is stored for `id` or history is off. Through the live room when
   * loaded (once its applied updates are stored), else from storage.
   */
  async nameCurrentVersion(documentId: string, name: string): Promise<number | null> {
    const history = this.options.history
    if (!history || !this.recorder) return null
    const room = this.rooms.get(documentId)
    if (room) return this.recorder.nameCurrent(room, name)
    return this.readDocument(documentId, (doc) => history.store.checkpoint(documentId, doc, history.now(), name))
  }

  /** Stores what is queued, closes every connection (1001) and waits for the sockets. */
  async close(): Promise<void> {
    clearInterval(this.keepAlive)
    if (this.accessPoll) clearInterval(this.accessPoll)
    this.queue.flush()
    const sockets = [...this.wss.clients]
    const closed = sockets.map((socket) => new Promise<void>((resolve) => {
      if (socket.readyState === socket.CLOSED) resolve()
      else socket.once('close', () => resolve())
    }))
    for (const room of this.rooms.values()) {
      for (const connection of room.connections.keys()) connection.close(CLOSE_CODES.goingAway, 'server shutting down')
    }
    // A peer that does not answer the closing handshake is cut off after a grace period.
    const grace = setTimeout(() => sockets.forEach((socket) => socket.terminate()), 2000)
    await Promise.all(closed)
    clearTimeout(grace)
    for (const room of [...this.rooms.values()]) this.unload(room)
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
  }

  private accept(ws: WebSocket, documentId: string, grant: ConnectionGrant): void {
    if (!documentId || !this.options.catalog.get(documentId)) {
      ws.close(CLOSE_CODES.unknownDocument, 'unknown document')
      return
    }
    let room = this.rooms.get(documentId)
    if (room) this.cancelUnload(room)
    else {
      room = new Room(documentId, this.options.persistence, this.queue, this.options.compactAfterUpdates, this.recorder, this.options.compact ?? null)
      this.rooms.set(documentId, room)
    }
    const connection = new SyncConnection(ws, room, grant, this.queue, this.options.log, this.options.maxFrameBytes * 4, this.options.presence)
    room.join(connection)
    ws.on('message', (data: Buffer) => connection.receive(data))
    ws.on('pong', () => {
      connection.alive = true
    })
    ws.on('error', (error) => this.options.log(`sync ${documentId}: socket error: ${error.message}`))
    ws.on('close', () => this.left(connection))
    connection.start()
  }

  private changed(documentId: string): void {
    try {
      this.options.onDocumentChanged?.(documentId)
    } catch (error) {
      this.options.log(`sync ${documentId}: change listener failed: ${String(error)}`)
    }
  }

  private left(connection: SyncConnection): void {
    const room = connection.room
    room.leave(connection)
    if (room.connections.size > 0 || this.rooms.get(room.id) !== room) return
    this.cancelUnload(room)
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room)
      // Unload only once its last updates are stored, and only if nobody joined meanwhile.
      this.queue.whenDurable(() => {
        if (room.connections.size === 0 && this.rooms.get(room.id) === room) this.unload(room)
      })
    }, this.options.unloadAfterMs)
    timer.unref()
    this.unloadTimers.set(room, timer)
  }

  private cancelUnload(room: Room): void {
    clearTimeout(this.unloadTimers.get(room))
    this.unloadTimers.delete(room)
  }

  private unload(room: Room): void {
    this.cancelUnload(room)
    this.rooms.delete(room.id)
    // A room whose doc never loaded was never changed: its count stands.
    if (room.isLoaded) {
      this.recorder?.unloading(room)
      try {
        this.options.catalog.setCharacters(room.id, projectDocument(room.doc).length)
      } catch (error) {
        this.options.log(`sync ${room.id}: could not update the character count: ${String(error)}`)
      }
    }
    room.destroy()
  }

  private storageFailed(rooms: Set<Room>, error: unknown): void {
    this.options.log(`sync: storing updates failed, dropping ${rooms.size} room(s): ${String(error)}`)
    for (const room of rooms) {
      // The in-memory doc holds updates that are not stored: forget it. Clients keep
      // theirs and send them again when they reconnect (sync step 1/2).
      this.cancelUnload(room)
      this.rooms.delete(room.id)
      for (const connection of room.connections.keys()) connection.close(CLOSE_CODES.storageFailed, 'storage failed')
      room.destroy()
    }
  }

  private ping(): void {
    for (const room of this.rooms.values()) {
      for (const connection of room.connections.keys()) {
        if (!connection.alive) {
          this.options.log(`sync ${room.id}: ${JSON.stringify(connection.principal.id)} missed a keep-alive ping`)
          connection.socket.terminate()
          continue
        }
        connection.alive = false
        connection.socket.ping()
      }
    }
  }
}
