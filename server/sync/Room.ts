import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { MAX_OPENING, openingParagraphs } from '../../doc'
import { transactionRanges } from '../persistence/clockRanges'
import type { DocumentStore } from '../persistence/DocumentStore'
import type { CommitQueue } from './CommitQueue'
import { REMOTE_AWARENESS, REMOTE_ORIGIN, SERVER_ORIGIN, STORAGE_ORIGIN, type UpdateOrigin } from './origins'
import { foldThreshold } from './foldThreshold'
import { encodeAwarenessMessage, encodeUpdateMessage } from './protocol'
import type { SyncConnection } from './SyncConnection'

/**
 * One document being edited: its Y.Doc in memory, the awareness of the people
 * in it and their connections. Loaded when the first client joins, unloaded
 * when the last leaves (SyncServer). Every change to the doc goes through the
 * commit queue: stored, then broadcast to every connection but its author.
 */
export class Room {
  readonly awareness: awarenessProtocol.Awareness
  /** Each connection with the awareness client ids it controls (removed when it leaves). */
  readonly connections = new Map<SyncConnection, Set<number>>()
  /**
   * Which open connection (its `key`) writes with which Yjs client id: claimed by
   * the first update that uses it, released when that connection leaves. Updates
   * under a client id another connection holds are refused (checkUpdate): they would
   * take clocks its owner is about to use, and its real updates would then be dropped.
   */
  readonly clientOwners = new Map<number, string>()
  private logLength: number
  /**
   * Log length at which the room folds (foldThreshold): from the stored state's size
   * when the room opened (what a restart reads again), and from the snapshot an
   * inline compaction writes. The compactor's folds do not move it: a session grows a
   * document by far less than the 256 KB that would move it by `compactAfterUpdates`.
   */
  private foldAfter: number
  /** The live doc; null until something needs it (see `doc`). */
  private loaded: Y.Doc | null = null
  /** What storage held when the room opened, as one update; dropped once the doc is loaded. */
  private stored: Uint8Array | null
  /** State vector of `stored`, computed on first use. */
  private storedStateVector: Uint8Array | null = null
  private loadTimer: NodeJS.Timeout | null = null
  /** Whole states being written to joining sockets (see `sendingState`). */
  private statesInFlight = 0
  /** Awareness client ids changed since the last awareness broadcast (see `flushAwareness`). */
  private readonly awarenessChanged = new Set<number>()
  /** Of those, the ones changed here (not by another instance): what `publishAwareness` is told. */
  private readonly awarenessChangedHere = new Set<number>()
  /**
   * Told of the awareness changes made on this instance, once per turn of the event
   * loop (the fan-out publishes them to the other instances); null without fan-out.
   */
  publishAwareness: ((update: Uint8Array) => void) | null = null
  private awarenessFlush: NodeJS.Immediate | null = null
  private destroyed = false
  /** Whether a compaction handed to the compactor has not finished yet. */
  private compacting = false

  /**
   * `stored` and `logLength`: what the store held for the document when the room
   * opened (DocumentStore.fetch and logLength; SyncServer reads them before).
   */
  constructor(
    readonly id: string,
    private readonly store: DocumentStore,
    private readonly queue: CommitQueue,
    private readonly compactAfterUpdates: number,
    private readonly history: RoomHistory | null = null,
    stored: Uint8Array | null = null,
    logLength = 0,
    /** Folds the committed log beside the commits (startCompactor on SQLite, PostgresDocumentStore.foldLog on PostgreSQL); without one, `compact` runs inline. */
    private readonly compactor: ((documentId: string) => Promise<number>) | null = null,
  ) {
    this.stored = stored
    this.logLength = logLength
    this.foldAfter = foldThreshold(compactAfterUpdates, stored?.byteLength ?? 0)
    // Awareness only reads its doc's client id (and local state is null), so it
    // need not wait for the document to load.
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc())
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /**
   * The room's Y.Doc, loaded from the stored state on first use: the first
   * update, server-side read or change. Joins do not need it (`missingFor`,
   * `stateVector`): loading a 1 MB document costs ~60 ms cold, ~35 ms warm, and
   * the bytes as stored are already the answer to a client that has nothing.
   */
  get doc(): Y.Doc {
    return this.loaded ?? this.load()
  }

  /** Loads the doc now if it is not in memory yet. */
  load(): Y.Doc {
    if (!this.loaded) {
      const stored = this.stored ?? EMPTY_UPDATE
      this.loaded = this.loadDoc(this.stored, [])
      this.stored = null
      this.storedStateVector = null
      if (this.loadTimer) clearTimeout(this.loadTimer)
      this.loadTimer = null
      this.history?.opened(this, stored)
    }
    return this.loaded
  }

