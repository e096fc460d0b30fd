import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import * as awarenessProtocol from 'y-protocols/awareness'
import { WebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { openingParagraphs, projectDocument, trimOpening, type OpeningLimits, type OpeningParagraphs } from '../../doc'
import { HistoryRecorder, type HistoryOptions } from '../history/HistoryRecorder'
import type { UpdateAuthor } from '../persistence/DocumentPersistence'
import type { DocumentStore } from '../persistence/DocumentStore'
import { docState, type HistoryStore } from '../persistence/HistoryStore'
import { readStoredDocument } from '../persistence/readStoredDocument'
import { CLOSE_CODES } from './closeCodes'
import { ChangeAnnouncer } from './ChangeAnnouncer'
import { CommitQueue, type BroadcastOrder } from './CommitQueue'
import { REMOTE_AWARENESS, SERVER_ORIGIN, type UpdateOrigin } from './origins'
import type { FanoutKind, RedisFanout } from './RedisFanout'
import type { PresenceLimits } from './PresenceGate'
import type { UpdateLimits } from './UpdateGate'
import { openModeGrant, type ConnectionGrant, type UpgradeDecision } from './principal'
import { OpeningCache } from './OpeningCache'
import { Room } from './Room'
import { SyncConnection } from './SyncConnection'

export interface SyncServerOptions {
  /** The documents and their state (SQLite or PostgreSQL). */
  store: DocumentStore
  /** Largest frame accepted, in bytes; a larger one closes its connection with `frameTooLarge`. */
  maxFrameBytes: number
  /** Presence size and rate caps per connection (PresenceGate); default DEFAULT_PRESENCE_LIMITS. */
  presence?: PresenceLimits
  /** Document-update rate caps per connection (UpdateGate); default DEFAULT_UPDATE_LIMITS. */
  updates?: UpdateLimits
  /** Log length at which a room of up to 256 KB folds its updates into a snapshot; larger ones later (foldThreshold). */
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
  /**
   * Other instances serving the same database (Redis pub/sub): committed updates
   * and presence are published to them, theirs applied here. None: this instance alone.
   */
  fanout?: RedisFanout
  /**
   * When peers are sent a group commit (CommitQueue's BroadcastOrder): default once it
   * is stored; `when-cut` only where storing is a synchronous commit a crash may lose
   * without losing the update (SQLite with durability `commit`).
   */
  broadcastOrder?: BroadcastOrder
  log: (line: string) => void
}

/** Thrown inside `openRoom` for an id the catalogue does not have. */
class UnknownDocument extends Error {}

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
 * when its last connection leaves; every update stored in a group commit, before it
 * is broadcast or (SQLite, durability `commit`) right after, in the same turn
 * (`broadcastOrder`). A stock `WebsocketProvider('ws://HOST:PORT/sync', id, doc)` joins.
 */
export class SyncServer {
  private readonly wss: WebSocketServer
  private readonly rooms = new Map<string, Room>()
  /** Rooms whose stored state is being read, by document id. */
  private readonly opening = new Map<string, Promise<Room>>()
  /** Messages of other instances for rooms still opening, applied once they are open. */
  private readonly early = new Map<string, { kind: FanoutKind; payload: Uint8Array }[]>()
  private readonly queue: CommitQueue
  /** Tells other instances which documents changed here (their search index); null without fan-out. */
  private readonly announcer: ChangeAnnouncer | null
  private readonly keepAlive: NodeJS.Timeout
  private readonly unloadTimers = new Map<Room, NodeJS.Timeout>()
  /** Openings of documents whose rooms were unloaded (readOpening). */
  private readonly openings = new OpeningCache()
  /** Folds of the log asked for by unloading rooms or left by a previous run, not finished yet (`close` waits for them). */
  private readonly pendingFolds = new Set<Promise<unknown>>()
  /** Set when `close` begins: no new fold of leftover logs starts. */
  private closing = false
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
      options.store,
      (rooms, error) => this.storageFailed(rooms, error),
      (documentIds) => documentIds.forEach((id) => {
        this.changed(id)
        this.announceChanged(id)
      }),
      options.history?.now,
      (room, updates) => options.fanout?.publish(room.id, 'update', updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)),
      options.broadcastOrder,
    )
    options.fanout?.listen({
      received: (documentId, kind, payload) => this.received(documentId, kind, payload),
      resubscribed: () => void this.catchUp(),
      accessChanged: () => void this.recheckAccess(),
    })
    const fanout = options.fanout
    this.announcer = fanout ? new ChangeAnnouncer((documentId) => fanout.announceChanged(documentId)) : null
    void fanout?.watchChanges()
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
   * Access changed through this instance (a role, a revocation): re-checks this
   * instance's sockets, and tells the other instances to re-check theirs at once
   * (their poll of `accessRevision` would within `accessPollMs`). Resolves when this
   * instance's are done.
   */
  accessChanged(): Promise<void> {
    this.options.fanout?.publishAccessChanged()
    return this.recheckAccess()
  }

  /**
   * Asks every open connection's grant again (after a revocation or role change):
   * a connection whose credentials no longer hold is closed with `unauthorized`
   * at once; one whose role changed keeps its socket with the new role, and is told
   * (SyncConnection.changeRole). Resolves when done; calls made meanwhile run once more after.
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
          else connection.changeRole(next.role)
        }))
      } while (this.recheckAgain)
      this.recheck = null
    })()
    return this.recheck
  }

  /**
   * Closes every socket on a document that is no longer served (moved to the trash)
   * with `unknownDocument`, a permanent code: the clients stop reconnecting.
   * Pending updates are stored as on any close. New upgrades are refused by the catalog.
   */
  closeDocument(documentId: string): void {
    const room = this.rooms.get(documentId)
    if (!room) return
    for (const connection of [...room.connections.keys()]) connection.close(CLOSE_CODES.unknownDocument, 'the document was moved to the trash')
  }

  /**
   * Tells the other instances that `documentId` changed here outside the sync path too
   * (created, renamed, moved to the trash): their search index re-reads it. Throttled
   * per document (ChangeAnnouncer); nothing without fan-out.
   */
  announceChanged(documentId: string): void {
    this.announcer?.announce(documentId)
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
    // The room is opened (its stored state read) before the socket is accepted, so
    // that no message arrives for a room that is not there yet.
    let room: Room | null = null
    let failed = false
    if (!('refuse' in decision)) {
      try {
        room = await this.openRoom(documentId)
      } catch (error) {
        this.options.log(`sync ${documentId}: opening the document failed: ${JSON.stringify(String(error))}`)
        failed = true
      }
    }
    socket.off('error', ignore)
    if (socket.destroyed) return
    if ('refuse' in decision) {
      const status = decision.refuse === 401 ? '401 Unauthorized' : '403 Forbidden'
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    const { grant } = decision
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (failed) ws.close(CLOSE_CODES.storageFailed, 'storage unavailable')
      else if (!room) ws.close(CLOSE_CODES.unknownDocument, 'unknown document')
      else this.accept(ws, room, grant)
    })
  }

  /**
   * The document's room: the loaded one, or a new one over what is stored; null
   * when no document has this id. Opened once however many sockets ask at a time.
   */
  private async openRoom(documentId: string): Promise<Room | null> {
    if (!documentId) return null
    const loaded = this.rooms.get(documentId)
    // A loaded room may belong to a document moved to the trash since (here or on
    // another instance): the catalogue decides, not what happens to be in memory.
    if (loaded) return (await this.options.store.getDocument(documentId)) ? loaded : null
    let opening = this.opening.get(documentId)
    if (!opening) {
      opening = (async () => {
        const { store, fanout } = this.options
        if (!(await store.getDocument(documentId))) throw new UnknownDocument()
        // Subscribed before reading: an update another instance commits meanwhile is
        // either in what is read or among the messages kept for the room (or both).
        this.early.set(documentId, [])
        await fanout?.join(documentId)
        const [stored, logLength] = await Promise.all([store.fetch(documentId), store.logLength(documentId)])
        const room = new Room(documentId, store, this.queue, this.options.compactAfterUpdates, this.recorder, stored, logLength, this.options.compact ?? null)
        this.rooms.set(documentId, room)
        if (fanout) {
          room.publishAwareness = (update) => fanout.publish(documentId, 'awareness', update)
          for (const { kind, payload } of this.early.get(documentId) ?? []) this.received(documentId, kind, payload)
          // Who is present on other instances, without waiting for their next renewal.
          fanout.publish(documentId, 'awareness-query', new Uint8Array(0))
        }
        return room
      })().finally(() => {
        this.opening.delete(documentId)
        this.early.delete(documentId)
      })
      this.opening.set(documentId, opening)
    }
    try {
      return await opening
    } catch (error) {
      if (error instanceof UnknownDocument) return null
      throw error
    }
  }

  /** Number of rooms in memory (for tests and logs). */
  get loadedRooms(): number {
    return this.rooms.size
  }

  /**
   * Runs `fn` on the document's current state: the live doc when its room is
   * loaded, else a doc read from storage. Null when nothing is stored for `id`.
   */
  async readDocument<T>(documentId: string, fn: (doc: Y.Doc) => T): Promise<T | null> {
    const room = this.rooms.get(documentId)
    if (room) return fn(room.doc)
    const stored = await this.options.store.fetch(documentId)
    // A room opened meanwhile may hold more than what was read.
    const opened = this.rooms.get(documentId)
    if (opened) return fn(opened.doc)
    return readStoredDocument(stored, fn)
  }

  /**
   * The paragraphs a document opens with (from projection offset `limits.at`), if they
   * are at hand without loading its state: from the live doc when its room has it in
   * memory; else, for the opening at offset 0, as the room left it when it was last
   * unloaded here (`openings`), or as stored beside the snapshot when nothing follows
   * the snapshot in the log (DocumentStore.readOpening: a few kB read, nothing decoded;
   * what a restarted server answers). Null otherwise: loading a book's state takes the
   * server ~0.5–2 s, and the browser that asks is about to join (which the stored
   * bytes answer without loading them), so it is not kept waiting for a preview.
   */
  async readOpening(documentId: string, limits: OpeningLimits): Promise<OpeningParagraphs | null> {
    const live = this.liveOpening(documentId, limits)
    if (live || limits.at !== 0) return live
    const kept = this.openings.get(documentId, limits)
    if (kept) return kept
    let stored: OpeningParagraphs | null = null
    try {
      stored = await this.options.store.readOpening(documentId)
    } catch (error) {
      // Storage unreachable: no preview; the document opens (or fails) as it would without.
      this.options.log(`sync ${documentId}: reading the stored opening failed: ${JSON.stringify(String(error))}`)
    }
    // A room that loaded meanwhile is newer than what was read.
    return this.liveOpening(documentId, limits) ?? (stored && trimOpening(stored, limits))
  }

  private liveOpening(documentId: string, limits: OpeningLimits): OpeningParagraphs | null {
    const room = this.rooms.get(documentId)
    return room?.isLoaded ? openingParagraphs(room.doc, limits) : null
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
    // Through a room opened for the change: its updates take the commit path
    // (stored, published to other instances), the room unloads when idle.
    const opened = await this.openRoom(documentId)
    if (!opened) return null
    const result = opened.doc.transact(() => fn(opened.doc), origin)
    await new Promise<void>((resolve) => this.queue.whenDurable(resolve))
    if (opened.connections.size === 0) this.scheduleUnload(opened)
    return result
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
    const state = await this.readDocument(documentId, docState)
    return state ? history.store.checkpoint(documentId, state, history.now(), name) : null
  }

  /** Stores what is queued, closes every connection (1001) and waits for the sockets. */
  async close(): Promise<void> {
    this.closing = true
    clearInterval(this.keepAlive)
    this.announcer?.close()
    if (this.accessPoll) clearInterval(this.accessPoll)
    await Promise.allSettled([...this.opening.values()])
    await this.queue.idle()
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
    await this.queue.idle()
    await Promise.all([...this.rooms.values()].map((room) => this.unload(room)))
    await this.queue.idle()
    // The folds the unloads asked for: written before storage closes, so a restarted
    // server finds each snapshot whole and its opening stored.
    await Promise.allSettled([...this.pendingFolds])
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
  }

  private accept(ws: WebSocket, room: Room, grant: ConnectionGrant): void {
    const documentId = room.id
    if (this.rooms.get(documentId) !== room) {
      // Dropped (storage failed) between opening and the upgrade: the client tries again.
      ws.close(CLOSE_CODES.storageFailed, 'storage failed')
      return
    }
    this.cancelUnload(room)
    const connection = new SyncConnection(ws, room, grant, this.queue, this.options.log, this.options.maxFrameBytes * 4, this.options.presence, this.options.updates)
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
    this.scheduleUnload(room)
  }

  /** Unloads `room` after `unloadAfterMs` unless someone joins meanwhile. */
  private scheduleUnload(room: Room): void {
    this.cancelUnload(room)
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room)
      // Unload only once its last updates are stored, and only if nobody joined meanwhile.
      this.queue.whenDurable(() => {
        if (room.connections.size === 0 && this.rooms.get(room.id) === room) void this.unload(room)
      })
    }, this.options.unloadAfterMs)
    timer.unref()
    this.unloadTimers.set(room, timer)
  }

  private cancelUnload(room: Room): void {
    clearTimeout(this.unloadTimers.get(room))
    this.unloadTimers.delete(room)
  }

  /** A message of another instance about `documentId` (RedisFanout). */
  private received(documentId: string, kind: FanoutKind, payload: Uint8Array): void {
    const room = this.rooms.get(documentId)
    if (kind === 'changed') {
      // A room loaded here hears the updates themselves (below); any other document
      // (one still opening too) is re-read by the search index, debounced (SearchIndexer).
      if (!room) this.changed(documentId)
      return
    }
    if (!room) {
      // Changed on another instance: what this one remembers of its opening is old.
      if (kind === 'update') this.openings.forget(documentId)
      this.early.get(documentId)?.push({ kind, payload: payload.slice() })
      return
    }
    if (kind === 'update') {
      // The search index follows what other instances commit, debounced like local commits.
      if (room.applyRemote(payload)) this.changed(documentId)
      else this.options.log(`sync ${documentId}: an update from another instance could not be applied`)
    } else if (kind === 'awareness') {
      try {
        awarenessProtocol.applyAwarenessUpdate(room.awareness, payload, REMOTE_AWARENESS)
      } catch {
        this.options.log(`sync ${documentId}: presence from another instance could not be applied`)
      }
    } else {
      const local = room.localAwareness()
      if (local) this.options.fanout?.publish(documentId, 'awareness', local)
    }
  }

  /**
   * After messages of other instances may have been lost (Redis was away): every
   * loaded room applies what the database holds (Yjs applies only what it lacks,
   * and sends that to the room's clients), and asks again who is present.
   */
  private async catchUp(): Promise<void> {
    await Promise.all([...this.rooms.values()].map(async (room) => {
      try {
        const stored = await this.options.store.fetch(room.id)
        if (stored && !room.isDestroyed && room.applyRemote(stored)) this.changed(room.id)
        this.options.fanout?.publish(room.id, 'awareness-query', new Uint8Array(0))
      } catch (error) {
        this.options.log(`sync ${room.id}: catching up from the database failed: ${JSON.stringify(String(error))}`)
      }
    }))
  }

  /** Forgets the room; resolves once its character count is written. */
  private async unload(room: Room): Promise<void> {
    this.cancelUnload(room)
    this.rooms.delete(room.id)
    this.options.fanout?.leave(room.id)
    // A room whose doc never loaded was never changed: its count stands.
    let characters: number | null = null
    if (room.isLoaded) {
      this.recorder?.unloading(room)
      characters = projectDocument(room.doc).length
      this.openings.remember(room.id, room.doc)
    }
    room.destroy()
    this.foldOnUnload(room)
    if (characters === null) return
    try {
      await this.options.store.setCharacters(room.id, characters)
    } catch (error) {
      this.options.log(`sync ${room.id}: could not update the character count: ${String(error)}`)
    }
  }

  /**
   * Folds what the room left in the log into the snapshot (the compactor: a worker
   * thread on SQLite), once what it applied is stored: the snapshot, and the opening
   * paragraphs kept beside it, are then the whole document, which a browser opening
   * it after a restart is answered from (readOpening). One fold per session, not per
   * update; without a compactor (inline compaction) nothing, as that would encode
   * the state on the event loop.
   */
  private foldOnUnload(room: Room): void {
    const compact = this.options.compact
    if (!compact || room.unfoldedUpdates === 0) return
    const fold: Promise<unknown> = new Promise<void>((resolve) => this.queue.whenDurable(resolve))
      .then(() => compact(room.id))
      .catch((error: unknown) => this.options.log(`sync ${room.id}: folding the log on unload failed: ${String(error)}`))
      .finally(() => this.pendingFolds.delete(fold))
    this.pendingFolds.add(fold)
  }

  /**
   * Folds the update logs a previous run left behind (stopped without its rooms
   * unloading: a crash, a kill), one document after the other off the event loop (the
   * compactor), so each snapshot is the whole document again and a browser opening one
   * gets its first screen from the stored opening (readOpening) instead of waiting for
   * the whole state. A document whose room is open here is left to the room. Resolves
   * with the rows folded; without a compactor nothing, as folding would encode states
   * on the event loop.
   */
  foldLeftoverLogs(): Promise<number> {
    const compact = this.options.compact
    if (!compact) return Promise.resolve(0)
    const folds = this.foldEachLeftover(compact)
    this.pendingFolds.add(folds)
    void folds.finally(() => this.pendingFolds.delete(folds))
    return folds
  }

  private async foldEachLeftover(compact: (documentId: string) => Promise<number>): Promise<number> {
    let documentIds: string[]
    try {
      documentIds = await this.options.store.documentsWithLog()
    } catch (error) {
      this.options.log(`sync: listing the logs left by the last run failed: ${String(error)}`)
      return 0
    }
    let folded = 0
    for (const documentId of documentIds) {
      if (this.closing) break
      if (this.rooms.has(documentId) || this.opening.has(documentId)) continue
      try {
        folded += await compact(documentId)
      } catch (error) {
        this.options.log(`sync ${documentId}: folding the log left by the last run failed: ${String(error)}`)
      }
    }
    return folded
  }

  private storageFailed(rooms: Set<Room>, error: unknown): void {
    this.options.log(`sync: storing updates failed, dropping ${rooms.size} room(s): ${String(error)}`)
    for (const room of rooms) {
      // The in-memory doc holds updates that are not stored: forget it. Clients keep
      // theirs and send them again when they reconnect (sync step 1/2).
      this.cancelUnload(room)
      this.rooms.delete(room.id)
      this.options.fanout?.leave(room.id)
      for (const connection of room.connections.keys()) connection.close(CLOSE_CODES.storageFailed, 'storage failed')
      room.destroy()
    }
  }

  private ping(): void {
    for (const room of this.rooms.values()) {
      for (const connection of room.connections.keys()) {
        // A flooder held unread cannot answer; it is closed when its hold ends.
        if (connection.isHeld) continue
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
