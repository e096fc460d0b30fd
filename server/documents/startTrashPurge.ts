import type { DocumentStore } from '../persistence/DocumentStore'
import type { AccessStore } from '../persistence/AccessStore'
import { TRASH_DAYS } from './DocumentCatalog'

const DAY_MS = 24 * 60 * 60 * 1000

export interface TrashPurgeOptions {
  store: DocumentStore
  access: AccessStore
  /** Drops what the search index holds of a purged document. */
  forgetSearch: (documentId: string) => void
  now: () => number
  log: (line: string) => void
  /** How often to look, ms; default once a day (the trash counts in days). */
  everyMs?: number
}

/**
 * Purges for good, now and then once a day, the documents in the trash for more
 * than TRASH_DAYS (issue 14), on either engine: the store deletes the document's
 * row, snapshot, update log, authorship and versions in one transaction; then its
 * roles, share links and tokens limited to it go, and its search entries. The
 * audit log keeps its record. Failures are logged and tried again at the next
 * round (a purge is idempotent: what is left is found again).
 */
export function startTrashPurge(options: TrashPurgeOptions): { stop(): void; started: Promise<string[]> } {
  const purge = async (): Promise<string[]> => {
    try {
      const ids = await options.store.purgeTrashed(new Date(options.now() - TRASH_DAYS * DAY_MS))
      for (const id of ids) {
        await options.access.forgetDocument(id)
        try {
          options.forgetSearch(id)
        } catch (error) {
          options.log(`trash: could not drop the search entries of ${id}: ${String(error)}`)
        }
      }
      if (ids.length > 0) options.log(`trash: purged ${ids.length} document(s) trashed more than ${TRASH_DAYS} days ago`)
      return ids
    } catch (error) {
      options.log(`trash: purging failed: ${String(error)}`)
      return []
    }
  }
  const first = purge()
  const timer = setInterval(() => void purge(), options.everyMs ?? DAY_MS)
  timer.unref()
  return { stop: () => clearInterval(timer), started: first }
}
