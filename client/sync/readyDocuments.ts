import type { DocumentLookup } from '../../doc'
import type { SessionUser } from './documentSession'
import { acquireSession, releaseSession } from './sessionRegistry'

/** How long a document may take to load before it is treated as unavailable (ms). */
const READY_TIMEOUT_MS = 10_000

/**
 * Opens the sessions of documents `ids`, waits until each is ready (or
 * READY_TIMEOUT_MS has passed), runs `fn` with a lookup of the ready ones'
 * Y.Docs (null for the others), and gives the sessions back. For writing a
 * collation whose witnesses lie in other documents: their anchors are made from
 * those documents' Y.Docs.
 */
export async function withReadyDocuments<T>(ids: readonly string[], user: SessionUser, fn: (lookup: DocumentLookup) => T): Promise<T> {
  const unique = [...new Set(ids)]
  const sessions = unique.map((id) => acquireSession(id, user))
  try {
    await Promise.all(sessions.map((session) => new Promise<void>((resolve) => {
      let unsubscribe: (() => void) | null = null
      const timer = setTimeout(done, READY_TIMEOUT_MS)
      function done(): void {
        clearTimeout(timer)
        unsubscribe?.()
        resolve()
      }
      unsubscribe = session.subscribe((status) => {
        if (status.ready) queueMicrotask(done)
      })
    })))
    const ready = new Map(sessions.filter((s) => s.current.ready).map((s) => [s.id, s.ydoc]))
    return fn((id) => ready.get(id) ?? null)
  } finally {
    for (const id of unique) releaseSession(id)
  }
}
