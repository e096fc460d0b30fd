import type { DocumentPersistence } from '../persistence/DocumentPersistence'
import { authorOf, type UpdateOrigin } from './origins'
import type { Room } from './Room'

/** An update applied to a room, waiting to be stored and broadcast. */
export interface PendingUpdate {
  room: Room
  update: Uint8Array
  origin: UpdateOrigin
}

/**
 * Group commit: every update applied to any room during one turn of the event
 * loop is collected here, written to storage in ONE transaction on the next
 * `setImmediate`, and only then broadcast. So no peer ever sees an update that
 * is not yet committed, and the commit cost (with durability `fsync`, the
 * fsync) is paid once per tick, not once per update.
 *
 * Worked example: 10 writers whose frames arrive in the same turn of the loop
 * make 10 entries, one transaction of 10 INSERTs (one WAL append), then ONE
 * message per peer carrying the 10 updates merged (minus the peer's own), where
 * sending each update on its own cost 10 messages per peer (see Room.broadcastUpdates).
 */
export class CommitQueue {
  private pending: PendingUpdate[] = []
  private callbacks: (() => void)[] = []
  private scheduled: NodeJS.Immediate | null = null

  constructor(
    private readonly persistence: DocumentPersistence,
    private readonly onFailure: (rooms: Set<Room>, error: unknown) => void,
    /** Told which documents a commit changed, after their broadcast; what it throws is ignored. */
    private readonly onCommitted: (documentIds: readonly string[]) => void = () => {},
    /** The clock updates are stored with (ms since the epoch); tests of history set it. */
    private readonly now: () => number = Date.now,
  ) {}

  /** Number of updates waiting; a mark for `discardFrom`. */
  get size(): number {
    return this.pending.length
  }

  enqueue(room: Room, update: Uint8Array, origin: UpdateOrigin): void {
    this.pending.push({ room, update, origin })
    this.scheduled ??= setImmediate(() => this.flush())
  }

  /** Drops the updates enqueued after `mark` (they came from an update Yjs failed to apply). */
  discardFrom(mark: number): void {
    this.pending.length = Math.min(this.pending.length, mark)
  }

  /** Updates of `room` enqueued but not yet stored, oldest first. */
  pendingFor(room: Room): Uint8Array[] {
    return this.pending.filter((entry) => entry.room === room).map((entry) => entry.update)
  }

  /** Runs `fn` once everything enqueued so far is durable: now when nothing is pending. */
  whenDurable(fn: () => void): void {
    if (this.pending.length === 0) fn()
    else this.callbacks.push(fn)
  }

  /** Stores what is pending, then broadcasts it and runs the waiting callbacks. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = null
    const batch = this.pending
    const callbacks = this.callbacks
    this.pending = []
    this.callbacks = []
    if (batch.length > 0) {
      const byRoom = new Map<Room, PendingUpdate[]>()
      for (const entry of batch) {
        const entries = byRoom.get(entry.room)
        if (entries) entries.push(entry)
        else byRoom.set(entry.room, [entry])
      }
      try {
        const at = this.now()
        this.persistence.storeMany(batch.map(({ room, update, origin }) => ({ documentId: room.id, update, author: authorOf(origin), at })))
      } catch (error) {
        this.onFailure(new Set(byRoom.keys()), error)
        for (const fn of callbacks) fn()
        return
      }
      for (const [room, entries] of byRoom) room.broadcastUpdates(entries)
      for (const [room, entries] of byRoom) room.committed(entries.length)
      try {
        this.onCommitted([...byRoom.keys()].map((room) => room.id))
      } catch {
        // A side task (the search index) must never break the commit path.
      }
    }
    for (const fn of callbacks) fn()
  }
}
