import type * as Y from 'yjs'
import { ApiError } from '../errors'
import type { HistoryStore } from '../persistence/HistoryStore'

/**
 * Parses a version id as it arrives in a URL or on the command line: a positive
 * integer. Throws ApiError `version-not-found` for anything else.
 */
export function parseVersionId(raw: string): number {
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(id)) throw new ApiError('version-not-found', `no version ${JSON.stringify(raw)}`)
  return id
}

/**
 * Runs `fn` on a Y.Doc rebuilt from the document's checkpoint `versionId`,
 * destroyed afterwards. Throws ApiError `version-not-found` when the document
 * has no such version.
 */
export async function readVersion<T>(store: HistoryStore, documentId: string, versionId: number, fn: (doc: Y.Doc) => T): Promise<T> {
  const doc = await store.docAt(documentId, versionId)
  if (!doc) throw new ApiError('version-not-found', `document '${documentId}' has no version ${versionId}`)
  try {
    return fn(doc)
  } finally {
    doc.destroy()
  }
}