  /** Updates in the document's log since its snapshot, as far as this room knows (read on opening, plus its own commits, less what it folded). */
  get unfoldedUpdates(): number {
    return this.logLength
  }

  /** Log length at which the room has its log folded (see `foldAfter`). */
  get foldThreshold(): number {
    return this.foldAfter
  }

  /** Whether the doc is in memory; until it is, nobody can have changed it. */
  get isLoaded(): boolean {
    return this.loaded !== null
  }

  /** The document's state vector (sync step 1); before the doc loads, read from the stored bytes once. */
  stateVector(): Uint8Array {
    if (this.loaded) return Y.encodeStateVector(this.loaded)
    this.storedStateVector ??= Y.encodeStateVectorFromUpdate(this.stored ?? EMPTY_UPDATE)
    return this.storedStateVector
  }

  /**
   * The update a client with `stateVector` lacks (sync step 2). Before the doc
   * is loaded it is cut from the stored bytes: the stored state itself for an
   * empty state vector (a client joining with nothing: no work at all), else
   * `Y.diffUpdate`.
   */
  missingFor(stateVector: Uint8Array): Uint8Array {
    if (this.loaded) return Y.encodeStateAsUpdate(this.loaded, stateVector)
    const stored = this.stored ?? EMPTY_UPDATE
    return Y.decodeStateVector(stateVector).size === 0 ? stored : Y.diffUpdate(stored, stateVector)
  }

  /**
   * Loads the doc `afterMs` from now unless something loads it sooner; a timer
   * already set stands. After a join is answered from the stored bytes: the
   * joins of a burst (a class opening the document, a reload) are served from
   * the bytes, and the load happens once they are through, so that a first edit
   * made later does not pay for it.
   */
  loadSoon(afterMs: number, postponed = 0): void {
    if (this.loaded || this.destroyed || this.loadTimer) return
    this.loadTimer = setTimeout(() => {
      this.loadTimer = null
      if (this.destroyed) return
      // Not while a joining socket's state is still being written: see `sendingState`.
      if (this.statesInFlight > 0 && postponed < MAX_LOAD_POSTPONEMENTS) this.loadSoon(afterMs, postponed + 1)
      else this.load()
    }, afterMs)
    this.loadTimer.unref()
  }

  /**
   * Tells the room a whole state is being written to a joining socket; call the
   * returned function once it is written. Meanwhile `loadSoon` waits: loading is one
   * synchronous apply of the whole state, and what part of a large frame the OS did
   * not take at once is written only when the event loop is free again. The
   * annotation bench's 4.5 MB document took 1.6 s to load on a loaded machine, and
   * the editor got the rest of its state only after that (issue #20).
   */
  sendingState(): () => void {
    this.statesInFlight++
    let done = false
    return () => {
      if (done) return
      done = true
      this.statesInFlight--
    }
  }

  /**
   * Applies a client's update. Returns false when Yjs cannot decode or apply it;
   * then nothing of it is stored or broadcast. Yjs reads an update's structs
   * before integrating them, so bad bytes usually fail before the doc changes;
   * a failure later (e.g. in the delete set) is undone by rebuilding the doc.
   */
  applyUpdate(update: Uint8Array, origin: UpdateOrigin): boolean {
    // What a client with nothing new answers to our step 1: a no-op, no reason to load.
    if (!this.loaded && isEmptyUpdate(update)) return true
    const doc = this.doc
    if (this.history && !isEmptyUpdate(update)) this.history.changing(this, origin, update)
    const mark = this.queue.size
    try {
      Y.applyUpdate(doc, update, origin)
      return true
    } catch {
      // A failed transaction may have emitted part of the update: drop it and
      // rebuild the doc from what is stored plus other updates still queued.
      const partial = this.queue.size > mark
      this.queue.discardFrom(mark)
      if (partial) this.reload()
      return false
    }
  }

