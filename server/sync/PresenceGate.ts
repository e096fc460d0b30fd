import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { colorForId, presenceColor } from '../../doc/presence/presenceColor'
import type { ConnectionGrant } from './principal'
import { TokenBucket } from './TokenBucket'

/** Presence limits of one connection. */
export interface PresenceLimits {
  /** Largest awareness frame accepted, in bytes; larger closes the socket (`presenceTooLarge`). Default 16 KiB. */
  maxPresenceBytes: number
  /**
   * Awareness messages a connection may send per second, on average; default 20.
   * y-protocols renews a state every 15 s and a cursor moves at most once per
   * keystroke or pointer event, so 20/s with a burst of 2 s (40) is far above use:
   * e.g. a flood of 7,000 messages a second (issue 14) is dropped after the first 40.
   */
  presencePerSecond: number
  /**
   * How long a presence flooder's socket is held unread before it is closed (4429), in
   * ms; default 10 s. Closed at once, a flooder reconnects at once and floods again on
   * a fresh socket (an upgrade, a join, its first bytes read, and the megabytes it
   * pushes into the OS's buffers, every time); held, its sends stop on a full TCP
   * window and it costs nothing meanwhile. Keep-alive pings skip a held socket.
   */
  floodHoldMs: number
}

export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = { maxPresenceBytes: 16 * 1024, presencePerSecond: 20, floodHoldMs: 10_000 }

/**
 * Messages over the rate within one second beyond which the sender is flooding
 * rather than bursting: 10 × the rate (200 a second by default), far beyond a
 * cursor (about one message per keystroke or pointer event, renewals every 15 s).
 */
const FLOOD_FACTOR = 10

/** Longest presence name kept, in UTF-16 code units. */
const MAX_NAME = 64

/**
 * Whether one more awareness frame fits the rate, decided before anything of it is
 * decoded: `ok`; `later` (over the rate: not handled now, the latest such frame is
 * tried again once the rate allows, as presence is a state and the last one must
 * not be lost); `flood` (more than FLOOD_FACTOR × the rate over it within one second).
 */
export type PresenceAdmission = 'ok' | 'later' | 'flood'

/** What to do with one awareness update admitted by the rate. */
export type PresenceVerdict =
  /** Apply `update` (rewritten: only the connection's own client, name and colour from its principal). */
  | { kind: 'apply'; update: Uint8Array; clientId: number }
  /** Drop it silently (only other clients' states). */
  | { kind: 'drop' }
  /** Close the socket. */
  | { kind: 'close'; why: 'too-large' | 'malformed' }

/**
 * Presence bound to one connection (issue 14): the connection may set only the
 * awareness state of the Yjs client id it announced first; the `user` field's name
 * and colour come from its principal (server overwrites; in open mode the name is
 * the client's, cut to 64 units, and the colour must be #rrggbb); frames are
 * capped in rate (`admit`, on the frame's first byte, so a flood costs no decoding)
 * and in size (`filter`).
 */
export class PresenceGate {
  private clientId: number | null = null
  /** `presencePerSecond` a second, up to two seconds' worth saved. */
  private readonly bucket: TokenBucket
  private droppedThisSecond = 0
  private droppedSince = 0

  constructor(
    private readonly grant: () => ConnectionGrant,
    private readonly limits: PresenceLimits,
    /** Whether another connection of the room already controls this client id. */
    private readonly claimedElsewhere: (clientId: number) => boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.bucket = new TokenBucket(limits.presencePerSecond, limits.presencePerSecond * 2, now)
  }

  /**
   * Spends one message of the rate on an awareness frame, or says why not. Called
   * before the frame is decoded at all: a flood's overflow costs a subtraction.
   */
  admit(): PresenceAdmission {
    if (this.bucket.take()) return 'ok'
    const now = this.now()
    if (now - this.droppedSince >= 1000) {
      this.droppedSince = now
      this.droppedThisSecond = 0
    }
    return ++this.droppedThisSecond > this.limits.presencePerSecond * FLOOD_FACTOR ? 'flood' : 'later'
  }

  /** Decides about one awareness update (the payload of an awareness frame) that `admit` let through. */
  filter(update: Uint8Array): PresenceVerdict {
    if (update.length > this.limits.maxPresenceBytes) return { kind: 'close', why: 'too-large' }
    let entries: { clientId: number; clock: number; state: unknown }[]
    try {
      entries = decodeAwareness(update)
    } catch {
      return { kind: 'close', why: 'malformed' }
    }
    if (this.clientId === null) {
      const first = entries[0]?.clientId
      if (first === undefined || this.claimedElsewhere(first)) return { kind: 'drop' }
      this.clientId = first
    }
    const own = entries.filter((entry) => entry.clientId === this.clientId)
    if (own.length === 0) return { kind: 'drop' }
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, own.length)
    for (const entry of own) {
      encoding.writeVarUint(encoder, entry.clientId)
      encoding.writeVarUint(encoder, entry.clock)
      encoding.writeVarString(encoder, JSON.stringify(this.bind(entry.state)))
    }
    return { kind: 'apply', update: encoding.toUint8Array(encoder), clientId: this.clientId }
  }

  /** The state with `user` set from the principal; null (the client left) stays null. */
  private bind(state: unknown): unknown {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) return state === null ? null : {}
    const { principal, open } = this.grant()
    const claimed = (state as { user?: { name?: unknown; color?: unknown } }).user
    const user = open
      ? {
          name: typeof claimed?.name === 'string' ? claimed.name.slice(0, MAX_NAME) : principal.name,
          color: presenceColor(claimed?.color),
        }
      : { name: principal.name, color: colorForId(principal.id) }
    return { ...state, user }
  }
}

/** y-protocols' awareness update: count, then per client its id, clock and JSON state. Throws on bad bytes. */
function decodeAwareness(update: Uint8Array): { clientId: number; clock: number; state: unknown }[] {
  // A copy: lib0 reads past the end of a view into a larger buffer instead of throwing.
  const decoder = decoding.createDecoder(update.slice())
  const count = decoding.readVarUint(decoder)
  const entries = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state: unknown = JSON.parse(decoding.readVarString(decoder))
    entries.push({ clientId, clock, state })
  }
  return entries
}
