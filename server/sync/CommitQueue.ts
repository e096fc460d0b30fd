import type { ClockRange } from '../persistence/clockRanges'
import type { DocumentStore } from '../persistence/DocumentStore'
import { authorOf, type UpdateOrigin } from './origins'
import type { Room } from './Room'

/** An update applied to a room, waiting to be stored and broadcast. */
export interface PendingUpdate {
  room: Room
  update: Uint8Array
  origin: UpdateOrigin
  /** The clock ranges it inserts, when known without decoding it (StoredUpdate.inserted). */
  inserted?: readonly ClockRange[]
}

/**
 * When a batch's peers are sent it:
 * - `after-stored`: once its `storeMany` resolved, so no peer ever sees an update that
 *   is not stored (durability `fsync`: not on disk; PostgreSQL: not committed).
 * - `when-cut`: at the cut, then stored in the same turn (SQLite, durability `commit`:
 *   `storeMany` is a synchronous commit without fsync). The batch's commit is taken out
 *   of its peers' latency (the WAL append, whose pwrite can wait out a busy disk's
 *   writeback for milliseconds, issue #20), not out of the event loop. Nothing is lost
 *   should the process die or the commit fail between the two: every update's writer
 *   still holds it, as do the peers that received it, and y-websocket clients send
 *   what the server lacks (sync step 2) when they reconnect; no client is ever told
 *   an update is stored (docs/ARCHITECTURE.md, Storage).
 */
export type BroadcastOrder = 'after-stored' | 'when-cut'

/**
 * Group commit: every update applied to any room during one turn of the event
 * loop is collected here, written to storage in ONE transaction on the next
 * `setImmediate` (or, while a batch is being stored, as soon as it is: all that
 * arrived meanwhile, together), and broadcast as one message per peer: after it is
 * stored, or when it is cut (see BroadcastOrder). The commit cost (with durability
 * `fsync`, the fsync; on PostgreSQL, the round trip) is paid once per batch, not once
 * per update.
 *
 * Storage is asynchronous (DocumentStore): batches are stored one after the
 * other, in the order they were cut, while new updates collect for the next
 * batch. Tasks that need storage to equal a known state (compaction, history
 * checkpoints) run in the same chain (`afterStored`), between two batches.
 *
 * Worked example: 10 writers whose frames arrive in the same turn of the loop
 * make 10 entries, one transaction of 10 INSERTs (one WAL append), then ONE
 * message per peer carrying the 10 updates merged, where sending each update on
 * its own cost 10 messages per peer (see Room.broadcastUpdates).
 */
export class CommitQueue {
  private pending: PendingUpdate[] = []
  /** Batches cut and not yet stored (or failed), oldest first. */
  private readonly inFlight: PendingUpdate[][] = []
  private tail: Promise<unknown> = Promise.resolve()
  /** Number of batches cut so far, and of those finished (stored or failed). */
  private cutCount = 0
  private doneCount = 0
  private waiting: { batch: number; fn: () => void }[] = []
  private scheduled: NodeJS.Immediate | null = null

  constructor(
    private readonly store: DocumentStore,
    private readonly onFailure: (rooms: Set<Room>, error: unknown) => void,
    /** Told which documents a commit changed, after their broadcast; what it throws is ignored. */
    private readonly onCommitted: (documentIds: readonly string[]) => void = () => {},
    /** The clock updates are stored with (ms since the epoch); tests of history set it. */
    private readonly now: () => number = Date.now,
    /** Told of each room's updates once stored (the fan-out publishes them to other instances). */
    private readonly onStored: (room: Room, updates: Uint8Array[]) => void = () => {},
    private readonly broadcastOrder: BroadcastOrder = 'after-stored',
  ) {}

  /** Number of updates waiting to be cut into a batch; a mark for `discardFrom`. */
  get size(): number {
    return this.pending.length
  }

  enqueue(room: Room, update: Uint8Array, origin: UpdateOrigin, inserted?: readonly ClockRange[]): void {
    this.pending.push({ room, update, origin, inserted })
    this.scheduled ??= setImmediate(() => this.cutUnlessCommitting())
  }

  /** Drops the updates enqueued after `mark` (they came from an update Yjs failed to apply). */
  discardFrom(mark: number): void {
    this.pending.length = Math.min(this.pending.length, mark)
  }

  /** Updates of `room` enqueued but not yet stored (being stored included), oldest first. */
  pendingFor(room: Room): Uint8Array[] {
    return [...this.inFlight.flat(), ...this.pending].filter((entry) => entry.room === room).map((entry) => entry.update)
  }