  /**
   * Sends the updates of one group commit, stored, to every connection as ONE
   * message holding them merged. A message costs a syscall here and a decode and a
   * transaction in each client, so the saving grows with the batch: e.g. 10 writers'
   * updates committed together reach 50 peers as 50 messages instead of 10 × 49 = 490.
   * When the whole batch is one connection's, that connection is not sent it. When
   * several connections wrote it, each gets the whole merge, its own updates
   * included (Yjs ignores what a doc already holds, and the reference
   * @y/websocket-server sends every update back to its author): a merge per author
   * without its own updates cost a merge of the batch for each of them, O(writers²)
   * per batch (issue #20: in the 10-writer bench the merges took as long as applying
   * the updates).
   */
  broadcastUpdates(entries: readonly { update: Uint8Array; origin: UpdateOrigin }[]): void {
    if (this.connections.size === 0 || entries.length === 0) return
    const authors = new Set(entries.map(({ origin }) => (origin.kind === 'connection' ? origin.connection : null)))
    const skipped = authors.size === 1 ? [...authors][0] : null
    if (entries.length === 1) {
      this.sendToAllBut(skipped, entries[0].update)
      return
    }
    let merged: Uint8Array
    try {
      merged = Y.mergeUpdates(entries.map((entry) => entry.update))
    } catch {
      // Yjs made every one of these updates; should merging still fail, send them one by one.
      for (const { update, origin } of entries) this.broadcastUpdate(update, origin)
      return
    }
    this.sendToAllBut(skipped, merged)
  }

  /** Sends a stored update to every connection except its author. Encoded once for all. */
  broadcastUpdate(update: Uint8Array, origin: UpdateOrigin): void {
    this.sendToAllBut(origin.kind === 'connection' ? origin.connection : null, update)
  }

  /** Sends `update`, encoded once, to every connection but `author` (to all when null). */
  private sendToAllBut(author: SyncConnection | null, update: Uint8Array): void {
    if (this.connections.size === 0) return
    const message = encodeUpdateMessage(update)
    for (const connection of this.connections.keys()) {
      if (connection !== author) connection.sendUpdate(update, message)
    }
  }

