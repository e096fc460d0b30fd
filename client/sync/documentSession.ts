import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { shareToken } from './shareToken'
import { storeReceivedUpdatesAsReceived } from './storeReceivedUpdates'
import { localCopyLoaded } from './localCopyLoaded'
import { IndexeddbPersistence } from 'y-indexeddb'
import type { Awareness } from 'y-protocols/awareness'
import { DOC_MODEL } from '../../doc'
import { readRoleMessage, ROLE_MESSAGE } from '../../doc/access/roleMessage'
import type { DocumentRole } from '../../doc/access/roles'

/** Who is typing: the awareness `user` field y-prosemirror's cursor plugin reads. */
export interface SessionUser {
  name: string
  color: string
}

/** The socket's state as y-websocket reports it. */
export type SocketStatus = 'connecting' | 'connected' | 'disconnected'

/** A snapshot of a session's connection, for the status indicator. */
export interface SessionStatus {
  socket: SocketStatus
  /** The server's state has been received since the last (re)connect. */
  synced: boolean
  /** The local IndexedDB copy has been loaded. */
  localLoaded: boolean
  /** The document has content to show (from the server or the local copy). */
  ready: boolean
}

/**
 * What the server said about this browser's access while the document is open:
 * `role`, its role changed (an owner changed it); `revoked`, the socket was closed
 * for access (4401: role removed, share link revoked, signed out) or for an update
 * the role may not make (4403), after which the role is worth asking again.
 */
export type AccessNotice = { kind: 'role'; role: DocumentRole } | { kind: 'revoked'; code: number }

/** Close codes after which the role is asked again (server/sync/closeCodes.ts: unauthorized, forbidden). */
const ACCESS_CLOSE_CODES = new Set([4401, 4403])

/**
 * One open workspace document: its Y.Doc, the websocket provider that syncs it,
 * and the IndexedDB copy that keeps edits made offline until they reach the
 * server. Several editor panes on the same document share one session.
 */
export class DocumentSession {
  readonly ydoc = new Y.Doc()
  readonly fragment: Y.XmlFragment
  readonly provider: WebsocketProvider
  persistence: IndexeddbPersistence | null
  private status: SessionStatus = { socket: 'connecting', synced: false, localLoaded: false, ready: false }
  private readonly listeners = new Set<(status: SessionStatus) => void>()
  private readonly accessListeners = new Set<(notice: AccessNotice) => void>()

  /**
   * No socket yet: until `loadAfter` has settled and then until the local copy is
   * applied (or failed, or took longer than LOCAL_COPY_WAIT_MS; see the constructor).
   */
  private holding = true
  private destroyed = false
  private readonly stopStoringAsReceived: () => void

