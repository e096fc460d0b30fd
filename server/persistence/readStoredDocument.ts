import * as Y from 'yjs'
import { STORAGE_ORIGIN } from '../sync/origins'
import type { DocumentPersistence } from './DocumentPersistence'

/**
 * Runs `fn` on a Y.Doc built from what storage holds for `documentId`, and
 * destroys it afterwards; null when nothing is stored. For reading a document
 * that is not loaded in a room (the sync server, the CLI).
 */
export function readStoredDocument<T>(persistence: DocumentPersistence, documentId: string, fn: (doc: Y.Doc) => T): T | null {
  const stored = persistence.fetch(documentId)
  if (!stored) return null
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, stored, STORAGE_ORIGIN)
    return fn(doc)
  } finally {
    doc.destroy()
  }
}