  /**
   * Applies an update another instance committed (or the stored state, when
   * catching up): sent to this room's connections, not stored again. Returns false
   * when Yjs cannot apply it.
   */
  applyRemote(update: Uint8Array): boolean {
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN)
      return true
    } catch {
      return false
    }
  }

  /**
   * Applies what storage holds for the document (what other instances committed and
   * this room may not have heard of), once every update applied here before is
   * stored. Never rejects: a failed read leaves the room as it was.
   */
  async catchUpFromStore(): Promise<void> {
    try {
      const stored = await this.queue.afterStored(() => this.store.fetch(this.id))
      if (stored && !this.destroyed) this.applyRemote(stored)
    } catch {
      // Storage unreachable: the update is judged on what the room has.
    }
  }

  /** The awareness states this instance's connections control, as one awareness update; null when there are none. */
  localAwareness(): Uint8Array | null {
    const ids = [...this.connections.values()].flatMap((controlled) => [...controlled]).filter((id) => this.awareness.getStates().has(id))
    return ids.length === 0 ? null : awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)
  }

  /** Called by the commit queue after `count` updates of this room were stored. */
  committed(count: number): void {
    this.logLength += count
    if (this.logLength >= this.foldAfter) this.compactSoon()
    this.history?.committed(this)
  }

  /** Runs `fn` once every update applied so far is stored. */
  whenStored(fn: () => void): void {
    this.queue.whenDurable(fn)
  }

  /**
   * Runs `task` once every update applied so far is stored and before any
   * applied later is: a state of `doc` taken now is then what storage holds.
   */
  afterStored<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.afterStored(task)
  }

  /** Whether the room has been destroyed (unloaded or dropped). */
  get isDestroyed(): boolean {
    return this.destroyed
  }

  /**
   * Folds the update log into one snapshot: in the compactor's worker thread when
   * there is one (the main thread only writes the finished snapshot), else now.
   * One compaction at a time; updates committed while it runs stay in the log
   * and count towards the next.
   */
  private compactSoon(): void {
    if (!this.compactor) {
      this.compact()
      return
    }
    if (this.compacting) return
    this.compacting = true
    // Not chained after the commit queue: the worker folds what is stored by then,
    // up to the last row it read, and commits need not wait for it.
    void this.compactor(this.id).then((folded) => {
      this.compacting = false
      this.logLength = Math.max(0, this.logLength - folded)
    })
  }

  /**
   * Folds the update log into one snapshot: the doc's state now, written once
   * every update applied so far is stored (so the snapshot holds the whole log).
   * A failed compaction is tried again at the next commit.
   */
  compact(): void {
    const state = Y.encodeStateAsUpdate(this.doc)
    const opening = openingParagraphs(this.doc, { at: 0, ...MAX_OPENING })
    this.logLength = 0
    this.foldAfter = foldThreshold(this.compactAfterUpdates, state.byteLength)
    this.queue.afterStored(() => this.store.compact(this.id, state, opening)).catch(() => {
      this.logLength = this.foldAfter
    })
  }

  /** Whether a connection other than `connection` controls the awareness state of `clientId`. */
  controlledByOther(connection: SyncConnection, clientId: number): boolean {
    for (const [other, controlled] of this.connections) if (other !== connection && controlled.has(clientId)) return true
    return false
  }

  join(connection: SyncConnection): void {
    this.connections.set(connection, new Set())
  }

  /** Removes the connection and the awareness states it controlled. */
  leave(connection: SyncConnection): void {
    const controlled = this.connections.get(connection)
    if (!controlled) return
    this.connections.delete(connection)
    for (const [client, owner] of this.clientOwners) if (owner === connection.key) this.clientOwners.delete(client)
    if (controlled.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null)
  }

  destroy(): void {
    // Presence removed by the last leaves is still told (other instances drop those clients now).
    if (this.awarenessFlush) {
      clearImmediate(this.awarenessFlush)
      this.flushAwareness()
    }
    this.destroyed = true
    if (this.loadTimer) clearTimeout(this.loadTimer)
    this.awareness.destroy()
    this.loaded?.off('update', this.onUpdate)
    this.loaded?.destroy()
  }

  private loadDoc(stored: Uint8Array | null, queued: Uint8Array[]): Y.Doc {
    const doc = new Y.Doc()
    doc.transact(() => {
      if (stored) Y.applyUpdate(doc, stored, STORAGE_ORIGIN)
      for (const update of queued) Y.applyUpdate(doc, update, STORAGE_ORIGIN)
    }, STORAGE_ORIGIN)
    doc.on('update', this.onUpdate)
    return doc
  }

  /**
   * Rebuilds the doc from storage plus what is queued, once storage has caught
   * up with what was queued before (updates applied meanwhile go to the old doc
   * and are queued; they are in `pendingFor` when the new doc is built).
   */
  private reload(): void {
    this.queue
      .afterStored(() => this.store.fetch(this.id))
      .then((stored) => {
        if (this.destroyed || !this.loaded) return
        this.loaded.off('update', this.onUpdate)
        this.loaded = this.loadDoc(stored, this.queue.pendingFor(this))
      })
      .catch(() => {})
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    const typed = origin as UpdateOrigin | null
    if (typed?.kind === 'storage') return
    if (typed?.kind === 'remote') {
      this.broadcastUpdate(update, REMOTE_ORIGIN)
      return
    }
    this.queue.enqueue(this, update, typed ?? SERVER_ORIGIN, transactionRanges(transaction))
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const controlled = this.connections.get(origin as SyncConnection)
    if (controlled) {
      for (const id of added) controlled.add(id)
      for (const id of removed) controlled.delete(id)
    }
    for (const id of [...added, ...updated, ...removed]) {
      this.awarenessChanged.add(id)
      if (origin !== REMOTE_AWARENESS) this.awarenessChangedHere.add(id)
    }
    this.awarenessFlush ??= setImmediate(this.flushAwareness)
  }

  /**
   * Sends the awareness states changed during one turn of the event loop as ONE
   * message to every connection, the author too: y-websocket's provider
   * reconnects after 30 s without any message, and a lone client's own
   * awareness renewal is what it hears. E.g. 100 clients announcing themselves
   * as they connect, 20 per turn, cost 100 messages per turn, not 20 × 100.
   */
  private readonly flushAwareness = (): void => {
    this.awarenessFlush = null
    if (this.destroyed || this.awarenessChanged.size === 0) return
    const message = encodeAwarenessMessage(this.awareness, [...this.awarenessChanged])
    this.awarenessChanged.clear()
    for (const connection of this.connections.keys()) connection.send(message)
    if (this.awarenessChangedHere.size > 0) {
      if (this.publishAwareness) this.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awarenessChangedHere]))
      this.awarenessChangedHere.clear()
    }
  }
}

/** What history needs to hear from a room (server/history/HistoryRecorder). */
export interface RoomHistory {
  /** The doc was loaded from `stored` (one update): it equals what is stored. */
  opened(room: Room, stored: Uint8Array): void
  /**
   * A client's update is about to be applied (`update` is not empty; the doc
   * does not hold it yet): history may end the session of another author here.
   */
  changing(room: Room, origin: UpdateOrigin, update: Uint8Array): void
  /** Updates were stored: the doc equals what is stored. */
  committed(room: Room): void
}

/**
 * How many times a timed load waits again for states still being written (each
 * wait as long as the first): a socket that never drains must not keep the doc
 * unloaded for ever (an edit loads it at once in any case).
 */
const MAX_LOAD_POSTPONEMENTS = 10

/** A Yjs update with no structs and no deletions. */
const EMPTY_UPDATE = new Uint8Array([0, 0])

function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}
