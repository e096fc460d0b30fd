import type { VersionSummary } from '../../core/api'
import { projectDocument } from '../../doc'
import type { HistoryStore } from '../persistence/HistoryStore'
import { readVersion } from './readVersion'

/**
 * Versions rebuilt at most while looking for a text: rebuilding a 1 MB version
 * costs ~50 ms, so 20 bound an upload's extra wait to about a second.
 */
const MAX_REBUILDS = 20

/** The newest of the document's latest MAX_REBUILDS versions whose plain text `matches`, else null. */
export async function findVersionWithText(store: HistoryStore, documentId: string, matches: (text: string) => boolean): Promise<VersionSummary | null> {
  for (const version of (await store.versions(documentId)).slice(0, MAX_REBUILDS)) {
    if (matches(await readVersion(store, documentId, version.id, projectDocument))) return version
  }
  return null
}
