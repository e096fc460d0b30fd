import type { HistoryStore } from '../persistence/HistoryStore'
import type { Room, RoomHistory } from '../sync/Room'

export interface HistoryOptions {
  /**
   * Longest run of activity without a checkpoint, in ms: a commit this long after
   * the last checkpoint takes one. Default 5 minutes (issue 15: "at least every 5
   * minutes of activity").
   */
  checkpointEveryMs: number
  /**
   * A pause this long after the last commit ends an editing session: its state
   * becomes an automatic version. Default 2 minutes: a typist's pauses to read
   * are shorter; a break, a meeting or the end of the day is longer.
   */
  sessionGapMs: number
  /** The clock, ms since the epoch (tests move it). */
  now: () => number
  log: (line: string) => void
}

export const DEFAULT_HISTORY_OPTIONS = { checkpointEveryMs: 5 * 60_000, sessionGapMs: 2 * 60_000 }

interface Activity {
  /** When the current run of activity began (or its last checkpoint was taken). */
  since: number
  /** Timer ending the session after `sessionGapMs` of quiet. */
  quiet: NodeJS.Timeout | null
}

/**
 * Decides when a room's state becomes a checkpoint (automatic version): when
 * the document first loads without any checkpoint (its original state), when a
 * session ends (`sessionGapMs` without a commit), every `checkpointEveryMs` of
 * continuous activity, and when the room unloads with changes since the last
 * one (so a restart never loses a session's end). A checkpoint is always taken
 * right after a commit or once everything applied is stored, when the room's
 * doc is exactly what storage holds.
 */
export class HistoryRecorder implements RoomHistory {
  private readonly active = new Map<Room, Activity>()

  constructor(private readonly store: HistoryStore, private readonly options: HistoryOptions) {}

  opened(room: Room): void {
    if (this.store.versions(room.id).length === 0) this.takeQuietly(room)
  }

  committed(room: Room): void {
    const now = this.options.now()
    let activity = this.active.get(room)
    if (!activity) {
      activity = { since: now, quiet: null }
      this.active.set(room, activity)
    }
    if (now - activity.since >= this.options.checkpointEveryMs) {
      this.takeQuietly(room)
      activity.since = now
    }
    if (activity.quiet) clearTimeout(activity.quiet)
    activity.quiet = setTimeout(() => room.whenStored(() => this.endSession(room)), this.options.sessionGapMs)
    activity.quiet.unref()
  }

  /** Called before a room unloads, once its updates are stored: a session in progress ends here. */
  unloading(room: Room): void {
    if (this.active.has(room)) this.endSession(room)
  }

  /**
   * Names the room's current state (once everything applied is stored) and
   * resolves with the checkpoint's id.
   */
  nameCurrent(room: Room, name: string): Promise<number> {
    return new Promise((resolve, reject) => {
      room.whenStored(() => {
        try {
          resolve(this.take(room, name))
        } catch (error) {
          reject(error)
        }
      })
    })
  }

  private endSession(room: Room): void {
    const activity = this.active.get(room)
    if (activity?.quiet) clearTimeout(activity.quiet)
    this.active.delete(room)
    if (!room.isDestroyed) this.takeQuietly(room)
  }

  private take(room: Room, name: string | null = null): number {
    return this.store.checkpoint(room.id, room.doc, this.options.now(), name)
  }

  /** An automatic checkpoint: a failure is logged, never thrown, so it cannot stop a commit; the next one covers the changes. */
  private takeQuietly(room: Room): void {
    try {
      this.take(room)
    } catch (error) {
      this.options.log(`history ${room.id}: checkpoint failed: ${String(error)}`)
    }
  }
}