  /** Runs `fn` once everything enqueued so far is stored (or failed): now when nothing is waiting. */
  whenDurable(fn: () => void): void {
    this.flush()
    if (this.doneCount === this.cutCount) fn()
    else this.waiting.push({ batch: this.cutCount, fn })
  }

  /**
   * Runs `task` once everything enqueued so far is stored, and before anything
   * enqueued later is: storage then holds exactly what was applied up to this call.
   * Resolves or rejects with the task.
   */
  afterStored<T>(task: () => Promise<T>): Promise<T> {
    this.flush()
    const result = this.tail.then(task)
    this.tail = result.catch(() => {})
    return result
  }

  /** Resolves once every batch cut and every task queued so far is done. */
  async idle(): Promise<void> {
    this.flush()
    let tail
    do {
      this.flush()
      tail = this.tail
      await tail
    } while (tail !== this.tail || this.pending.length > 0)
  }

  /**
   * The turn-of-the-loop cut: deferred while a batch is being stored, so that what
   * arrives meanwhile goes to storage as ONE batch when it is done (`commit` cuts
   * it), not as one small batch per turn queued behind it. With SQLite a batch is
   * stored before the next turn and this is `flush`; with PostgreSQL, where a
   * commit is a round trip and a WAL flush, the batches grow with the load.
   */
  private cutUnlessCommitting(): void {
    this.scheduled = null
    if (this.inFlight.length === 0) this.flush()
  }

  /** Cuts what is pending into a batch, to be stored after the batches before it (broadcast now or once stored: BroadcastOrder). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = null
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    const id = ++this.cutCount
    this.inFlight.push(batch)
    // Grouped once, for the broadcast and the commit's per-room steps alike.
    const rooms = byRoom(batch)
    if (this.broadcastOrder === 'when-cut') broadcast(rooms)
    this.tail = this.tail.then(() => this.commit(batch, rooms, id))
  }

  /**
   * Stores one batch (`rooms`: its entries by room), then broadcasts it unless that was
   * done when it was cut; a failure drops its rooms (onFailure). Never rejects.
   */
  private async commit(batch: PendingUpdate[], rooms: ReadonlyMap<Room, PendingUpdate[]>, id: number): Promise<void> {
    try {
      const at = this.now()
      await this.store.storeMany(batch.map(({ room, update, origin, inserted }) => ({ documentId: room.id, update, author: authorOf(origin), at, inserted })))
    } catch (error) {
      this.finish(id)
      this.onFailure(new Set(rooms.keys()), error)
      this.runWaiting()
      this.cutAfterCommit()
      return
    }
    this.finish(id)
    // Published first (one message per room and batch): the other instances then
    // apply and send it while this one writes to its own sockets.
    for (const [room, entries] of rooms) {
      try {
        this.onStored(room, entries.map((entry) => entry.update))
      } catch {
        // Publishing is best effort: other instances catch up from the database.
      }
    }
    if (this.broadcastOrder === 'after-stored') broadcast(rooms)
    for (const [room, entries] of rooms) if (!room.isDestroyed) room.committed(entries.length)
    try {
      this.onCommitted([...rooms.keys()].map((room) => room.id))
    } catch {
      // A side task (the search index) must never break the commit path.
    }
    this.runWaiting()
    this.cutAfterCommit()
  }

  /** What arrived while the last batch cut was being stored is the next batch (see `cutUnlessCommitting`). */
  private cutAfterCommit(): void {
    if (this.inFlight.length === 0 && this.pending.length > 0) this.flush()
  }

  private finish(id: number): void {
    this.inFlight.shift()
    this.doneCount = id
  }

  private runWaiting(): void {
    const ready = this.waiting.filter((entry) => entry.batch <= this.doneCount)
    this.waiting = this.waiting.filter((entry) => entry.batch > this.doneCount)
    for (const { fn } of ready) fn()
  }
}

/** A batch's entries by room, in the order they were applied. */
function byRoom(batch: readonly PendingUpdate[]): Map<Room, PendingUpdate[]> {
  const rooms = new Map<Room, PendingUpdate[]>()
  for (const entry of batch) {
    const entries = rooms.get(entry.room)
    if (entries) entries.push(entry)
    else rooms.set(entry.room, [entry])
  }
  return rooms
}

/** Sends each room's updates of a batch to its connections (Room.broadcastUpdates). */
function broadcast(rooms: ReadonlyMap<Room, PendingUpdate[]>): void {
  for (const [room, entries] of rooms) if (!room.isDestroyed) room.broadcastUpdates(entries)
}
