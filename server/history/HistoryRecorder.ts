import * as Y from 'yjs'
import { docState, type DocState, type HistoryStore } from '../persistence/HistoryStore'
import { authorOf, type UpdateOrigin } from '../sync/origins'
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
  /**
   * Whether a client edit by another author than the session's ends the session
   * (issue 15: versions "grouped by author and time"). Default true; off, only
   * time groups them (a test that checks checkpoints against moments it records
   * from the clients turns it off).
   */
  sessionPerAuthor: boolean
  /**
   * How long the session's author must have been quiet for another author's edit
   * to end the session: the turn passes. Edits by several authors closer together
   * than this are typing at the same time, and make one version listing them all
   * (ending a session at every interleaved keystroke gave one version per
   * character and a checkpoint plus a cut commit batch per update, issue #20).
   * Default 10 s; 0 ends a session at every change of author.
   */
  handoverGapMs: number
  /** The clock, ms since the epoch (tests move it). */
  now: () => number
  log: (line: string) => void
}

export const DEFAULT_HISTORY_OPTIONS = { checkpointEveryMs: 5 * 60_000, sessionGapMs: 2 * 60_000, sessionPerAuthor: true, handoverGapMs: 10_000 }

interface Activity {
  /** When the current run of activity began (or its last checkpoint was taken). */
  since: number
  /** Timer ending the session after `sessionGapMs` of quiet. */
  quiet: NodeJS.Timeout | null
}

/** The last client edit of the session in progress, by room: its author's principal id and when. */
type SessionAuthors = Map<Room, { author: string; at: number }>

/**
 * Decides when a room's state becomes a checkpoint (automatic version): when
 * the document first loads without any checkpoint (its original state), when a
 * session ends (`sessionGapMs` without a commit, or a client edit by another
 * author than the session's: editors think of "Alice's changes, then Bob's"),
 * every `checkpointEveryMs` of
 * continuous activity, and when the room unloads with changes since the last
 * one (so a restart never loses a session's end). A checkpoint takes the
 * room's doc as it is at that moment and is written once every update applied
 * until then is stored, before any applied later (Room.afterStored): so its
 * state is exactly what storage held, and its authorship matches.
 */
export class HistoryRecorder implements RoomHistory {
  private readonly active = new Map<Room, Activity>()
  private readonly sessionAuthors: SessionAuthors = new Map()
  /** The state vector of the latest checkpoint written for each room (see `take`). */
  private readonly written = new WeakMap<Room, Uint8Array>()

  constructor(private readonly store: HistoryStore, private readonly options: HistoryOptions) {}

  /**
   * A document's first checkpoint is its state when a room first loads it: the
   * stored bytes it was loaded from, so nothing is encoded here (encoding a 1 MB
   * document took ~70 ms of the event loop at every room load, on the first edit),
   * and its state vector is read from them only when there is no checkpoint yet.
   */
  opened(room: Room, stored: Uint8Array): void {
    const at = this.options.now()
    this.quietly(room, room.afterStored(async () => {
      if ((await this.store.versions(room.id)).length > 0) return
      // Re-encoded as Y.encodeStateVector(doc) writes it (clients sorted), so that later
      // checkpoints compare equal to it byte for byte when nothing changed.
      const stateVector = Y.encodeStateVector(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored)))
      await this.store.checkpoint(room.id, { update: stored, stateVector }, at)
      this.written.set(room, stateVector)
    }))
  }

  /**
   * A client edit by another author than the session's, once the session's last
   * edit is `handoverGapMs` old (the turn passed), ends the session before the
   * edit is applied: what is pending is stored now, so the doc equals storage,
   * and that state becomes a version holding only the earlier author's changes.
   * Authors typing at the same time (edits closer together than that) share the
   * session and its version. The store merges nothing, but a version whose state
   * equals the last one is not stored again. An update that brings nothing new (a
   * client re-sending what the room has, on reconnect) ends nothing. (The
   * version is the doc's state now, written once what is pending is stored.)
   */
  changing(room: Room, origin: UpdateOrigin, update: Uint8Array): void {
    const author = origin.kind === 'connection' ? authorOf(origin)?.id : undefined
    if (author === undefined || !this.options.sessionPerAuthor) return
    const previous = this.sessionAuthors.get(room)
    const now = this.options.now()
    if (previous?.author === author) {
      previous.at = now
      return
    }
    if (!bringsStructs(update, room.doc)) {
      if (previous === undefined) this.sessionAuthors.set(room, { author, at: now })
      return
    }
    const turnPassed = previous !== undefined && previous.author !== author && now - previous.at >= this.options.handoverGapMs
    if (turnPassed && this.active.has(room)) this.endSession(room)
    this.sessionAuthors.set(room, { author, at: now })
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
    activity.quiet = setTimeout(() => this.endSession(room), this.options.sessionGapMs)
    activity.quiet.unref()
  }

  /** Called before a room unloads, once its updates are stored: a session in progress ends here. */
  unloading(room: Room): void {
    if (this.active.has(room)) this.endSession(room)
  }

  /**
   * Names the room's current state (written once everything applied is stored)
   * and resolves with the checkpoint's id.
   */
  nameCurrent(room: Room, name: string): Promise<number> {
    return this.take(room, name)
  }

  private endSession(room: Room): void {
    const activity = this.active.get(room)
    if (activity?.quiet) clearTimeout(activity.quiet)
    this.active.delete(room)
    this.sessionAuthors.delete(room)
    if (!room.isDestroyed) this.takeQuietly(room)
  }

  /**
   * The room's state now, written once what is applied is stored. After a
   * checkpoint of this room succeeded, only what changed since its state vector is
   * encoded (DocState.since): with several authors typing at once a session ends at
   * nearly every update, and encoding a 1 MB document whole each time held the
   * event loop 30-70 ms per update. A checkpoint queued before this one and not yet
   * written only makes `since` older, which the store accepts (the delta overlaps).
   */
  private take(room: Room, name: string | null = null): Promise<number> {
    const since = this.written.get(room)
    const doc = room.doc
    const state: DocState = since
      ? { update: Y.encodeStateAsUpdate(doc, since), stateVector: Y.encodeStateVector(doc), since }
      : docState(doc)
    const at = this.options.now()
    const written = room.afterStored(() => this.store.checkpoint(room.id, state, at, name))
    written.then(
      () => this.written.set(room, state.stateVector),
      () => this.written.delete(room),
    )
    return written
  }

  /** An automatic checkpoint: a failure is logged, never thrown, so it cannot stop a commit; the next one covers the changes. */
  private takeQuietly(room: Room): void {
    this.quietly(room, this.take(room))
  }

  private quietly(room: Room, checkpoint: Promise<unknown>): void {
    checkpoint.catch((error: unknown) => this.options.log(`history ${room.id}: checkpoint failed: ${String(error)}`))
  }
}

/**
 * Whether `update` inserts anything `doc` lacks, or only deletes (no structs at
 * all): then it changes the doc. A reconnecting client's re-sent state holds
 * only structs the doc has. Bytes Yjs cannot parse count as a change; the room
 * rejects them right after.
 */
function bringsStructs(update: Uint8Array, doc: Y.Doc): boolean {
  try {
    const { to } = Y.parseUpdateMeta(update)
    if (to.size === 0) return true
    const have = Y.decodeStateVector(Y.encodeStateVector(doc))
    for (const [client, clock] of to) if (clock > (have.get(client) ?? 0)) return true
    return false
  } catch {
    return true
  }
}
