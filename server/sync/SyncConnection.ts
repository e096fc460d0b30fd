import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { WebSocket } from 'ws'
import { CLOSE_CODES, type CloseCode } from './closeCodes'
import type { UpdateOrigin } from './origins'
import { checkUpdate, type RefusalReason } from '../../doc/access/checkUpdate'
import { encodeRoleMessage } from '../../doc/access/roleMessage'
import type { ConnectionGrant, Principal } from './principal'
import { DEFAULT_PRESENCE_LIMITS, PresenceGate, type PresenceLimits } from './PresenceGate'
import { DEFAULT_UPDATE_LIMITS, UpdateGate, type UpdateLimits } from './UpdateGate'
import { MESSAGE, SYNC_MESSAGE, encodeAwarenessMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdateMessage } from './protocol'
import type { CommitQueue } from './CommitQueue'
import type { Room } from './Room'

/** A frame that breaks the protocol; the connection is closed with `code`. */
class ProtocolViolation extends Error {
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Our step 1 is held back until the client's step 1 is answered; a client that
 * never sends one gets ours after this long: e.g. a listener that only waits for
 * updates learns our state vector within half a second.
 */
const STEP1_FALLBACK_MS = 500

/**
 * After a join answered from the stored bytes, the room's doc loads this long
 * after (unless an edit loads it first): e.g. five clients joining a 1 MB document
 * within a second are each sent the stored bytes, and the ~60 ms load comes after.
 */
const LOAD_AFTER_JOIN_MS = 1000

/** The close code for each reason an update is refused (closeCodes.ts). */
const REFUSAL_CLOSE: Record<RefusalReason, CloseCode> = {
  malformed: CLOSE_CODES.malformedMessage,
  inconsistent: CLOSE_CODES.invalidUpdate,
  shape: CLOSE_CODES.invalidUpdate,
  forbidden: CLOSE_CODES.forbidden,
  authorship: CLOSE_CODES.forbidden,
}

let connectionCount = 0

/**
 * Bytes queued for a peer above which its document updates are held back and merged
 * instead of queued one by one (see `sendUpdate`): e.g. a peer on a stalled network
 * behind 1,000 updates of 1 KB gets, once it reads again, one message of ≤ 1 MB
 * (less where updates overlap) rather than 1,000 frames, and the server holds one
 * merged update instead of 1,000 buffers meanwhile.
 */
const HOLD_ABOVE_BYTES = 256 * 1024
/** Held updates are merged into one whenever this many have piled up, bounding the list. */
const MERGE_HELD_EVERY = 64

/** How long a flooder's socket stays after our close frame (see `close`). */
const FLOOD_CUTOFF_MS = 100

/** When a presence update held back by the rate is tried again: two tokens of the default 20 a second. */
const PRESENCE_RETRY_MS = 100

const PRESENCE_CLOSE: Record<'too-large' | 'malformed', [CloseCode, string]> = {
  'too-large': [CLOSE_CODES.presenceTooLarge, 'presence state too large'],
  malformed: [CLOSE_CODES.malformedMessage, 'bad awareness update'],
}

/**
 * One client's websocket in one room: decodes its y-websocket frames, checks
 * every update with the access rule (doc/access/checkUpdate) before it is applied,
 * and closes it (only it) with a named code when a frame breaks the protocol or an
 * update is refused: a refused update is neither applied, stored nor broadcast.
 * The principal is fixed when the connection opens; its role can be lowered or
 * revoked meanwhile (SyncServer.recheckAccess), and the client is then told its
 * new role (doc/access/roleMessage).
 */
export class SyncConnection {
  /** Cleared by each keep-alive ping, set by the pong. */
  alive = true
  private closed = false
  /**
   * Frames received while the room catches up from storage (`catchUpThenRetry`),
   * handled in order afterwards; null when not holding.
   */
  private held: Uint8Array[] | null = null
  /** Set while the frame that asked for a catch-up is handled again: its refusal is final then. */
  private retrying = false
  /** Our step 1 went out and the client's step 2 (what we lack of its state) has not come yet. */
  private step2Pending = false
  /**
   * Updates that did not fit, received before that step 2: a client reconnecting
   * after its server died sends what it types at once, before the step 2 that
   * carries its earlier edits the dead server never stored. Handled again after it.
   */
  private readonly beforeStep2: Uint8Array[] = []
  /** The frame being handled (what `beforeStep2` keeps). */
  private frame: Uint8Array | null = null
  /** The latest awareness frame held back by the presence rate, and the timer that retries it. */
  private deferredPresence: Uint8Array | null = null
  private presenceRetry: NodeJS.Timeout | null = null
  /** Set once the presence rate saw a flood: nothing more is read, and the socket closes after `floodHoldMs`. */
  private flooding = false
  /** Our step 1 is held back until the room's doc is loaded. */
  private step1Awaited = false
  private readonly origin: UpdateOrigin
  /** Unique to this connection: what the room records as the owner of the Yjs client ids it writes with. */
  readonly key = `connection-${++connectionCount}`
  private readonly presence: PresenceGate
  private readonly floodHoldMs: number
  private readonly updates: UpdateGate
  /** Document updates held back while the peer is not reading (see `sendUpdate`), oldest first. */
  private outgoingHeld: Uint8Array[] = []

