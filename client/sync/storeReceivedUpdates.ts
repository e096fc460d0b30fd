import type * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import type { IndexeddbPersistence } from 'y-indexeddb'

/** y-websocket's message type of sync messages (step 1, step 2, update). */
const MESSAGE_SYNC = 0

/**
 * What a provider's session tells the sync handler: the local copy to store the
 * server's updates in (null until it is opened, or without IndexedDB).
 */
type LocalCopyOf = () => IndexeddbPersistence | null

/** Runs `write` later: in idle time in the browser (whenIdle); tests pass their own. */
export type WriteLater = (write: () => void) => void

interface Session {
  localCopy: LocalCopyOf
  later: WriteLater
}

const sessions = new WeakMap<WebsocketProvider, Session>()

/**
 * Applies the updates the server sends to `provider` without Yjs encoding them
 * again, and stores the bytes as received in the local copy.
 *
 * Why (issue #20): Yjs encodes every transaction once more for its `update`
 * listeners. The two listening here are y-websocket's, which ignores what came
 * from its own socket, and y-indexeddb's, which stores it. For the first sync of
 * a document with 5,000 annotations (5.3 MB, 82,000 structs) that second
 * encoding took 220–500 ms of the editor's load (CPU profile of the annotation
 * bench), to make bytes equal to those just received. So while the server's
 * update is applied those two listeners are off, for that one transaction only:
 * they are back before any transaction an observer starts meanwhile is
 * encoded (its changes are sent and stored as ever), and the local copy then
 * stores the received bytes (the same structs; any already known or still
 * pending replay alike when the copy is read).
 *
 * The first of those writes to a local copy (the whole document, 4.5 MB with
 * 5,000 annotations) is made `later` (whenIdle): y-indexeddb's `add` of it took
 * 50–120 ms of the sync task. Until then every row the local copy would have
 * stored meanwhile (the user's typing, an observer's reply, further server
 * updates) waits in memory behind it and is written after it, in order: the
 * copy ends up with the same rows in the same order as without the wait. They
 * are written at once should the page be hidden or closed, or the session
 * stopped (the returned function; DocumentSession.destroy calls it before
 * closing the copy).
 */
export function storeReceivedUpdatesAsReceived(provider: WebsocketProvider, localCopy: LocalCopyOf, later: WriteLater = whenIdle): () => void {
  installHandler(provider)
  sessions.set(provider, { localCopy, later })
  return () => {
    const persistence = localCopy()
    if (persistence) waiting.get(persistence)?.flush()
    sessions.delete(provider)
  }
}

/** Within 1 s at the latest: the tab may be closed or go offline soon after opening. */
const IDLE_TIMEOUT_MS = 1000

/** The browser's next idle period (or a timer where there is none, as in Node). */
export function whenIdle(write: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(write, { timeout: IDLE_TIMEOUT_MS })
  else setTimeout(write, 0)
}

/** The local copies whose first write is waiting, with the rows queued behind it. */
const waiting = new WeakMap<IndexeddbPersistence, LocalCopyQueue>()
/** The local copies whose first write has been made or is waiting. */
const started = new WeakSet<IndexeddbPersistence>()

/**
 * The rows of one local copy while its first write waits. `listener` stands on the
 * doc's `update` event in place of y-indexeddb's own until `flush`, which writes
 * the rows in order through y-indexeddb and puts its listener back.
 */
class LocalCopyQueue {
  private readonly rows: [Uint8Array, unknown][]
  private done = false

  constructor(private readonly doc: Y.Doc, private readonly persistence: IndexeddbPersistence, first: [Uint8Array, unknown]) {
    this.rows = [first]
    waiting.set(persistence, this)
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.flush)
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility)
  }

  readonly listener: UpdateListener = (update, origin) => {
    this.rows.push([update, origin])
  }

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.flush()
  }

  readonly flush = (): void => {
    if (this.done) return
    this.done = true
    waiting.delete(this.persistence)
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.flush)
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility)
    this.doc.off('update', this.listener)
    // A copy closed meanwhile (y-indexeddb's destroy took its listener off) is left closed.
    if (this.persistence._destroyed) return
    for (const [update, origin] of this.rows) this.persistence._storeUpdate(update, origin)
    this.doc.on('update', this.persistence._storeUpdate)
  }
}

/**
 * y-websocket's message handlers are one array shared by every provider: the
 * handler is wrapped once, and sessions not registered above take the stock path.
 */
const wrapped = new WeakSet<object>()

function installHandler(provider: WebsocketProvider): void {
  const handlers = provider.messageHandlers
  if (wrapped.has(handlers)) return
  wrapped.add(handlers)
  const stock = handlers[MESSAGE_SYNC]
  handlers[MESSAGE_SYNC] = (encoder, decoder, from, emitSynced, messageType) => {
    const session = sessions.get(from)
    if (!session) {
      stock(encoder, decoder, from, emitSynced, messageType)
      return
    }
    const peek = decoding.clone(decoder)
    const syncType = decoding.readVarUint(peek)
    if (syncType !== messageYjsSyncStep2 && syncType !== messageYjsUpdate) {
      stock(encoder, decoder, from, emitSynced, messageType)
      return
    }
    const update = decoding.readVarUint8Array(peek)
    const persistence = session.localCopy()
    const queue = persistence ? waiting.get(persistence) : undefined
    const writer = queue?.listener ?? persistence?._storeUpdate
    const listeners = [from._updateHandler, ...(writer ? [writer] : [])]
    let first: LocalCopyQueue | null = null
    applyWithoutReencoding(from.doc, from, listeners, () => stock(encoder, decoder, from, emitSynced, messageType), () => {
      // Stored as y-indexeddb stores any update not its own (origin `from`, not the
      // persistence), before what observers wrote in reply, as Yjs would have ordered them.
      if (!persistence || !writer) return listeners
      if (queue || started.has(persistence)) {
        writer(update, from)
        return listeners
      }
      started.add(persistence)
      first = new LocalCopyQueue(from.doc, persistence, [update, from])
      // The queue takes y-indexeddb's place on the doc from this transaction on.
      return [from._updateHandler, first.listener]
    })
    // Asked only now that the listeners are back: a `later` that writes at once finds them in place.
    if (first) session.later((first as LocalCopyQueue).flush)
  }
}

type UpdateListener = (update: Uint8Array, origin: unknown) => void

/**
 * Runs `apply`, which applies an update with origin `origin` in one transaction,
 * with `listeners` off the doc's `update` event for that transaction only, and
 * calls `applied` where they would have been called, if it changed the document;
 * the listeners `applied` returns are the ones put back.
 */
function applyWithoutReencoding(doc: Y.Doc, origin: unknown, listeners: UpdateListener[], apply: () => void, applied: () => UpdateListener[]): void {
  let seen = false
  let detached = false
  let back = listeners
  const attach = () => {
    if (!detached) return
    detached = false
    for (const listener of back) doc.on('update', listener)
  }
  // Emitted after a transaction's observers and right before Yjs encodes it for `update`.
  const onCleanup = (transaction: Y.Transaction) => {
    if (detached) {
      attach()
    } else if (!seen && transaction.origin === origin) {
      seen = true
      detached = true
      for (const listener of listeners) doc.off('update', listener)
      if (changedDocument(transaction)) back = applied()
    }
  }
  doc.on('afterTransactionCleanup', onCleanup)
  try {
    apply()
  } finally {
    doc.off('afterTransactionCleanup', onCleanup)
    attach()
  }
}

function changedDocument(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true
  return false
}
