import type { IndexeddbPersistence } from 'y-indexeddb'

/**
 * How long the socket waits for the local copy: a copy that takes longer (a slow or
 * very large IndexedDB) is joined by the server's whole state as before, rather than
 * keeping the user offline. Reading a 4.5 MB copy (5,000 annotations) takes ~0.2–0.5 s
 * on a busy machine; a copy slower than 1 s costs less to fetch again than to wait for.
 */
export const LOCAL_COPY_WAIT_MS = 1000

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
