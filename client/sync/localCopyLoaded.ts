import type { IndexeddbPersistence } from 'y-indexeddb'

/**
 * How long the socket waits for the local copy at most. The wait only ends this way
 * for an IndexedDB that neither answers nor fails (blocked by another tab, hung):
 * a slow copy is still cheaper to wait for than to have the server's whole state
 * decoded again on top of it, and the text shows from the copy meanwhile. Reading a
 * 4.5 MB copy (5,000 annotations) took ~0.2–0.5 s on a busy machine.
 */
export const LOCAL_COPY_WAIT_MS = 3000

/**
 * Resolves once `persistence` has applied the local copy to its Y.Doc, or when it
 * cannot (the database failed to open: private mode, a broken or blocked database),
 * or after `boundMs`, whichever is first; never rejects. A null copy (no IndexedDB)
 * resolves at once.
 *
 * Why: y-websocket sends sync step 1 with the doc's state vector when the socket
 * opens. Opened before the copy is applied, that vector is empty and the server
 * answers with the whole state (4.5 MB for 5,000 annotations), decoded a second time
 * on top of the copy; opened after, the server sends only what the copy lacks.
 */
export function localCopyLoaded(persistence: IndexeddbPersistence | null, boundMs = LOCAL_COPY_WAIT_MS): Promise<void> {
  if (!persistence) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, boundMs)
    const done = (): void => {
      clearTimeout(timer)
      resolve()
    }
    void persistence.whenSynced.then(done)
    // y-indexeddb's whenSynced never settles when the database fails to open; its open promise rejects.
    persistence._db.catch(done)
  })
}