  /**
   * `loadAfter`: the socket is opened and the local copy read only once it settles.
   * Applying a book-length state takes the main thread for a second or more, so an
   * editor pane first fetches and paints the document's opening paragraphs, then lets
   * the state in (client/composables/useOpeningPreview.ts, issue #21).
   */
  constructor(readonly id: string, user: SessionUser, wsOrigin: string, loadAfter?: Promise<unknown>) {
    this.fragment = this.ydoc.getXmlFragment(DOC_MODEL.fragment)
    // A share link's guest joins with its token; a signed-in account with its cookie, sent by the browser.
    const token = shareToken()
    // Connected once the local copy is in (below), so sync step 1 carries its state vector.
    this.provider = new WebsocketProvider(`${wsOrigin}/sync`, id, this.ydoc, { connect: false, params: { user: user.name, ...(token ? { token } : {}) } })
    this.awareness.setLocalStateField('user', { ...user })
    this.provider.on('status', ({ status }) => this.update({ socket: status }))
    this.provider.on('sync', (synced: boolean) => this.update({ synced }))
    this.listenForAccess()
    // The server's state is applied without a second encoding (5,000 annotations: 0.2–0.5 s of load).
    this.stopStoringAsReceived = storeReceivedUpdatesAsReceived(this.provider, () => this.persistence)
    this.fragment.observe(() => this.update({}))
    const openLocalCopy = (): IndexeddbPersistence | null => {
      // Named per document so two documents never share a local store.
      const persistence = typeof indexedDB === 'undefined' ? null : new IndexeddbPersistence(`variorum:${id}`, this.ydoc)
      if (persistence) void persistence.whenSynced.then(() => this.update({ localLoaded: true }))
      else this.update({ localLoaded: true })
      return persistence
    }
    this.persistence = null
    // The socket opens only after the local copy is applied: opened beside it, its sync
    // step 1 carried an empty state vector and a returning visitor was sent the whole
    // state (4.5 MB with 5,000 annotations) to decode on top of the copy. The wait is
    // bounded (localCopyLoaded) so a slow or broken IndexedDB never keeps the user offline.
    const release = (): void => {
      // Called once: at once without `loadAfter`, else by whichever way it settles.
      if (this.destroyed) return
      const persistence = openLocalCopy()
      this.persistence = persistence
      void localCopyLoaded(persistence).then(() => {
        if (this.destroyed || !this.holding) return
        this.holding = false
        if (typeof navigator === 'undefined' || navigator.onLine !== false) this.provider.connect()
      })
    }
    if (!loadAfter) release()
    else void loadAfter.then(release, release)
    // A socket whose network vanished can look open for up to y-websocket's
    // 30 s message timeout; the browser knows sooner. Going offline closes the
    // socket at once (edits then only reach IndexedDB), coming back reconnects.
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', this.onOffline)
      window.addEventListener('online', this.onOnline)
      if (navigator.onLine === false) this.provider.disconnect()
    }
  }

  private readonly onOffline = (): void => this.provider.disconnect()
  private readonly onOnline = (): void => {
    if (!this.holding) this.provider.connect()
  }

  get awareness(): Awareness {
    return this.provider.awareness
  }

  get current(): SessionStatus {
    return this.status
  }

  /** Calls `listener` now and on every status change; returns the unsubscribe. */
  subscribe(listener: (status: SessionStatus) => void): () => void {
    this.listeners.add(listener)
    listener(this.status)
    return () => this.listeners.delete(listener)
  }

  /** Calls `listener` on every access notice from the server; returns the unsubscribe. */
  onAccess(listener: (notice: AccessNotice) => void): () => void {
    this.accessListeners.add(listener)
    return () => this.accessListeners.delete(listener)
  }

  /**
   * Hears the server's role messages (doc/access/roleMessage: an auth frame that
   * y-protocols' own reader ignores, which still handles every other auth frame)
   * and the closes that concern access.
   */
  private listenForAccess(): void {
    const handlers = this.provider.messageHandlers
    const stock = handlers[ROLE_MESSAGE.type]
    handlers[ROLE_MESSAGE.type] = (encoder, decoder, provider, emitSynced, messageType) => {
      const role = readRoleMessage(decoder)
      if (role) this.tell({ kind: 'role', role })
      else stock(encoder, decoder, provider, emitSynced, messageType)
    }
    this.provider.on('connection-close', (event) => {
      if (event && ACCESS_CLOSE_CODES.has(event.code)) this.tell({ kind: 'revoked', code: event.code })
    })
  }

  private tell(notice: AccessNotice): void {
    for (const listener of this.accessListeners) listener(notice)
  }

  /** Changes the name and colour others see on this client's cursor and in their presence bar. */
  setUser(user: SessionUser): void {
    this.awareness.setLocalStateField('user', { ...user })
  }

  destroy(): void {
    if (typeof window !== 'undefined') {
      window.removeEventListener('offline', this.onOffline)
      window.removeEventListener('online', this.onOnline)
    }
    this.destroyed = true
    this.listeners.clear()
    this.accessListeners.clear()
    this.stopStoringAsReceived()
    this.provider.destroy()
    void this.persistence?.destroy()
    this.ydoc.destroy()
  }

  private update(change: Partial<SessionStatus>): void {
    const next = { ...this.status, ...change }
    // Editable once there is something to edit: the server's state, or a local
    // copy from an earlier visit (offline start). Before that an editor would
    // show an empty paragraph, and typing there would write a second copy of
    // the text beside the one the server seeded.
    next.ready = next.ready || next.synced || (next.localLoaded && this.fragment.length > 0)
    const changed = (Object.keys(next) as (keyof SessionStatus)[]).some((key) => next[key] !== this.status[key])
    this.status = next
    if (changed) for (const listener of this.listeners) listener(next)
  }
}
