import * as Y from 'yjs'
import { STORAGE_ORIGIN } from '../sync/origins'

/**
 * Runs `fn` on a Y.Doc built from `stored` (a document's state as the store
 * fetched it), and destroys it afterwards; null when nothing is stored. For
 * reading a document that is not loaded in a room (the sync server, the CLI).
 */
export function readStoredDocument<T>(stored: Uint8Array | null, fn: (doc: Y.Doc) => T): T | null {
  if (!stored) return null
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, stored, STORAGE_ORIGIN)
    return fn(doc)
  } finally {
    doc.destroy()
  }
}
