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

const sessions = new WeakMap<WebsocketProvider, LocalCopyOf>()

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
 */
export function storeReceivedUpdatesAsReceived(provider: WebsocketProvider, localCopy: LocalCopyOf): () => void {
  installHandler(provider)
  sessions.set(provider, localCopy)
  return () => sessions.delete(provider)
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
    const localCopy = sessions.get(from)
    if (!localCopy) {
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
    const persistence = localCopy()
    applyWithoutReencoding(from.doc, from, [from._updateHandler, ...(persistence ? [persistence._storeUpdate] : [])], () => stock(encoder, decoder, from, emitSynced, messageType), () => {
      // Stored as y-indexeddb stores any update not its own (origin `from`, not the
      // persistence), before what observers wrote in reply, as Yjs would have ordered them.
      persistence?._storeUpdate(update, from)
    })
  }
}

type UpdateListener = (update: Uint8Array, origin: unknown) => void

/**
 * Runs `apply`, which applies an update with origin `origin` in one transaction,
 * with `listeners` off the doc's `update` event for that transaction only, and
 * calls `applied` where they would have been called, if it changed the document.
 */
function applyWithoutReencoding(doc: Y.Doc, origin: unknown, listeners: UpdateListener[], apply: () => void, applied: () => void): void {
  let seen = false
  let detached = false
  const attach = () => {
    if (!detached) return
    detached = false
    for (const listener of listeners) doc.on('update', listener)
  }
  // Emitted after a transaction's observers and right before Yjs encodes it for `update`.
  const onCleanup = (transaction: Y.Transaction) => {
    if (detached) {
      attach()
    } else if (!seen && transaction.origin === origin) {
      seen = true
      detached = true
      for (const listener of listeners) doc.off('update', listener)
      if (changedDocument(transaction)) applied()
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