  constructor(
    readonly socket: WebSocket,
    readonly room: Room,
    public grant: ConnectionGrant,
    private readonly queue: CommitQueue,
    private readonly log: (line: string) => void,
    /** Bytes queued for this peer beyond which it is closed as too slow. */
    private readonly maxBufferedBytes: number,
    presenceLimits: PresenceLimits = DEFAULT_PRESENCE_LIMITS,
    updateLimits: UpdateLimits = DEFAULT_UPDATE_LIMITS,
  ) {
    this.origin = { kind: 'connection', connection: this }
    this.updates = new UpdateGate(updateLimits)
    this.floodHoldMs = presenceLimits.floodHoldMs
    this.presence = new PresenceGate(() => this.grant, presenceLimits, (clientId) => this.room.controlledByOther(this, clientId))
  }

  get principal(): Principal {
    return this.grant.principal
  }

  /**
   * The role changed (an owner changed it, SyncServer.recheckAccess): the updates
   * that follow are checked against `role`, and the client is told, so its editor
   * turns read-only (or writable) without a reload.
   */
  changeRole(role: ConnectionGrant['role']): void {
    if (role === this.grant.role) return
    this.grant = { ...this.grant, role }
    this.send(encodeRoleMessage(role))
  }

  /**
   * Greets the client: our state vector (step 1) and everyone's awareness. While
   * the room's doc is not loaded, step 1 waits until the client's own step 1 is
   * answered (a step 1 may come at any time in y-protocols' sync): reading the
   * state vector from the stored bytes costs ~15 ms for 1 MB, which the first
   * client to join should not wait for.
   */
  start(): void {
    if (this.room.isLoaded) this.sendStep1()
    else {
      this.step1Awaited = true
      // Should the client never send its step 1, greet it anyway.
      setTimeout(() => this.sendStep1IfAwaited(), STEP1_FALLBACK_MS).unref()
    }
    const states = this.room.awareness.getStates()
    if (states.size > 0) this.send(encodeAwarenessMessage(this.room.awareness, [...states.keys()]))
  }

  /** Sends our step 1 if `start` held it back. */
  private sendStep1IfAwaited(): void {
    if (!this.step1Awaited) return
    this.step1Awaited = false
    this.sendStep1()
  }

  /** The client's step 2 is applied: the updates kept until then are handled again, in order. */
  private step2Received(): void {
    if (!this.step2Pending) return
    this.step2Pending = false
    for (const frame of this.beforeStep2.splice(0)) this.receive(frame)
  }

  private sendStep1(): void {
    this.step2Pending = true
    this.send(encodeSyncStep1(this.room.stateVector()))
  }

