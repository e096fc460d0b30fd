import { setLocalAuthorId } from '../../doc'
import { DocumentSession, type SessionUser } from './documentSession'

/**
 * One session per open document, shared by every pane showing it, so that two
 * panes on the same document edit one Y.Doc over one socket. Reference-counted:
 * the last release closes the socket and the local store.
 */
const sessions = new Map<string, { session: DocumentSession; holders: number }>()

/** The principal id every open document writes as (null: open mode, or not known yet). */
let authorId: string | null = null

/** The websocket origin of the page's own server (ws: or wss: like the page). */
export function pageWebsocketOrigin(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`
}

/**
 * The session of document `id`, opened on first use. Pair every call with releaseSession.
 * `loadAfter` (called only when this call opens it): the state is loaded once its promise settles
 * (DocumentSession's constructor).
 */
export function acquireSession(id: string, user: SessionUser, loadAfter?: () => Promise<unknown>): DocumentSession {
  let entry = sessions.get(id)
  if (!entry) {
    entry = { session: new DocumentSession(id, user, pageWebsocketOrigin(), loadAfter?.()), holders: 0 }
    setLocalAuthorId(entry.session.ydoc, authorId)
    sessions.set(id, entry)
  }
  entry.holders++
  return entry.session
}

/** Gives back one hold on document `id`'s session; closes it when nobody holds it. */
export function releaseSession(id: string): void {
  const entry = sessions.get(id)
  if (!entry) return
  entry.holders--
  if (entry.holders <= 0) {
    sessions.delete(id)
    entry.session.destroy()
  }
}

/** Updates the user shown by every open session (after the identity dialog). */
export function setUserEverywhere(user: SessionUser): void {
  for (const { session } of sessions.values()) session.setUser(user)
}

/**
 * Makes every open and later document write annotations and comments as principal
 * `id` (the signed-in account's id, or a share link's `share:<id>`), as the server
 * requires once accounts exist (doc/access/checkUpdate); null in open mode.
 */
export function setAuthorEverywhere(id: string | null): void {
  authorId = id
  for (const { session } of sessions.values()) setLocalAuthorId(session.ydoc, id)
}