  /**
   * Queues `message`; `onWritten` runs once the socket has handed it to the OS (not on
   * failure), `onDropped` instead when it is not sent or the socket fails first.
   */
  send(message: Uint8Array, onWritten?: () => void, onDropped?: () => void): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) {
      onDropped?.()
      return
    }
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      // Queuing more would hold memory for a peer that is not reading; it will
      // catch up through sync step 1/2 when it reconnects.
      this.log(`sync ${this.room.id}: closing ${JSON.stringify(this.principal.id)}: ${this.socket.bufferedAmount} bytes unread`)
      this.close(CLOSE_CODES.slowConsumer, 'not reading fast enough')
      onDropped?.()
      return
    }
    this.socket.send(message, (error) => {
      if (error) {
        onDropped?.()
        return
      }
      onWritten?.()
      if (this.outgoingHeld.length > 0) this.releaseHeld()
    })
  }

  /**
   * Sends one stored document update (`message`, its encoded frame, shared by every
   * peer). Backpressure: while more than HOLD_ABOVE_BYTES are queued for this peer
   * the update is held instead; held updates go out merged as ONE update when the
   * queue has drained (the write callback of what is queued), so a slow peer costs
   * neither memory per update nor a frame per update, and the others are not held up.
   */
  sendUpdate(update: Uint8Array, message: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return
    if (this.outgoingHeld.length === 0 && this.socket.bufferedAmount <= HOLD_ABOVE_BYTES) {
      this.send(message)
      return
    }
    this.outgoingHeld.push(update)
    // Held updates merge into what the peer lacks, no more than the document gained
    // meanwhile (which a reconnecting peer would be sent anyway); a peer that reads
    // nothing at all is dropped by the keep-alive within two ping intervals.
    if (this.outgoingHeld.length >= MERGE_HELD_EVERY) this.mergeHeld()
  }

  /** Updates held back for this peer so far (for tests and diagnostics). */
  get heldUpdates(): number {
    return this.outgoingHeld.length
  }

  private mergeHeld(): void {
    if (this.outgoingHeld.length < 2) return
    this.outgoingHeld = [Y.mergeUpdates(this.outgoingHeld)]
  }

  /** Sends what is held as one update once the peer's queue is short again. */
  private releaseHeld(): void {
    if (this.closed || this.socket.bufferedAmount > HOLD_ABOVE_BYTES / 2) return
    this.mergeHeld()
    const [update] = this.outgoingHeld
    this.outgoingHeld = []
    this.send(encodeUpdateMessage(update))
  }

  /**
   * Handles one frame; a violation closes this connection and nothing else. An
   * awareness frame (its first byte) spends presence rate before anything of it is
   * decoded: a flood's overflow is dropped for the cost of a comparison, and a
   * flooding socket is no longer read at all (`holdFlooder`).
   */
  receive(data: Uint8Array, admitted = false): void {
    if (this.closed || this.flooding) return
    if (this.held) {
      this.held.push(data)
      return
    }
    if (!admitted && data[0] === MESSAGE.awareness) {
      const admission = this.presence.admit()
      if (admission === 'later') {
        this.deferPresence(data)
        return
      }
      if (admission === 'flood') {
        this.holdFlooder()
        return
      }
    }
    try {
      this.frame = data
      this.dispatch(data)
    } catch (error) {
      if (error instanceof CatchUpFirst) {
        this.catchUpThenRetry(data)
        return
      }
      if (!(error instanceof ProtocolViolation)) throw error
      this.log(`sync ${this.room.id}: closing ${JSON.stringify(this.principal.id)} (${error.code}): ${JSON.stringify(error.message)}`)
      this.close(error.code, error.message)
    }
  }

  /** One awareness update, admitted by the presence rate (`receive`), through the presence gate. */
  private receivePresence(update: Uint8Array): void {
    const verdict = this.presence.filter(update)
    if (verdict.kind === 'drop') return
    if (verdict.kind === 'close') {
      const [code, why] = PRESENCE_CLOSE[verdict.why]
      throw new ProtocolViolation(code, why)
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.room.awareness, verdict.update, this)
    } catch (error) {
      throw new ProtocolViolation(CLOSE_CODES.malformedMessage, `bad awareness update: ${describe(error)}`)
    }
  }

  /**
   * Keeps `frame`, an awareness frame over the rate, as the latest one (only that
   * one, undecoded) and tries it again once the rate allows: presence is a state,
   * and losing the last one would leave others seeing a stale or no cursor for good.
   */
  private deferPresence(frame: Uint8Array): void {
    this.deferredPresence = frame
    if (this.presenceRetry) return
    this.presenceRetry = setTimeout(() => {
      this.presenceRetry = null
      const latest = this.deferredPresence
      this.deferredPresence = null
      if (!latest || this.closed || this.flooding) return
      const admission = this.presence.admit()
      if (admission === 'ok') this.receive(latest, true)
      else if (admission === 'later') this.deferPresence(latest)
      else this.holdFlooder()
    }, PRESENCE_RETRY_MS)
    this.presenceRetry.unref()
  }

  /**
   * A presence flood (PresenceGate.admit): reads nothing more from the socket (the
   * frames already parsed are dropped by `receive`), so the sender's TCP window fills
   * and its sends stop, then closes it with `presenceFlood` after `floodHoldMs`.
   */
  private holdFlooder(): void {
    if (this.flooding || this.closed) return
    this.flooding = true
    this.deferredPresence = null
    this.socket.pause()
    this.log(`sync ${this.room.id}: ${JSON.stringify(this.principal.id)} floods presence; closing it in ${this.floodHoldMs} ms`)
    setTimeout(() => this.close(CLOSE_CODES.presenceFlood, 'too many presence messages'), this.floodHoldMs).unref()
  }

  close(code: CloseCode, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.outgoingHeld = []
    if (this.presenceRetry) clearTimeout(this.presenceRetry)
    // Close reasons are limited to 123 bytes by RFC 6455.
    this.socket.close(code, Buffer.from(reason).subarray(0, 123).toString())
    // A flooder keeps sending until it reads our close frame, and every frame it sent
    // meanwhile would still be parsed: stop reading, and cut the connection once our
    // close frame is out (100 ms: it is a few bytes on an idle outgoing side) instead of
    // waiting up to 30 s for a closing handshake it may never answer. It learns the code
    // from the close frame all the same. (Frames already parsed are dropped by `receive`.)
    if (code === CLOSE_CODES.presenceFlood || code === CLOSE_CODES.updateFlood) {
      this.socket.pause()
      setTimeout(() => this.socket.terminate(), FLOOD_CUTOFF_MS).unref()
    }
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Held unread as a presence flooder until its close (`holdFlooder`): its pongs are not read either. */
  get isHeld(): boolean {
    return this.flooding
  }

  /**
   * Holds this connection's frames, brings the room up to what storage holds, then
   * handles `data` again (a second refusal is final) and the frames held meanwhile.
   */
  private catchUpThenRetry(data: Uint8Array): void {
    this.held = []
    void this.room.catchUpFromStore().then(() => {
      const held = this.held ?? []
      this.held = null
      if (this.closed) return
      this.retrying = true
      try {
        this.receive(data)
      } finally {
        this.retrying = false
      }
      for (const frame of held) this.receive(frame)
    })
  }

  private dispatch(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data)
    const type = readVarUint(decoder)
    switch (type) {
      case MESSAGE.sync:
        this.receiveSync(decoder)
        return
      case MESSAGE.awareness:
        this.receivePresence(readBytes(decoder))
        return
      case MESSAGE.queryAwareness: {
        const states = this.room.awareness.getStates()
        this.send(encodeAwarenessMessage(this.room.awareness, [...states.keys()]))
        return
      }
      case MESSAGE.auth:
        // Clients never send auth messages in y-websocket; ignore rather than guess.
        return
      default:
        throw new ProtocolViolation(CLOSE_CODES.malformedMessage, `unknown message type ${type}`)
    }
  }

  /**
   * Whether fresh structs under `client` in a frame of sync `type` are this connection's
   * own writing, so that it claims `client` (Room.clientOwners). A stock client writes
   * under the id it announces its presence with (y-websocket's awareness id is the
   * doc's client id). What it carries under other ids is relayed: a sync step 2 holds
   * every edit the client has and the server lacks, e.g. after the instance it wrote
   * through was killed, the other writers' last edits that this instance has not heard
   * of yet. Claiming those would refuse their authors (4422, for good) when they
   * reconnect and type. A connection without presence (a script) claims the ids of its
   * live updates, not of its step 2.
   */
  private writesAs(client: number, type: number): boolean {
    const presence = this.room.connections.get(this)
    if (presence && presence.size > 0) return presence.has(client)
    return type === SYNC_MESSAGE.update
  }

  private receiveSync(decoder: decoding.Decoder): void {
    const type = readVarUint(decoder)
    switch (type) {
      case SYNC_MESSAGE.step1: {
        const stateVector = readBytes(decoder)
        let clientHasNothing: boolean
        try {
          clientHasNothing = Y.decodeStateVector(stateVector).size === 0
        } catch (error) {
          throw new ProtocolViolation(CLOSE_CODES.malformedMessage, `bad state vector: ${describe(error)}`)
        }
        // Answered once what is already queued is stored: a joining client's state is durable
        // (peers may get a batch just before its commit: CommitQueue, BroadcastOrder).
        this.queue.whenDurable(() => {
          if (this.closed) return
          if (this.room.isLoaded) {
            this.send(encodeSyncStep2(this.room.missingFor(stateVector)))
            this.sendStep1IfAwaited()
            return
          }
          // Answered from the stored bytes; the doc loads once a burst of joins is through
          // and their states are written (Room.sendingState).
          this.room.loadSoon(LOAD_AFTER_JOIN_MS)
          const written = this.room.sendingState()
          if (clientHasNothing) {
            // A client that had nothing when it asked has nothing we lack (what it
            // writes later comes as updates): our step 1 would only cost us reading
            // the state vector from the stored bytes (~15 ms for 1 MB).
            this.step1Awaited = false
            this.send(encodeSyncStep2(this.room.missingFor(stateVector)), written, written)
          } else {
            // It may hold edits made offline: our step 1, once step 2 is on its way, asks for them.
            this.send(encodeSyncStep2(this.room.missingFor(stateVector)), () => {
              written()
              this.sendStep1IfAwaited()
            }, written)
          }

        })
        return
      }
      case SYNC_MESSAGE.step2:
      case SYNC_MESSAGE.update: {
        const update = readBytes(decoder)
        if (!this.updates.admit(update.length)) {
          throw new ProtocolViolation(CLOSE_CODES.updateFlood, 'too many document updates')
        }
        // What a client with nothing new answers to our step 1: no need to load the doc to know.
        if (isEmptyUpdate(update)) {
          if (type === SYNC_MESSAGE.step2) this.step2Received()
          return
        }
        const { grant } = this
        const verdict = checkUpdate({
          principal: grant.open ? null : { id: grant.principal.id, name: grant.principal.name },
          role: grant.role,
          doc: this.room.doc,
          update,
          clients: { owners: this.room.clientOwners, self: this.key },
        })
        if (!verdict.ok) {
          // It may build on what another instance committed and this one has not heard of
          // yet (that instance died before telling, or the news is on its way): storage
          // has everything committed, so catch up once before refusing.
          if (verdict.reason === 'inconsistent' && !this.retrying) throw new CatchUpFirst()
          if (verdict.reason === 'inconsistent' && type === SYNC_MESSAGE.update && this.step2Pending && this.frame && this.beforeStep2.length < MAX_BEFORE_STEP2) {
            this.beforeStep2.push(this.frame)
            return
          }
          throw new ProtocolViolation(REFUSAL_CLOSE[verdict.reason], `update refused (${verdict.reason}): ${verdict.message}`)
        }
        if (verdict.changes) {
          for (const client of verdict.claims) if (this.writesAs(client, type)) this.room.clientOwners.set(client, this.key)
          if (!this.room.applyUpdate(update, this.origin)) {
            throw new ProtocolViolation(CLOSE_CODES.malformedMessage, 'update cannot be applied')
          }
        }
        if (type === SYNC_MESSAGE.step2) this.step2Received()
        return
      }
      default:
        throw new ProtocolViolation(CLOSE_CODES.malformedMessage, `unknown sync message type ${type}`)
    }
  }
}

/** Updates kept at most while waiting for a client's step 2; one more is refused. */
const MAX_BEFORE_STEP2 = 1000

/** Thrown by `dispatch` for an update that may fit once the room has caught up from storage. */
class CatchUpFirst extends Error {}

function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}

function readVarUint(decoder: decoding.Decoder): number {
  try {
    return decoding.readVarUint(decoder)
  } catch (error) {
    throw new ProtocolViolation(CLOSE_CODES.malformedMessage, `bad varint: ${describe(error)}`)
  }
}

/**
 * A length-prefixed byte array, bounds-checked: lib0 would read past the end of
 * a Buffer that is a view into a larger pooled ArrayBuffer.
 */
function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = readVarUint(decoder)
  if (length > decoder.arr.length - decoder.pos) {
    throw new ProtocolViolation(CLOSE_CODES.malformedMessage, `length ${length} runs past the end of the frame`)
  }
  return decoding.readUint8Array(decoder, length)
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
